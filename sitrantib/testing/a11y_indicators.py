"""The indicator pages of the accessibility checks (`a11y.PAGES`, `EXCLUDED`, `SCENE`).

Who opens what follows `sitrantib/indicators/access.py` (docs/adr/0091): the section's
administrator manages definitions, settings and manual values; the Camat approves a manual value;
the Camat and the kecamatan staff read everything with the records behind each value; a partner
reads the dashboard's numbers but not the record lists; a kabupaten reader (`regency`) compares
every kecamatan it covers; a desa operator reads none of it; the public page shows what the
section publishes, without a login.

The scene holds, for world.district and 2026: a definition for every calculator of the KAK with
its values (the year computed from records of field work, trainings, meetings, surveys and village
documents where the scene has them), and a manual definition whose value was typed with evidence
and waits for the Camat's approval. Some definitions are published.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sitrantib.testing.a11y_page import ADMIN, Page

YEAR = 2026
READERS = ("admin", "staff", "camat", "partner")
RECORD_READERS = ("admin", "staff", "camat")

# fmt: off
PAGES: list[Page] = [
    # the dashboard, the Camat's one page, every kecamatan side by side
    Page("indicators:dashboard", READERS, menu_open_on_phone=True),
    Page("indicators:dashboard", ("admin", "national"), query=f"year={YEAR}&kecamatan=35.08.07"),
    Page("indicators:camat", ("admin", "camat")),
    Page("indicators:across", ("regency", "admin", "national")),  # national: a row per kabupaten
    Page("indicators:across", ("national",), query="kabupaten=35.08"),  # then one kabupaten
    # definitions: the list, the form, the kecamatan's rules, one definition per calculator and
    # the manual one
    Page("indicators:definition_list", READERS),
    Page("indicators:definition_create", ADMIN),
    Page("indicators:definition_detail", READERS, pk="ind.peaceful"),
    *[
        Page("indicators:definition_detail", ADMIN, pk=f"ind.definitions.{code}")
        for code in (
            "linmas_trained", "desa_monitored", "ikm", "follow_up_percent", "documents_on_time",
            "accompaniment_visits", "linmas_guidance", "forkompimka_synergy",
        )
    ],
    Page("indicators:definition_detail", RECORD_READERS, pk="ind.manual"),
    Page("indicators:definition_edit", ADMIN, pk="ind.peaceful"),
    Page("indicators:definition_edit", ADMIN, pk="ind.manual"),
    Page("indicators:settings", ADMIN),
    Page("indicators:seed_from_plan", ADMIN),
    # values: the drill-down of a computed value and of a manual one, the manual entry form
    Page("indicators:value_detail", RECORD_READERS, pk="ind.peaceful_value"),
    Page("indicators:value_detail", ADMIN, pk="ind.documents_value"),
    Page("indicators:value_detail", RECORD_READERS, pk="ind.manual_value"),
    Page("indicators:manual_entry", ADMIN, pk="ind.manual_value"),
    # the public page of what the section publishes
    Page("indicators_public:published", ("anonymous",), district_code="district.code",
         menu_open_on_phone=True),
]
# fmt: on

EXCLUDED: dict[str, str] = {
    "indicators:across_map": "GeoJSON of the kecamatan coloured by achievement (the across map)",
    "indicators:approve": "POST-only action (its form is on indicators:value_detail)",
    "indicators:evidence_file": "file download (the evidence of a manual value)",
}


# ---------------------------------------------------------------------------------------------
# The scene.


def _upload(name: str = "bukti.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sitrantib.testing.bad_input import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _definitions(s: Any, district: Any, *, actor: Any, prefix: str = "") -> dict[str, Any]:
    """A definition of `district` for every calculator of the KAK, in the KAK's order."""
    from sitrantib.indicators import services
    from sitrantib.indicators.calculators import CALCULATORS, KAK_DEFAULTS

    levels = {
        "desa_peaceful_percent": "programme",
        "documents_on_time": "outcome",
        "ikm": "outcome",
        "follow_up_percent": "outcome",
        "accompaniment_visits": "individual",
        "linmas_guidance": "individual",
        "forkompimka_synergy": "individual",
    }
    targets = {
        "desa_peaceful_percent": 90,
        "linmas_trained": 180,
        "desa_monitored": 12,
        "ikm": 80,
        "follow_up_percent": 85,
        "documents_on_time": 85,
        "accompaniment_visits": 24,
        "linmas_guidance": 12,
        "forkompimka_synergy": 12,
    }
    found = {}
    for position, (name, code) in enumerate(KAK_DEFAULTS, start=1):
        found[code] = services.create_definition(
            district=district,
            year=YEAR,
            data={
                "code": code.replace("_", "-"),
                "name": f"{prefix}{name}",
                "level": levels.get(code, "output"),
                "unit": str(CALCULATORS[code].unit),
                "polarity": "positive",
                "method": "calculated",
                "calculator": code,
                "source": "Dihitung dari catatan SiTrantib",
                "target": Decimal(targets[code]),
                "quarter_targets": (
                    [None, Decimal(50), None, Decimal(90)]
                    if code == "desa_peaceful_percent"
                    else []
                ),
                "published": code in ("desa_peaceful_percent", "ikm", "documents_on_time"),
                "position": position,
            },
            actor=actor,
        )
    return found


def manual_definition(district: Any, *, actor: Any, name: str, code: str) -> Any:
    """A manual definition (a value typed with evidence, counted once the Camat approves it)."""
    from sitrantib.indicators import services

    return services.create_definition(
        district=district,
        year=YEAR,
        data={
            "code": code,
            "name": name,
            "level": "output",
            "unit": "kegiatan",
            "polarity": "positive",
            "method": "manual",
            "source": "Laporan kegiatan sosialisasi yang ditandatangani Kasi Trantib",
            "target": Decimal(4),
            "published": True,
            "position": 20,
        },
        actor=actor,
    )


def year_value(definition: Any) -> Any:
    """The stored value of `definition` for the year (computed first when stale or missing)."""
    from sitrantib.indicators import selectors
    from sitrantib.indicators.models import IndicatorValue

    selectors.values_for(district_code=definition.district_id, year=definition.year, kind="year")
    return IndicatorValue.objects.get(definition=definition, period_key=str(definition.year))


def _ind(s: Any) -> SimpleNamespace:
    """Definitions for every calculator and a manual one of world.district for 2026, the year's
    values computed, the manual value typed with its evidence (waiting for approval)."""
    from sitrantib.indicators import services

    definitions = _definitions(s, s.district, actor=s.admin)
    manual = manual_definition(
        s.district,
        actor=s.admin,
        name="Jumlah sosialisasi Perda ketertiban umum",
        code="sosialisasi-perda",
    )
    manual_value = year_value(manual)
    services.enter_manual_value(
        value=manual_value,
        number=Decimal(3),
        note="Sosialisasi di Darungan, Kraton dan pasar kecamatan",
        actor=s.admin,
    )
    services.add_evidence(
        value=manual_value,
        file=_upload("laporan-sosialisasi.pdf"),
        description="Laporan kegiatan dan daftar hadir",
        actor=s.admin,
    )
    manual_value.refresh_from_db()
    return SimpleNamespace(
        definitions=SimpleNamespace(**definitions),
        peaceful=definitions["desa_peaceful_percent"],
        peaceful_value=year_value(definitions["desa_peaceful_percent"]),
        documents_value=year_value(definitions["documents_on_time"]),
        manual=manual,
        manual_value=manual_value,
        evidence=manual_value.evidence.order_by("pk").first(),
    )


SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("ind", _ind),
]
