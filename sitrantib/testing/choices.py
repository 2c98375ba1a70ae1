"""The choice-list sweep (issue 16, part A point 2; docs/adr/0111): a wide world and a count of
the options of every choice list on a page.

`build_wide_world(world)` adds, with bulk inserts, enough places and records around the `world`
fixture that any `<select>` or `<datalist>` listing every desa, kecamatan, kabupaten, squad,
member, meeting, institution or institution person a national or regency user reads would hold
more than `MAX_OPTIONS` options:

- the kabupaten of `world.district` (35.08, `world.regency_admin`'s) gets `WIDE_DISTRICTS`
  more kecamatan of `VILLAGES_PER_DISTRICT` desa each (400 desa), each desa a squad and a member,
  each kecamatan `RECORDS_PER_DISTRICT` institutions (each with one person) and meetings;
- `OTHER_REGENCIES` more kabupaten in other provinces, each with one kecamatan of one desa, so
  the country has more than `MAX_OPTIONS` kabupaten and kecamatan (the real one: 514 and 7,277).

`oversized_choice_lists(html)` names each list of a page with more than `MAX_OPTIONS` options.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

# A choice list holds at most this many options (the empty "— pilih —" option included).
MAX_OPTIONS = 300

WIDE_REGENCY = "35.08"
WIDE_DISTRICTS = 20
VILLAGES_PER_DISTRICT = 20
RECORDS_PER_DISTRICT = 20
OTHER_REGENCIES = 310


@dataclass(frozen=True)
class WideWorld:
    """What `build_wide_world` added (counts, for the test's report and its own checks)."""

    villages: int
    districts: int
    regencies: int
    squads: int
    members: int
    meetings: int
    institutions: int


def build_wide_world(world: Any) -> WideWorld:
    """Bulk-insert the wide world around `world` (a few dozen queries, about a second)."""
    from django.utils import timezone

    from sitrantib.linmas.models import Member, Squad
    from sitrantib.linmas.services import new_verification_code
    from sitrantib.meetings.models import Meeting, MeetingKind
    from sitrantib.meetings.models.people import InstitutionPerson
    from sitrantib.regions.models import (
        District,
        Institution,
        OfficeProfile,
        Province,
        Regency,
        Village,
    )

    regency = Regency.objects.get(code=WIDE_REGENCY)
    districts = [
        District(
            code=f"{WIDE_REGENCY}.{50 + d:02d}", name=f"Kecamatan Luas {d:02d}", regency=regency
        )
        for d in range(WIDE_DISTRICTS)
    ]
    District.objects.bulk_create(districts)
    villages = [
        Village(
            code=f"{district.code}.{2001 + v}",
            name=f"Desa {district.name[-2:]}-{v:02d}",
            district=district,
            kind="desa",
        )
        for district in districts
        for v in range(VILLAGES_PER_DISTRICT)
    ]
    Village.objects.bulk_create(villages)
    # Their offices: the kecamatan take citizen reports (the moderation queue lists their desa).
    OfficeProfile.objects.bulk_create(
        OfficeProfile(
            district=district,
            government_line="PEMERINTAH KABUPATEN LUMAJANG",
            office_line=district.name.upper(),
            address="Jl. Raya 1",
            town="LUMAJANG",
            postcode="67300",
            letter_place="Lumajang",
        )
        for district in districts
    )

    # Other kabupaten: provinces 11.. with up to 90 kabupaten each, one kecamatan of one desa.
    provinces = [
        Province(code=str(11 + p), name=f"Provinsi Uji {p}")
        for p in range(OTHER_REGENCIES // 90 + 1)
    ]
    Province.objects.bulk_create(provinces)
    others = [
        Regency(
            code=f"{provinces[r // 90].code}.{10 + r % 90:02d}",
            name=f"Kabupaten Uji {r:03d}",
            province=provinces[r // 90],
            kind="kabupaten",
        )
        for r in range(OTHER_REGENCIES)
    ]
    Regency.objects.bulk_create(others)
    far_districts = [
        District(code=f"{r.code}.01", name=f"Kecamatan Jauh {i:03d}", regency=r)
        for i, r in enumerate(others)
    ]
    District.objects.bulk_create(far_districts)
    Village.objects.bulk_create(
        Village(code=f"{d.code}.2001", name=f"Desa Jauh {i:03d}", district=d, kind="desa")
        for i, d in enumerate(far_districts)
    )

    squads = [Squad(village=v, name=f"Regu {v.name}", order=1) for v in villages]
    Squad.objects.bulk_create(squads)
    born = dt.date(1990, 8, 17)
    Member.objects.bulk_create(
        Member(
            nik=f"3508{index:012d}",
            name=f"Anggota {index:04d}",
            sex="L",
            birth_place="Lumajang",
            birth_date=born,
            village=squad.village,
            squad=squad,
            verification_code=new_verification_code(),
        )
        for index, squad in enumerate(squads)
    )
    kind = MeetingKind.objects.get_or_create(
        code="rapat_koordinasi", defaults={"name": "Rapat koordinasi", "order": 1}
    )[0]
    start = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
    Meeting.objects.bulk_create(
        Meeting(
            district=district,
            kind=kind,
            title=f"Rapat {district.name[-2:]}-{m:02d}",
            starts_at=start + dt.timedelta(days=m),
            venue="Pendopo",
        )
        for district in districts
        for m in range(RECORDS_PER_DISTRICT)
    )
    institutions = [
        Institution(district=district, kind="other", name=f"Instansi {district.name[-2:]}-{i:02d}")
        for district in districts
        for i in range(RECORDS_PER_DISTRICT)
    ]
    Institution.objects.bulk_create(institutions)
    InstitutionPerson.objects.bulk_create(
        InstitutionPerson(institution=institution, name="Petugas", position="Staf")
        for institution in institutions
    )
    return WideWorld(
        villages=len(villages) + len(far_districts),
        districts=len(districts) + len(far_districts),
        regencies=len(others),
        squads=len(squads),
        members=len(squads),
        meetings=len(districts) * RECORDS_PER_DISTRICT,
        institutions=len(institutions),
    )


class _ChoiceLists(HTMLParser):
    """Counts the `<option>`s of every `<select>` and `<datalist>` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[tuple[str, int]] = []
        self._open: list[str] | None = None
        self._count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("select", "datalist"):
            named = dict(attrs)
            self._open = [f"{tag} {named.get('name') or named.get('id') or '(unnamed)'}"]
            self._count = 0
        elif tag == "option" and self._open is not None:
            self._count += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("select", "datalist") and self._open is not None:
            self.lists.append((self._open[0], self._count))
            self._open = None


def choice_lists(html: str) -> list[tuple[str, int]]:
    """(`select <name>` or `datalist <id>`, number of options) of every list of `html`."""
    parser = _ChoiceLists()
    parser.feed(html)
    parser.close()
    return parser.lists


def oversized_choice_lists(html: str, *, limit: int = MAX_OPTIONS) -> list[str]:
    """'<field>: <count> options' of every list of `html` holding more than `limit` options."""
    return [f"{name}: {count} options" for name, count in choice_lists(html) if count > limit]


def is_html(content_type: str) -> bool:
    return bool(re.match(r"text/html", content_type or ""))
