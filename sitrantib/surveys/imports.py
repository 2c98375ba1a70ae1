"""XLSX import of paper questionnaires on the shared staged pipeline (core/imports/).

The file is parsed once when uploaded (`stage_questionnaires`): every row and every error by row
and column are kept in a `core.ImportBatch`; the preview shows the questionnaires to be stored and
those already stored; confirming stores all new rows or none, and confirming again does nothing.
Each paper form carries a serial number ("Nomor kuesioner"); the stored key is the period plus
that serial, so importing an edited file again stores only the forms not stored before
(docs/adr/0032-survey-public-submissions.md). The template's example row is on its "Petunjuk"
sheet and can never be imported.
"""

import uuid
from functools import partial
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from sitrantib.accounts.models import User
from sitrantib.core.imports import (
    Column,
    ImportAction,
    ImportResult,
    ImportRow,
    ImportSpec,
    batch_rows,
    confirm_import,
    stage_import,
    template_workbook,
)
from sitrantib.core.models import ImportBatch
from sitrantib.core.spreadsheets import RowError
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import elements_of, stored_client_ids
from sitrantib.surveys.services import (
    InvalidSubmission,
    Submission,
    import_responses,
    validate_submission,
)

MESSAGE_SERIAL_DUPLICATE = gettext_noop(
    "Nomor kuesioner %(serial)s sudah dipakai di baris %(row)s berkas ini."
)
MESSAGE_SERIAL_HELP = gettext_noop(
    "Nomor yang tertulis di formulir kertas; nomor yang sudah tersimpan dilewati."
)
MESSAGE_ANSWER_HELP = gettext_noop("%(name)s: 1 sampai 4.")
MESSAGE_SERVICE_HELP = gettext_noop("Salah satu layanan periode ini: %(services)s. Boleh kosong.")
MESSAGE_NO_SERVICE_HELP = gettext_noop("Periode ini tidak membedakan layanan: biarkan kosong.")
SHEET_CODES = gettext_noop("Kode")

KIND = "surveys.responses"
SERIAL_MAX = 40

_NAMESPACE = uuid.UUID("6f1d2c7e-3b0a-4f57-9a55-2f4d0e9c1a10")

# Printed column headers of the template, the keys they map to and other headers people type.
SERIAL_LABEL = "Nomor kuesioner"
PROFILE_LABELS = {
    "sex": "Jenis kelamin (L/P)",
    "age": "Umur",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
    "service": "Layanan yang diterima",
}
SUGGESTION_LABEL = "Saran"
_PROFILE_KEYS = ("sex", "age", "education", "occupation", "service")


def questionnaire_spec(period: SurveyPeriod) -> ImportSpec:
    """The columns of a period's import: serial, profile, one 1-4 column per element, suggestion.

    Age and answers are read as text and judged by `validate_submission`, so the file gets the
    same messages as the questionnaire ("Umur harus bilangan bulat ...").
    """
    elements = elements_of(period)
    services = period.service_list
    return ImportSpec(
        kind=KIND,
        sheet_title="Kuesioner",
        max_rows=5000,
        columns=(
            Column(
                "serial",
                SERIAL_LABEL,
                required=True,
                max_length=SERIAL_MAX,
                aliases=("no. kuesioner", "no kuesioner", "nomor formulir", "no. formulir"),
                help=_(MESSAGE_SERIAL_HELP),
                example="001",
            ),
            Column(
                "sex",
                PROFILE_LABELS["sex"],
                required=True,
                type="choice",
                choices=dict(Sex.choices),
                aliases=("jenis kelamin", "l/p"),
                example="P",
            ),
            Column("age", PROFILE_LABELS["age"], required=True, aliases=("usia",), example="34"),
            Column(
                "education",
                PROFILE_LABELS["education"],
                required=True,
                type="choice",
                choices=dict(Education.choices),
                aliases=("pendidikan terakhir",),
                example="sma",
            ),
            Column(
                "occupation",
                PROFILE_LABELS["occupation"],
                required=True,
                type="choice",
                choices=dict(Occupation.choices),
                aliases=("pekerjaan utama",),
                example="wirausaha",
            ),
            Column(
                "service",
                PROFILE_LABELS["service"],
                max_length=200,
                aliases=("layanan", "jenis layanan"),
                help=_(MESSAGE_SERVICE_HELP) % {"services": "; ".join(services)}
                if services
                else _(MESSAGE_NO_SERVICE_HELP),
                example=services[0] if services else "",
            ),
            *[
                Column(
                    e.code,
                    e.code,
                    required=True,
                    help=_(MESSAGE_ANSWER_HELP) % {"name": e.name},
                    example="3",
                )
                for e in elements
            ],
            Column(
                "suggestion",
                SUGGESTION_LABEL,
                max_length=2000,
                aliases=("saran dan masukan",),
            ),
        ),
    )


def questionnaire_template(*, period: SurveyPeriod) -> bytes:
    """The empty template: the data sheet's header, the "Petunjuk" sheet with an example row,
    the "Pilihan" sheet of profile codes and a "Kode" sheet with each element's 1-4 labels."""
    codes = [
        (e.code, str(value), f"{e.name}: {label}")
        for e in elements_of(period)
        for value, label in e.labels
    ]
    return template_workbook(
        questionnaire_spec(period),
        extra_sheets=[
            (_(SHEET_CODES), [_("Kolom"), pgettext("value to enter", "Isian"), _("Arti")], codes)
        ],
    )


def serial_text(value: Any) -> str:
    """The printed serial of a paper form as text: spaces collapsed, upper case."""
    return " ".join(str(value or "").split()).upper()


def serial_client_id(*, period: SurveyPeriod, serial: str) -> uuid.UUID:
    """The key of a paper form: the same serial in the same period is the same questionnaire."""
    return uuid.uuid5(_NAMESPACE, f"{period.pk}:serial:{serial}")


def _submission(period: SurveyPeriod, row: ImportRow) -> Submission:
    values = row.values
    serial = serial_text(values.get("serial")) or f"#row-{row.row}"
    return Submission(
        client_id=serial_client_id(period=period, serial=serial),
        answers={e.code: values.get(e.code) for e in elements_of(period)},
        respondent={key: values.get(key) or "" for key in _PROFILE_KEYS},
        suggestion=str(values.get("suggestion") or ""),
    )


def _validate(rows: list[ImportRow], *, period: SurveyPeriod, spec: ImportSpec) -> list[RowError]:
    """Serial duplicates, then `validate_submission` per row; a row already stored is unchanged.

    A required cell left empty or unreadable was already reported by the pipeline; the
    questionnaire's own "wajib" message for it is not repeated.
    """
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    keys: dict[uuid.UUID, ImportRow] = {}
    required = {c.key for c in spec.columns if c.required}
    for row in rows:
        serial = serial_text(row.values.get("serial"))
        row.values["serial"] = serial
        if serial and serial in seen:
            errors.append(
                spec.error(
                    row,
                    "serial",
                    _(MESSAGE_SERIAL_DUPLICATE) % {"serial": serial, "row": seen[serial]},
                )
            )
        elif serial:
            seen[serial] = row.row
        submission = _submission(period, row)
        try:
            validate_submission(period=period, submission=submission)
        except InvalidSubmission as exc:
            found = [
                *[(code, m) for code, ms in exc.errors.get("answers", {}).items() for m in ms],
                *[(key, m) for key, ms in exc.errors.get("respondent", {}).items() for m in ms],
                *[("suggestion", m) for m in exc.errors.get("suggestion", [])],
            ]
            for key, message in found:
                if key in required and row.values.get(key) in (None, ""):
                    continue
                if key in {c.key for c in spec.columns}:
                    errors.append(spec.error(row, key, str(message)))
        row.plan_create()
        keys[submission.client_id] = row
    for client_id in stored_client_ids(period=period, client_ids=list(keys)):
        keys[client_id].plan_unchanged(target=str(client_id))
    return errors


def stage_questionnaires(*, period: SurveyPeriod, upload: IO[bytes], actor: User) -> ImportBatch:
    """Parse an uploaded file once into a pending batch (ValidationError when unreadable)."""
    spec = questionnaire_spec(period)
    return stage_import(
        spec=spec,
        upload=upload,
        actor=actor,
        validate=partial(_validate, period=period, spec=spec),
        scope_key=scope_key(period),
        district_code=period.district_id,
    )


def scope_key(period: SurveyPeriod) -> str:
    return f"period:{period.pk}"


def stored_rows(batch: ImportBatch, *, period: SurveyPeriod) -> list[tuple[int, str]]:
    """(row, serial) of the questionnaires in a staged file that the period already holds."""
    return [
        (row.row, str(row.values.get("serial") or ""))
        for row in batch_rows(batch, spec=questionnaire_spec(period))
        if row.action == ImportAction.UNCHANGED
    ]


def confirm_questionnaires(
    *, batch: ImportBatch, period: SurveyPeriod, actor: User
) -> ImportResult:
    """Store every new questionnaire of a staged batch, or none (PeriodNotOpen, ValidationError).

    A second confirmation of the same batch returns its counts and stores nothing.
    """
    spec = questionnaire_spec(period)

    def apply(rows: list[ImportRow]) -> ImportResult:
        submissions = [_submission(period, row) for row in rows]
        created, skipped = import_responses(period=period, submissions=submissions, actor=actor)
        return ImportResult(created=created, updated=0, unchanged=batch.unchanged_count + skipped)

    return confirm_import(batch=batch, spec=spec, actor=actor, apply=apply)
