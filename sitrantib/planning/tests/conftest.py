"""Builders for plan tests."""

from typing import Any

from sitrantib.planning import services
from sitrantib.planning.enums import ActivityKind, IndicatorLevel, SectionKey
from sitrantib.planning.models import AnnualPlan


def make_plan(
    world: Any, *, year: int = 2026, district: Any = None, activities: int = 2
) -> AnnualPlan:
    """A draft plan with a section, two indicators and `activities` activities."""
    plan = services.create_plan(
        district=district or world.district,
        year=year,
        title="KERANGKA ACUAN KERJA (KAK)",
        programme_name="Program Penyelenggaraan Pemerintahan Kecamatan",
        activity_name="Fasilitasi dan Koordinasi Ketentraman dan Ketertiban Masyarakat",
        actor=None,
    )
    services.save_section(
        plan=plan,
        section=None,
        values={
            "key": SectionKey.LEGAL_BASIS,
            "number": "A.1",
            "title": "Dasar Hukum",
            "items": ["UU 12/1950"],
        },
        actor=None,  # type: ignore[arg-type]
    )
    services.save_indicator(
        plan=plan,
        indicator=None,
        values={
            "level": IndicatorLevel.OUTPUT,
            "name": "Jumlah LINMAS terbina",
            "unit": "orang",
            "target": 180,
        },
        actor=None,  # type: ignore[arg-type]
    )
    services.save_indicator(
        plan=plan,
        indicator=None,
        values={
            "level": IndicatorLevel.PROGRAMME,
            "name": "Persentase desa tertib",
            "unit": "%",
            "target": 90,
        },
        actor=None,  # type: ignore[arg-type]
    )
    kinds = [ActivityKind.MEETING, ActivityKind.TRAINING, ActivityKind.ACCOMPANIMENT]
    for i in range(activities):
        services.save_activity(
            plan=plan,
            activity=None,
            values={
                "kind": kinds[i % 3],
                "name": f"Kegiatan {i + 1}",
                "months": [2, 4] if i == 0 else [3],
                "venue": "Kantor Kecamatan",
                "per_village": kinds[i % 3] == ActivityKind.ACCOMPANIMENT,
            },
            participants=[services.ParticipantData(name="Linmas", count=180)],
            actor=None,
        )
    return plan
