"""Loading a KAK data file as the first plan of its kecamatan and year."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.dateparse import parse_date

from sitrantib.core.audit import save_new
from sitrantib.planning.enums import ActivityKind, CodeLevel, IndicatorLevel, SectionKey
from sitrantib.planning.models import (
    AnnualPlan,
    Indicator,
    Participant,
    PlanCode,
    PlannedActivity,
    PlanSection,
)
from sitrantib.planning.services.contents import clean_months
from sitrantib.regions.models import District, StatisticSource

if TYPE_CHECKING:
    from sitrantib.accounts.models import User


@dataclass
class LoadResult:
    plan: AnnualPlan
    created: bool


@transaction.atomic
def load_plan_data(*, data: Mapping[str, Any], actor: "User | None" = None) -> LoadResult:
    """Load a KAK data file as the first plan of its kecamatan and year (idempotent).

    When the year already has a plan (loaded before, or typed in the app) nothing is written:
    the file is the starting point, the app is where the plan lives on.
    """
    district = District.objects.get(code=data["district"])
    year = int(data["year"])
    existing = AnnualPlan.objects.filter(district=district, year=year).order_by("revision").first()
    if existing is not None:
        return LoadResult(plan=existing, created=False)
    document = data["document"]
    signing = data.get("signing") or {}
    source = StatisticSource.objects.filter(title=document.get("statistics_source", "")).first()
    plan = save_new(
        AnnualPlan(
            district=district,
            year=year,
            title=f"{document['title']} / {document['subtitle']}",
            programme_name=data["programme"]["name"],
            activity_name=data["activity"]["name"],
            executors=list(data.get("executors", [])),
            signing_place=signing.get("place", ""),
            signing_date=parse_date(signing["date"]) if signing.get("date") else None,
            statistics_source=source,
            source_note=str(data.get("_source", ""))[:500],
        ),
        actor=actor,
    )
    for level, key in ((CodeLevel.PROGRAMME, "programme"), (CodeLevel.ACTIVITY, "activity")):
        for code in data[key].get("codes", []):
            save_new(
                PlanCode(
                    plan=plan,
                    level=level,
                    scheme=code["scheme"],
                    code=code["code"],
                    name=data[key]["name"],
                ),
                actor=actor,
            )
    for position, section in enumerate(data.get("sections", []), start=1):
        save_new(
            PlanSection(
                plan=plan,
                key=SectionKey(section["key"]),
                position=position,
                number=section.get("number", ""),
                title=section["title"],
                text=section.get("text", ""),
                items=list(section.get("items", [])),
                tables=list(section.get("tables", [])),
            ),
            actor=actor,
        )
    for position, indicator in enumerate(data.get("indicators", []), start=1):
        target = indicator.get("target")
        save_new(
            Indicator(
                plan=plan,
                level=IndicatorLevel(indicator["level"]),
                position=position,
                name=indicator["name"],
                unit=indicator.get("unit", ""),
                target=Decimal(str(target)) if target is not None else None,
                printed_in=indicator.get("printed_in", ""),
            ),
            actor=actor,
        )
    for position, activity in enumerate(data.get("activities", []), start=1):
        created = save_new(
            PlannedActivity(
                plan=plan,
                position=position,
                kind=ActivityKind(activity["kind"]),
                name=activity["name"],
                procedure=activity.get("procedure", ""),
                months=clean_months(activity["months"]),
                schedule=activity.get("schedule", ""),
                venue=activity.get("venue", ""),
                executors=list(activity.get("executors", data.get("executors", []))),
                per_village=bool(activity.get("per_village")),
                participants_heading=activity.get("participants_heading", ""),
            ),
            actor=actor,
        )
        Participant.objects.bulk_create(
            Participant(
                activity=created,
                position=i,
                name=p["name"],
                count=p.get("count"),
                printed=p.get("printed", ""),
            )
            for i, p in enumerate(activity.get("participants", []), start=1)
        )
    return LoadResult(plan=plan, created=True)


def signing_date_of(data: Mapping[str, Any]) -> dt.date | None:
    signing = data.get("signing") or {}
    return parse_date(signing["date"]) if signing.get("date") else None
