"""XLSX import of paper questionnaires: template, parsing and row-level validation.

All-or-nothing: `parse_import` returns the rows and every error; the view saves only a file
without errors, through `services.import_responses`. Each paper form carries a serial number
("Nomor kuesioner"); the stored key is the period plus that serial, so importing an edited file
again stores only the forms not stored before (docs/adr/0032-survey-public-submissions.md).
"""

import io
import uuid
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.spreadsheets import RowError, read_rows, write_workbook
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import elements_of, stored_client_ids
from sitrantib.surveys.services import InvalidSubmission, Submission, validate_submission

MESSAGE_UNKNOWN_CHOICE = gettext_noop("Nilai '%(value)s' tidak dikenal. Pilihan: %(choices)s.")
MESSAGE_REQUIRED = gettext_noop("Wajib diisi.")
MESSAGE_SERIAL_DUPLICATE = gettext_noop(
    "Nomor kuesioner %(serial)s sudah dipakai di baris %(row)s berkas ini."
)
MESSAGE_SERIAL_TOO_LONG = gettext_noop("Nomor kuesioner paling panjang %(limit)s karakter.")
_SERIAL_MAX = 40

_NAMESPACE = uuid.UUID("6f1d2c7e-3b0a-4f57-9a55-2f4d0e9c1a10")

# Printed column headers of the template and the keys they map to.
SERIAL_COLUMN = ("serial", "Nomor kuesioner")
PROFILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sex", "Jenis kelamin (L/P)"),
    ("age", "Umur"),
    ("education", "Pendidikan"),
    ("occupation", "Pekerjaan"),
    ("service", "Layanan yang diterima"),
)
SUGGESTION_COLUMN = ("suggestion", "Saran")
# Other headers people type for the same columns (lower case).
EXTRA_ALIASES = {
    "no. kuesioner": "serial",
    "no kuesioner": "serial",
    "nomor formulir": "serial",
    "no. formulir": "serial",
    "jenis kelamin": "sex",
    "l/p": "sex",
    "usia": "age",
    "pendidikan terakhir": "education",
    "pekerjaan utama": "occupation",
    "layanan": "service",
    "jenis layanan": "service",
    "saran dan masukan": "suggestion",
}


@dataclass(frozen=True)
class ParsedImport:
    submissions: list[Submission]
    rows: list[tuple[int, dict[str, Any]]]
    errors: list[RowError]
    # (row number, serial) of the forms of this file already stored in the period.
    stored: list[tuple[int, str]] = field(default_factory=list)

    @property
    def new_count(self) -> int:
        return len(self.submissions) - len(self.stored)


def _headers(period: SurveyPeriod) -> list[tuple[str, str]]:
    return [
        SERIAL_COLUMN,
        *PROFILE_COLUMNS,
        *[(e.code, e.code) for e in elements_of(period)],
        SUGGESTION_COLUMN,
    ]


def template_workbook(*, period: SurveyPeriod) -> bytes:
    """An empty template with the period's columns, one example row and a sheet of codes."""
    headers = [label for _key, label in _headers(period)]
    example = [
        "001",
        "P",
        34,
        "sma",
        "wirausaha",
        "Surat keterangan",
        *[3 for _ in elements_of(period)],
        "",
    ]
    codes = [
        *[(str(_("Jenis kelamin")), value, str(label)) for value, label in Sex.choices],
        *[(str(_("Pendidikan")), value, str(label)) for value, label in Education.choices],
        *[(str(_("Pekerjaan")), value, str(label)) for value, label in Occupation.choices],
        *[
            (e.code, str(value), f"{e.name}: {label}")
            for e in elements_of(period)
            for value, label in e.labels
        ],
    ]
    return write_workbook(
        [
            (str(_("Kuesioner")), headers, [example]),
            (str(_("Kode")), [str(_("Kolom")), str(_("Isian")), str(_("Arti"))], codes),
        ]
    )


def _choice(value: Any, choices: list[tuple[str, Any]]) -> str | None:
    text = str(value).strip().lower() if value is not None else ""
    for key, label in choices:
        if text in (key.lower(), str(label).lower()):
            return key
    return None


def parse_import(*, period: SurveyPeriod, file: IO[bytes]) -> ParsedImport:
    """Every row of the file as a submission, with every error (row, column, message)."""
    content = file.read()
    headers = _headers(period)
    aliases = {label.lower(): key for key, label in headers}
    aliases.update({key.lower(): key for key, _label in headers})
    aliases.update(EXTRA_ALIASES)
    rows = read_rows(
        io.BytesIO(content),
        required=[key for key, _label in headers if key not in ("service", "suggestion")],
        header_aliases=aliases,
    )
    printed = dict(headers)
    errors: list[RowError] = []
    submissions: list[Submission] = []
    seen: dict[str, int] = {}
    keys: dict[uuid.UUID, tuple[int, str]] = {}
    for number, values in rows:
        row_errors: list[RowError] = []
        serial = _serial(values.get("serial"))
        if not serial:
            row_errors.append(RowError(number, printed["serial"], _(MESSAGE_REQUIRED)))
        elif len(serial) > _SERIAL_MAX:
            row_errors.append(
                RowError(
                    number, printed["serial"], _(MESSAGE_SERIAL_TOO_LONG) % {"limit": _SERIAL_MAX}
                )
            )
        elif serial in seen:
            row_errors.append(
                RowError(
                    number,
                    printed["serial"],
                    _(MESSAGE_SERIAL_DUPLICATE) % {"serial": serial, "row": seen[serial]},
                )
            )
        else:
            seen[serial] = number
        respondent: dict[str, Any] = {
            "age": values.get("age"),
            "service": values.get("service") or "",
        }
        for key, choices in (
            ("sex", Sex.choices),
            ("education", Education.choices),
            ("occupation", Occupation.choices),
        ):
            raw = values.get(key)
            if raw is None or str(raw).strip() == "":
                row_errors.append(RowError(number, printed[key], _(MESSAGE_REQUIRED)))
                continue
            found = _choice(raw, choices)
            if found is None:
                row_errors.append(
                    RowError(
                        number,
                        printed[key],
                        _(MESSAGE_UNKNOWN_CHOICE)
                        % {"value": raw, "choices": ", ".join(k for k, _l in choices)},
                    )
                )
            respondent[key] = found or ""
        answers = {e.code: _scale(values.get(e.code)) for e in elements_of(period)}
        submission = Submission(
            client_id=serial_client_id(period=period, serial=serial or f"#row-{number}"),
            answers=answers,
            respondent=respondent,
            suggestion=str(values.get("suggestion") or ""),
        )
        try:
            validate_submission(period=period, submission=submission)
        except InvalidSubmission as exc:
            row_errors.extend(_row_errors(number, exc.errors, printed, row_errors))
        errors.extend(row_errors)
        submissions.append(submission)
        keys[submission.client_id] = (number, serial)
    stored = sorted(keys[key] for key in stored_client_ids(period=period, client_ids=list(keys)))
    return ParsedImport(submissions=submissions, rows=rows, errors=errors, stored=stored)


def _serial(value: Any) -> str:
    """The printed serial of a paper form as text: 7.0 -> "7", spaces collapsed, upper case."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).upper()


def serial_client_id(*, period: SurveyPeriod, serial: str) -> uuid.UUID:
    """The key of a paper form: the same serial in the same period is the same questionnaire."""
    return uuid.uuid5(_NAMESPACE, f"{period.pk}:serial:{serial}")


def _scale(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _row_errors(
    number: int, errors: dict[str, Any], printed: dict[str, str], already: list[RowError]
) -> list[RowError]:
    taken = {e.column for e in already}
    found: list[RowError] = []
    for code, messages in errors.get("answers", {}).items():
        found.extend(RowError(number, code, m) for m in messages)
    for key, messages in errors.get("respondent", {}).items():
        column = printed.get(key, key)
        if column not in taken:
            found.extend(RowError(number, column, m) for m in messages)
    for message in errors.get("suggestion", []):
        found.append(RowError(number, printed["suggestion"], message))
    return found
