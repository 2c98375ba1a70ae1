"""LINMAS data for `manage.py bench_linmas`: a desa with N members and an administrator.

Kept apart from the test helpers, which production code never imports.
"""

import datetime as dt

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import new_verification_code
from sitrantib.regions.benchdata import make_region_tree


def make_bench_register(*, members: int) -> User:
    """Kecamatan 35.08.07 with one desa holding `members` members; returns its Trantib admin."""
    district = make_region_tree(district_code="35.08.07", villages=[("35.08.07.2001", "Darungan")])
    village = district.villages.order_by("code").first()
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
