"""LINMAS data for `manage.py bench_linmas`: a desa with N members and an administrator.

Kept apart from the test helpers, which production code never imports.
"""

import datetime as dt

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import new_verification_code
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.regions.models import StatisticSource, VillageStatistic


def make_bench_register(*, members: int) -> User:
    """Kecamatan 35.08.07 with one desa (33 RT) holding `members` members; returns its Trantib
    admin."""
    district = make_region_tree(district_code="35.08.07", villages=[("35.08.07.2001", "Darungan")])
    village = district.villages.get(code="35.08.07.2001")
    # Darungan's 33 RT (KAK 2019): the readiness page weighs the members against a known need.
    source, _created = StatisticSource.objects.get_or_create(title="Bench: KAK Yosowilangun 2019")
    VillageStatistic.objects.create(village=village, year=2019, source=source, rt_count=33)
    rows = []
    for i in range(members):
        born = dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28)
        nik = f"350807{born:%d%m%y}{i + 1:04d}"
        rows.append(
            Member(
                nik=nik,
                name=f"Anggota Bench {i:04d}",
                sex="L",
                birth_place="Lumajang",
                birth_date=born,
                village=village,
                verification_code=new_verification_code(),
            )
        )
    Member.objects.bulk_create(rows)
    user = User(username="bench-linmas", role=Role.TRANTIB_ADMIN, district=district, is_active=True)
    user.save()
    return user


def import_workbook(rows: int, *, phone: str = "081200000000") -> bytes:
    """An import file of `rows` (up to 20,000) valid members of kecamatan 35.08.07, written in
    write-only mode. Serials 1000-9998 keep the NIKs apart from the bench register's (< 1000)."""
    import io

    from openpyxl import Workbook

    from sitrantib.linmas.imports import MEMBERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(MEMBERS.sheet_title)
    sheet.append([c.label for c in MEMBERS.columns])
    for i in range(rows):
        born = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        sex = "LP"[i % 2]
        day = born.day + (40 if sex == "P" else 0)
        nik = f"350807{day:02d}{born:%m%y}{1000 + i % 8999:04d}"
        sheet.append(
            [
                nik, f"Impor {i:05d}", sex, "Lumajang", born.strftime("%d-%m-%Y"), "Jl. Desa",
                "001", "002", phone, "slta", "kawin", "Petani", "anggota", "", "", "", "",
            ]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
