"""How many rows of each kind a benchmark scale holds: pure Python, so it is tested anywhere.

The generator (`dataset.py`) writes exactly these numbers per kecamatan and per desa; after a
run the command compares the rows it finds with `plan_rows` and stops when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

# Region code prefix of each scale (real codes and names of the national list).
SCALES: dict[str, str] = {
    "kecamatan": "35.08.07",  # Yosowilangun, the kecamatan of the transcribed KAK
    "kabupaten": "35.08",  # Lumajang
    "province": "35",  # Jawa Timur
    "national": "",
}
# The kecamatan whose user measures the kecamatan-scale operations in every run.
HOME_DISTRICT = "35.08.07"
HOME_REGENCY = "35.08"
YEARS = 10
MONTHS = YEARS * 12


@dataclass(frozen=True)
class Shape:
    """Rows per desa or kecamatan. National: 83,762 desa x 18 = 1.5 million members."""

    members_per_desa: int = 18
    meetings_per_kecamatan_month: int = 2
    items_per_meeting: int = 2
    visits_per_desa_year: int = 6
    incidents_per_desa_year: int = 2
    responses_per_kecamatan_year: int = 40
    answers_per_response: int = 9  # the nine IKM elements of PermenPANRB 14/2017
    indicators_per_kecamatan: int = 9  # one per registered calculator, the measured year


SHAPE = Shape()


def plan_rows(*, desa: int, kecamatan: int, shape: Shape = SHAPE) -> dict[str, int]:
    """Rows per table for `desa` desa in `kecamatan` kecamatan over YEARS years."""
    meetings = kecamatan * shape.meetings_per_kecamatan_month * MONTHS
    responses = kecamatan * shape.responses_per_kecamatan_year * YEARS
    return {
        "linmas_member": desa * shape.members_per_desa,
        "meetings_meeting": meetings,
        "meetings_actionitem": meetings * shape.items_per_meeting,
        "fieldwork_visit": desa * shape.visits_per_desa_year * YEARS,
        "fieldwork_incident": desa * shape.incidents_per_desa_year * YEARS,
        "surveys_surveyperiod": kecamatan * YEARS,
        "surveys_surveyresponse": responses,
        "surveys_answer": responses * shape.answers_per_response,
        "indicators_indicatordefinition": kecamatan * shape.indicators_per_kecamatan,
    }


def total_rows(rows: dict[str, int]) -> int:
    return sum(rows.values())


def prefix_of(scale: str) -> str:
    """The region code prefix of a scale; ValueError for an unknown one."""
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}: one of {', '.join(SCALES)}") from None


def in_scale(code: str, scale: str) -> bool:
    """Whether a region code lies inside a scale (by whole code segments)."""
    prefix = prefix_of(scale)
    return not prefix or code == prefix or code.startswith(prefix + ".")


def chunks(district_codes: list[str], *, size: int = 250) -> list[list[str]]:
    """Kecamatan in batches of `size`, each generated in one transaction (resumable)."""
    ordered = sorted(district_codes)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]
