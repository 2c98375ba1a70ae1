"""Writes of the budget: lines, ceiling revisions, spending (typed or imported), the KAK's money.

The rule on spending above the ceiling (docs/adr/0041-budget-codes-and-ceiling.md): a spending
entry that would take a line's spending past its ceiling is REFUSED, on the page, in the API and
in an import, naming what remains. The way to spend more is a ceiling revision (date and reason)
first. A ceiling revised below what is already spent is recorded (budget changes are decided
outside this system) and shown as a data-quality finding until the spending is corrected.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.budget.codes import normalise_code, normalise_name
from sitrantib.budget.models import BudgetLine, BudgetTable, CeilingRevision, Spending
from sitrantib.budget.selectors import spent_on
from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.formatting import format_rupiah, parse_rupiah
from sitrantib.core.uploads import UploadKind, check_upload, client_file_name, stored_name
from sitrantib.planning.models import AnnualPlan, PlannedActivity
from sitrantib.planning.selectors import manages_district
from sitrantib.regions.models import District

if TYPE_CHECKING:
    from sitrantib.accounts.models import User

MESSAGE_ABOVE_CEILING = gettext_noop(
    "Realisasi %(amount)s melebihi sisa pagu %(remaining)s (pagu %(ceiling)s, sudah terpakai "
    "%(spent)s). Ajukan revisi pagu lebih dahulu."
)
MESSAGE_NOT_MANAGER = gettext_noop("Hanya Seksi Trantib yang dapat mengubah anggaran.")
MESSAGE_SPENDING_YEAR = gettext_noop("Tanggal realisasi harus di tahun anggaran %(year)s.")
MESSAGE_SAME_CEILING = gettext_noop("Pagu baru sama dengan pagu sekarang.")
MESSAGE_ACTIVITY_OTHER = gettext_noop(
    "Kegiatan yang dibiayai harus dari rencana kecamatan dan tahun yang sama."
)
MESSAGE_NOT_POSITIVE = gettext_noop("Jumlah harus lebih dari nol.")

LINE_FIELDS = ("code", "name", "activity", "position")


def _require_manager(actor: Any, district_code: str) -> None:
    if actor is not None and not manages_district(user=actor, district_code=district_code):
        raise PermissionDenied(_(MESSAGE_NOT_MANAGER))


def _check_activity(activity: PlannedActivity | None, *, district_code: str, year: int) -> None:
    if activity is None:
        return
    plan = activity.plan
    if plan.district_id != district_code or plan.year != year:
        raise ValidationError({"activity": [_(MESSAGE_ACTIVITY_OTHER)]})


def _keys(code: str, name: str) -> dict[str, str]:
    try:
        code_key = normalise_code(code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    return {"code": (code or "").strip(), "code_key": code_key, "name_key": normalise_name(name)}


@transaction.atomic
def create_line(
    *,
    district: District,
    year: int,
    name: str,
    ceiling: Decimal,
    actor: "User | None",
    code: str = "",
    activity: PlannedActivity | None = None,
    table: BudgetTable | None = None,
    position: int | None = None,
) -> BudgetLine:
    """A new budget line; its ceiling is also kept as the line's initial amount."""
    _require_manager(actor, district.code)
    _check_activity(activity, district_code=district.code, year=year)
    if position is None:
        position = BudgetLine.objects.filter(district=district, year=year).count() + 1
    line = BudgetLine(
        district=district,
        year=year,
        name=name.strip(),
        ceiling=ceiling,
        initial_amount=ceiling,
        activity=activity,
        table=table,
        position=position,
        **_keys(code, name),
    )
    return save_new(line, actor=actor)


@transaction.atomic
def update_line(
    *,
    line: BudgetLine,
    changes: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> bool:
    """Change a line's code, name, position or funded activity (the ceiling: `revise_ceiling`)."""
    _require_manager(actor, line.district_id)
    unknown = set(changes) - set(LINE_FIELDS)
    if unknown:
        raise ValueError(f"update_line cannot change {sorted(unknown)}")
    values = dict(changes)
    if "activity" in values:
        _check_activity(values["activity"], district_code=line.district_id, year=line.year)
    code = values.get("code", line.code)
    name = values.get("name", line.name)
    values.update(_keys(code, name))
    if "name" in values:
        values["name"] = values["name"].strip()
    return save_changes(line, values, actor=actor, expected_version=expected_version)


@transaction.atomic
def revise_ceiling(
    *,
    line: BudgetLine,
    new_amount: Decimal,
    on_date: dt.date,
    reason: str,
    actor: "User",
    expected_version: int | None = None,
) -> CeilingRevision:
    """Change a line's ceiling with a date and a reason: one revision row, the line saved and
    audited. A ceiling below what is already spent is accepted and becomes a finding."""
    _require_manager(actor, line.district_id)
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if new_amount == locked.ceiling:
        raise ValidationError({"new_amount": [_(MESSAGE_SAME_CEILING)]})
    revision = save_new(
        CeilingRevision(
            line=locked,
            on_date=on_date,
            previous_amount=locked.ceiling,
            new_amount=new_amount,
            reason=reason.strip(),
        ),
        actor=actor,
    )
    save_changes(
        line,
        {"ceiling": new_amount},
        actor=actor,
        expected_version=expected_version,
        note=reason.strip(),
    )
    return revision


def _check_spending(line: BudgetLine, *, amount: Decimal, on_date: dt.date) -> None:
    """Refuse a spending entry outside the line's year or above what remains of its ceiling.

    Call with the line locked: two entries saved at once cannot both pass on the same remainder.
    """
    if amount <= 0:
        raise ValidationError({"amount": [_(MESSAGE_NOT_POSITIVE)]})
    if on_date.year != line.year:
        raise ValidationError({"on_date": [_(MESSAGE_SPENDING_YEAR) % {"year": line.year}]})
    spent = spent_on(line)
    remaining = line.ceiling - spent
    if amount > remaining:
        message = _(MESSAGE_ABOVE_CEILING) % {
            "amount": format_rupiah(amount),
            "remaining": format_rupiah(max(remaining, Decimal(0))),
            "ceiling": format_rupiah(line.ceiling),
            "spent": format_rupiah(spent),
        }
        raise ValidationError({"amount": [ValidationError(message, code="above_ceiling")]})


@transaction.atomic
def record_spending(
    *,
    line: BudgetLine,
    on_date: dt.date,
    amount: Decimal,
    description: str,
    actor: "User",
    evidence: IO[bytes] | None = None,
    event_kind: str = "",
    event_id: int | None = None,
    event_label: str = "",
) -> Spending:
    """Record money spent from a line, with its evidence file (checked by content: PDF or
    photo) and the event it paid for. Refused above the remaining ceiling (module docstring)."""
    _require_manager(actor, line.district_id)
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    _check_spending(locked, amount=amount, on_date=on_date)
    spending = Spending(
        line=locked,
        on_date=on_date,
        amount=amount,
        description=description.strip(),
        event_kind=event_kind,
        event_id=event_id,
        event_label=event_label.strip(),
    )
    if evidence is not None:
        checked = check_upload(evidence, kind=UploadKind.EVIDENCE)
        spending.evidence_name = client_file_name(getattr(evidence, "name", "") or "")
        spending.evidence.save(stored_name(checked), evidence, save=False)  # type: ignore[arg-type]
    return save_new(spending, actor=actor)


# ---------------------------------------------------------------- the KAK's money


@transaction.atomic
def load_budget_data(
    *, data: Mapping[str, Any], plan: AnnualPlan, actor: "User | None" = None
) -> dict[str, int]:
    """Load the money of a KAK data file (idempotent: a table already loaded is left alone).

    - the time-series table: one line per row and printed year (no code), for the years before
      the plan's year;
    - the requested lines: lines of the plan's year, in a table with the printed total.
    """
    counts = {"tables": 0, "lines": 0}
    budget = data.get("budget") or {}
    district = plan.district
    series = budget.get("time_series")
    if (
        series
        and not BudgetTable.objects.filter(
            district=district, plan=plan, title=series["title"]
        ).exists()
    ):
        for column_index, column in enumerate(series["columns"]):
            table = save_new(
                BudgetTable(
                    district=district,
                    year=column["year"],
                    title=series["title"],
                    plan=plan,
                    source_note=column["label"],
                ),
                actor=actor,
            )
            counts["tables"] += 1
            for row in series["rows"]:
                create_line(
                    district=district,
                    year=column["year"],
                    name=row["name"],
                    ceiling=parse_rupiah(row["amounts"][column_index]),
                    table=table,
                    position=row["no"],
                    actor=actor,
                )
                counts["lines"] += 1
    requested = budget.get("requested")
    if (
        requested
        and not BudgetTable.objects.filter(
            district=district, plan=plan, title=requested["title"]
        ).exists()
    ):
        table = save_new(
            BudgetTable(
                district=district,
                year=plan.year,
                title=requested["title"],
                plan=plan,
                stated_total=parse_rupiah(requested["stated_total"]),
                source_note="KAK",
            ),
            actor=actor,
        )
        counts["tables"] += 1
        for position, line in enumerate(requested["lines"], start=1):
            create_line(
                district=district,
                year=plan.year,
                name=line["name"],
                ceiling=parse_rupiah(line["amount"]),
                code=line.get("code", ""),
                table=table,
                position=position,
                actor=actor,
            )
            counts["lines"] += 1
    return counts


def lines_matching(lines: Sequence[BudgetLine], *, code: str, name: str) -> list[BudgetLine]:
    """The lines a spreadsheet row names: by normalised code when given, else by name."""
    code_key = normalise_code(code) if code else ""
    if code_key:
        return [line for line in lines if line.code_key == code_key]
    name_key = normalise_name(name)
    return [line for line in lines if line.name_key == name_key]
