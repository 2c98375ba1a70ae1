"""Several kecamatan with a year of every kind of record the calculators count, for comparing the
batch form of a calculator with its per-kecamatan form (and for measuring a recompute)."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import Visit
from sitrantib.fieldwork.services import incidents
from sitrantib.fieldwork.tests.factories import incident_input
from sitrantib.indicators.calculators import KAK_DEFAULTS
from sitrantib.indicators.tests.factories import make_definition, wib
from sitrantib.meetings.enums import ActionStatus, EvidenceKind
from sitrantib.meetings.models import ActionItem, Evidence, Meeting, MeetingKind
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.regions.models import District, Village
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.services import Submission, submit_response
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.testing.factories import make_institution, make_user
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.models import Enrolment, Training
from sitrantib.trainings.tests.factories import kind, make_members
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import DocumentType, Obligation

YEAR = 2025


def kecamatan_codes(count: int) -> list[str]:
    """Codes of `count` kecamatan in two kabupaten (none is the `world` fixture's)."""
    return [f"35.{8 + n % 2:02d}.{10 + n // 2:02d}" for n in range(count)]


def make_kecamatan(world: Any, code: str, seed: int, *, desa: int = 6) -> District:
    """A kecamatan with `desa` desa and a year of records whose mix depends on `seed`: visits of
    every kind (some rawan, one at the last minutes of a quarter), incidents, meetings with
    items (done with and without evidence, cancelled, open, carried over from the year before),
    a survey with answers, trainings with enrolments, document obligations; and the nine KAK
    indicator definitions."""
    district = make_region_tree(
        district_code=code,
        villages=[(f"{code}.20{n:02d}", f"Desa {code} {n:02d}") for n in range(1, desa + 1)],
    )
    villages = list(Village.objects.filter(district=district).order_by("code"))
    polsek = make_institution(district=district, kind="polsek", name=f"Polsek {code}")
    kinds = [VisitKind.MONITORING, VisitKind.ACCOMPANIMENT]
    visits = []
    for n, village in enumerate(villages):
        for k in range((seed + n) % 4):
            month = 1 + (seed * 5 + n * 3 + k * 4) % 12
            situation = Situation.RAWAN if (seed + n + k) % 5 == 0 else Situation.KONDUSIF
            visits.append(
                Visit(
                    district=district,
                    village=village,
                    kind=kinds[(n + k) % 2],
                    visited_at=wib(dt.date(YEAR, month, 1 + (seed + k) % 27)),
                    situation=situation,
                    situation_reason="" if situation == Situation.KONDUSIF else "Keributan",
                )
            )
    visits.append(
        Visit(
            district=district,
            village=villages[0],
            kind=VisitKind.ACCOMPANIMENT,
            visited_at=timezone.make_aware(dt.datetime(YEAR, 3, 31, 23, 30)),
            situation=Situation.KONDUSIF,
        )
    )
    Visit.objects.bulk_create(visits)
    admin = make_user(role=Role.TRANTIB_ADMIN, district=district, username=f"admin{code}")
    for n in range(seed % 3):
        incidents.create_incident(
            village=villages[n % len(villages)],
            data=incident_input(when=wib(dt.date(YEAR, 2 + n * 4, 10))),
            actor=admin,
            client_id=uuid.uuid4(),
        )
    rapat = MeetingKind.objects.get_or_create(
        code="rapat_koordinasi", defaults={"name": "Rapat koordinasi"}
    )[0]
    statuses = [ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.CANCELLED, ActionStatus.DONE]
    for month in range(1, 13, 1 + seed % 3):
        meeting = Meeting.objects.create(
            district=district,
            kind=rapat,
            title=f"Rapat {code} {month}",
            starts_at=wib(dt.date(YEAR, month, 5)),
            venue="Pendopo",
            minutes_summary="Notulen" if (month + seed) % 3 else "",
        )
        for k in range(2):
            status = statuses[(month + k + seed) % 4]
            row = ActionItem.objects.create(
                district=district,
                meeting=meeting,
                description=f"Tindak lanjut {month}-{k}",
                owner_institution=polsek,
                due_date=dt.date(YEAR, month, 20) if k == 0 else dt.date(YEAR - 1, 12, 15),
                status=status,
                cancel_reason="Tidak relevan" if status == ActionStatus.CANCELLED else "",
            )
            if status == ActionStatus.DONE and (month + k) % 2:
                Evidence.objects.create(item=row, kind=EvidenceKind.NOTE, note="Selesai")
    survey = make_period(
        world,
        district=district,
        title=f"SKM {code}",
        period_start=dt.date(YEAR, 1 + seed % 6, 1),
        period_end=dt.date(YEAR, 3 + seed % 6, 28),
    )
    for n in range(3 + seed % 3):
        body = payload(2 + (seed + n) % 3)
        submit_response(
            period=survey,
            submission=Submission(
                client_id=uuid.UUID(body["client_id"]),
                answers=body["answers"],
                respondent=body["respondent"],
            ),
        )
    if seed % 2:
        SurveyPeriod.objects.filter(pk=survey.pk).update(status=PeriodStatus.CLOSED)
    members = make_members(villages[0], 5)
    for n, (ends, status) in enumerate(
        [
            (dt.date(YEAR, 1 + seed % 12, 15), TrainingStatus.FINISHED),
            (dt.date(YEAR, 6, 30), TrainingStatus.REPORTED),
            (dt.date(YEAR, 9, 1), TrainingStatus.RUNNING),
        ][: 1 + seed % 3]
    ):
        training = Training.objects.create(
            district=district,
            kind=kind(),
            title=f"Pelatihan {code} {n}",
            starts_on=ends - dt.timedelta(days=2),
            ends_on=ends,
            venue="Aula",
            capacity=100,
            status=status,
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(training=training, member=m, village=m.village, completed=i != n)
                for i, m in enumerate(members[n : n + 3])
            ]
        )
    counted = list(
        DocumentType.objects.filter(district=None, counts_for_indicator=True).order_by("pk")[:2]
    )
    for n, village in enumerate(villages):
        for t, doc in enumerate(counted):
            due = dt.date(YEAR, 1 + (seed + n + 4 * t) % 12, 28)
            on_time = (seed + n + t) % 3 != 0
            Obligation.objects.create(
                document_type=doc,
                district=district,
                village=village,
                period_key=f"{due.year}-{due.month:02d}",
                year=due.year,
                due_date=due,
                status=ObligationStatus.ACCEPTED if (n + t) % 4 else ObligationStatus.OPEN,
                on_time=on_time if (n + t) % 4 else None,
            )
    for _name, calculator in KAK_DEFAULTS:
        make_definition(district, calculator, year=YEAR)
    return district


def make_kecamatan_set(world: Any, count: int) -> list[str]:
    codes = kecamatan_codes(count)
    for seed, code in enumerate(codes):
        make_kecamatan(world, code, seed)
    return codes
