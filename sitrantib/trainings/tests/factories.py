"""Records for the trainings tests, made in bulk (a training of 180 needs 180 members)."""

import datetime as dt
import itertools
import secrets
from decimal import Decimal
from typing import Any

from sitrantib.linmas.models import Member
from sitrantib.trainings import services
from sitrantib.trainings.models import Instructor, Training, TrainingKind, TrainingSession

_SERIALS = itertools.count(1)


def make_members(village: Any, count: int, **overrides: Any) -> list[Member]:
    """`count` active members of one desa, with valid distinct NIKs (one insert)."""
    born = dt.date(1990, 8, 17)
    prefix = village.code.replace(".", "")[:6]
    first = next(_SERIALS)
    for _ in range(count - 1):
        next(_SERIALS)
    rows = [
        Member(
            nik=f"{prefix}{born:%d%m%y}{serial:04d}",
            name=f"Anggota {village.name} {serial:04d}",
            sex="L",
            birth_place="Lumajang",
            birth_date=born,
            village=village,
            verification_code=secrets.token_hex(8),
            **overrides,
        )
        for serial in range(first, first + count)
    ]
    return Member.objects.bulk_create(rows)


def kind(code: str = "dasar") -> TrainingKind:
    """A seeded kind; a transactional test before this one may have emptied the seeded rows."""
    names = {"dasar": "Pelatihan Dasar", "teknis": "Pelatihan Teknis", "penyegaran": "Penyegaran"}
    found, _created = TrainingKind.objects.get_or_create(
        code=code, defaults={"name": names.get(code, code)}
    )
    return found


def make_training(world: Any, *, actor: Any = None, **overrides: Any) -> Training:
    data: dict[str, Any] = {
        "title": "Pelatihan Dasar LINMAS 2026",
        "kind": kind(),
        "starts_on": dt.date(2026, 3, 10),
        "ends_on": dt.date(2026, 3, 12),
        "venue": "Kantor Kecamatan Yosowilangun dan lapangan",
        "capacity": 180,
        "transport_per_day": Decimal(50000),
    }
    data.update(overrides)
    return services.create_training(district=world.district, data=data, actor=actor or world.admin)


def make_instructor(world: Any, *, name: str = "AIPTU Sugeng", **overrides: Any) -> Instructor:
    data: dict[str, Any] = {
        "institution": world.polsek,
        "name": name,
        "rank": "Aipda",
        "id_number": "78010123",
        "phone": "081200000001",
        "topics": "Deteksi dini gangguan kamtibmas",
        "tax_percent": Decimal(5),
    }
    data.update(overrides)
    return services.create_instructor(district=world.district, data=data, actor=world.admin)


def make_sessions(
    world: Any, training: Training, count: int = 3, **overrides: Any
) -> list[TrainingSession]:
    sessions = []
    for index in range(count):
        data: dict[str, Any] = {
            "date": training.starts_on
            + dt.timedelta(days=min(index, (training.ends_on - training.starts_on).days)),
            "start_time": dt.time(8 + index % 3 * 3, 0),
            "end_time": dt.time(10 + index % 3 * 3, 0),
            "topic": f"Materi {index + 1}",
            "place": "Aula Kecamatan",
        }
        data.update(overrides)
        sessions.append(services.add_session(training=training, data=data, actor=world.admin))
    return sessions


def run_training(world: Any, training: Training) -> Training:
    """Open and start a training (it needs sessions)."""
    for status in ("open", "running"):
        training = services.transition_training(
            training=training, to_status=status, actor=world.admin
        )
    return training
