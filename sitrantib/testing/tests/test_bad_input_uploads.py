"""Every upload and import refuses mislabelled, crafted and path-trick files, stores nothing.

UPLOADS declares each form with a file field (a form class with a FileField that is not declared
fails `test_every_file_field_is_declared`). Each gets every file of the corpus its kind must refuse
(sitrantib/testing/bad_input.py `bad_files`: a PDF named .xlsx, an HTML page named .pdf, a text
named .jpg, a truncated JPEG, a PNG header of 20,000 x 20,000 pixels, an XLSX bomb of ~200 KB
that unpacks to 200 MB, a ZIP without a workbook, an empty file, path-trick names): the answer
comes back (no timing is asserted) with one of the upload checks' Indonesian messages beside the
file field, no row is added and no file is left in the storage folders. A good file under a
path-trick name is stored under a random name inside the private storage folder.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sitrantib.core import spreadsheets, uploads
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.tests.test_url_access import ROUTES  # noqa: F401 - imports every form
from sitrantib.testing.bad_input import (
    PATH_TRICK_NAMES,
    BadFile,
    bad_files,
    changed_counts,
    path_trick_files,
    pdf_bytes,
    png_bytes,
    row_counts,
    stored_files,
)

from .seed import populate
from .test_bad_input_forms import _fields, _main_form

# The public citizen-report form counts every attempt per address (rate limit).
COUNTS_IGNORED = ("sessions.Session", "surveys.SubmissionCounter")


@dataclass(frozen=True)
class Upload:
    """A form with a file field: the form class's field ("module.Class.field"), where it posts,
    the page that shows it, and what the field accepts."""

    field: str
    url: Callable[[dict[str, Any]], str]
    shown_on: Callable[[dict[str, Any]], str]
    accepts: frozenset[str]
    # Valid values for the form's other fields, over what the page shows.
    values: Callable[[dict[str, Any]], dict[str, Any]] = lambda seed: {}
    # Where the page shows the refusal when not under the field (`id_<input>_error`).
    error_id: str | None = None
    # Who sends it (an attribute of `world`; the administrator unless the page shows the form
    # to another role only).
    user: str = "admin"

    @property
    def name(self) -> str:
        return self.field.rsplit(".", 1)[-1]


def _url(name: str, *keys: str) -> Callable[[dict[str, Any]], str]:
    return lambda seed: reverse(name, args=[seed[key].pk for key in keys])


PHOTO = frozenset({"photo"})
EVIDENCE = frozenset({"pdf", "photo"})
XLSX = frozenset({"xlsx"})
UPLOADS = (
    Upload(
        "sitrantib.linmas.forms.MemberForm.photo",
        _url("linmas:member_update", "member"),
        _url("linmas:member_update", "member"),
        PHOTO,
    ),
    Upload(
        "sitrantib.linmas.forms.ImportForm.file",
        _url("linmas:import_upload"),
        _url("linmas:import_upload"),
        XLSX,
        lambda seed: {"village": seed["member"].village_id},
    ),
    Upload(
        "sitrantib.budget.forms.SpendingForm.evidence",
        _url("budget:spending_add", "line"),
        _url("budget:line", "line"),
        EVIDENCE,
        lambda seed: {"amount": "50000", "description": "Konsumsi", "on_date": "2026-03-01"},
    ),
    Upload(
        "sitrantib.budget.forms.ImportForm.file",
        _url("budget:import_upload"),
        _url("budget:import_upload"),
        XLSX,
        lambda seed: {"year": "2026"},
    ),
    Upload(
        "sitrantib.surveys.forms.ImportForm.file",
        _url("surveys:import", "survey"),
        _url("surveys:import", "survey"),
        XLSX,
        # The paper import shows a refused file in an alert above the form.
        error_id="file-error",
    ),
    Upload(
        "sitrantib.meetings.forms.meetings.EvidenceForm.file",
        _url("meetings:action_item_evidence", "item"),
        _url("meetings:action_item_detail", "item"),
        EVIDENCE,
    ),
    Upload(
        "sitrantib.regions.forms.OfficeProfileForm.emblem",
        _url("regions:office_edit"),
        _url("regions:office_edit"),
        PHOTO,
    ),
    # field work: the report forms take several photos, the record pages one at a time, the
    # public citizen-report form one
    Upload(
        "sitrantib.fieldwork.forms.visit_form.VisitForm.photos",
        _url("fieldwork:visit_edit", "visit"),
        _url("fieldwork:visit_edit", "visit"),
        PHOTO,
    ),
    Upload(
        "sitrantib.fieldwork.forms.incident_form.IncidentForm.photos",
        _url("fieldwork:incident_edit", "incident"),
        _url("fieldwork:incident_edit", "incident"),
        PHOTO,
    ),
    Upload(
        "sitrantib.fieldwork.forms.records.PhotoForm.photo",
        _url("fieldwork:visit_photo_add", "visit"),
        _url("fieldwork:visit_detail", "visit"),
        PHOTO,
    ),
    Upload(
        "sitrantib.fieldwork.forms.records.PhotoForm.photo",
        _url("fieldwork:incident_photo_add", "incident"),
        _url("fieldwork:incident_detail", "incident"),
        PHOTO,
    ),
    Upload(
        "sitrantib.fieldwork.forms.reports.CitizenReportForm.photo",
        lambda seed: reverse("fieldwork_public:form", args=[seed["district"].code]),
        lambda seed: reverse("fieldwork_public:form", args=[seed["district"].code]),
        PHOTO,
        lambda seed: {
            "village": seed["village"].code,
            "category": str(seed["incident"].category_id),
            "place": "Depan balai desa",
            "occurred_at": timezone.localtime(seed["now"]).strftime("%Y-%m-%dT%H:%M"),
            "description": "Ada orang asing memeriksa sepeda motor warga.",
        },
    ),
    # village documents: the desa's upload and the kecamatan's scan of a stamped paper document
    Upload(
        "sitrantib.villagedocs.forms.SubmitForm.file",
        _url("villagedocs:submit", "vdocs_open"),
        _url("villagedocs:obligation_detail", "vdocs_open"),
        EVIDENCE,
        user="operator",  # the kecamatan's receivers get the stamp form instead
    ),
    Upload(
        "sitrantib.villagedocs.forms.StampForm.file",
        _url("villagedocs:stamp", "vdocs_open"),
        _url("villagedocs:obligation_detail", "vdocs_open"),
        EVIDENCE,
    ),
    # indicators: the evidence of a manual value
    Upload(
        "sitrantib.indicators.forms.ManualValueForm.evidence",
        _url("indicators:manual_entry", "ind_manual_value"),
        _url("indicators:manual_entry", "ind_manual_value"),
        EVIDENCE,
        lambda seed: {"number": "3", "note": "Sosialisasi di tiga tempat"},
    ),
)
# File fields of a form class that is only the base of others (tried through them).
BASES = {"sitrantib.fieldwork.forms.field_report.FieldReportForm.photos": "VisitForm, IncidentForm"}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_file_field_is_declared() -> None:
    file_fields = {
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _subclasses(BaseForm) | _subclasses(BaseModelForm)
        if form.__module__.startswith("sitrantib.") and ".tests." not in form.__module__
        for name, field in form.base_fields.items()
        if isinstance(field, forms.FileField)
    }
    assert file_fields == {upload.field for upload in UPLOADS} | set(BASES)


def _known_messages() -> list[str]:
    """The fixed part of every message the upload and spreadsheet checks give."""
    messages = [
        value
        for module in (uploads, spreadsheets)
        for name, value in vars(module).items()
        if name.startswith("MESSAGE_") and isinstance(value, str)
    ]
    fixed = [re.split(r"%\(\w+\)s", message)[0].strip() for message in messages]
    # Django's own checks of a file field come first on an ImageField or a too-long name.
    for field, upload in (
        (forms.FileField(max_length=5), SimpleUploadedFile("panjang.pdf", b"x")),
        (forms.ImageField(), SimpleUploadedFile("foto.png", b"x")),
    ):
        try:
            field.clean(upload)
        except ValidationError as exc:
            fixed += [re.split(r"\d", message)[0].strip() for message in exc.messages]
    return [gettext(message) for message in fixed]


def _error_text(html: str, element_id: str) -> str:
    page = lxml.html.fromstring(html)
    found = page.xpath(f'//*[@id="{element_id}"]')
    return " ".join(found[0].text_content().split()) if found else ""


@pytest.fixture
def seed(world: Any, client: Any, settings: Any) -> dict[str, Any]:
    # The public citizen-report form counts every attempt per address.
    settings.SITRANTIB_CITIZEN_REPORT_RATE_LIMIT_PER_MINUTE = 1_000_000
    records = populate(world)
    records["village"] = world.village
    records["district"] = world.district
    client.force_login(world.admin)
    client.raise_request_exception = False
    return records


def _storage() -> tuple[Path, Path]:
    return Path(django_settings.MEDIA_ROOT), Path(django_settings.PRIVATE_MEDIA_ROOT)


def _post(client: Any, upload: Upload, seed: dict[str, Any], bad: BadFile) -> tuple[Any, str]:
    """The answer to posting `bad` in the upload's form, and the id of its error element."""
    url = upload.url(seed)
    shown = client.get(upload.shown_on(seed))
    assert shown.status_code == 200, upload.shown_on(seed)
    action = None if upload.shown_on(seed) == url else url
    form = _main_form(shown.content.decode(), action)
    _, values = _fields(form)
    inputs = [i.get("name") for i in form.inputs if i.get("type") == "file"]
    name = next(n for n in inputs if n == upload.name or n.endswith(f"-{upload.name}"))
    values = {k: v for k, v in values.items() if k != name} | upload.values(seed)
    response = client.post(url, {**values, name: bad.upload()})
    return response, upload.error_id or f"id_{name}_error"


@pytest.mark.sweep
@pytest.mark.django_db
@pytest.mark.parametrize("upload", UPLOADS, ids=[u.field.split(".", 1)[1] for u in UPLOADS])
def test_upload_refuses_every_bad_file_with_a_clear_message_and_keeps_nothing(
    client: Any, world: Any, seed: dict[str, Any], upload: Upload
) -> None:
    client.force_login(getattr(world, upload.user))
    known = _known_messages()
    files_before = stored_files(*_storage())
    before = row_counts(COUNTS_IGNORED)
    problems = []
    corpus = bad_files(upload.accepts)
    for bad in corpus:
        response, error_id = _post(client, upload, seed, bad)
        problem = None
        if response.status_code not in (200, 400):
            problem = f"answered {response.status_code}"
        else:
            html = response.content.decode()
            message = _error_text(html, error_id)
            if upload.error_id and not message:  # Django's own refusal, under the field
                message = " ".join(
                    lxml.html.fromstring(html).xpath("//form")[-1].text_content().split()
                )
            if not any(message.startswith(k) or k in message for k in known if k):
                problem = f"message beside the field: {message!r}"
        moved = changed_counts(before, row_counts(COUNTS_IGNORED))
        if moved:
            problem = f"{problem or response.status_code}; stored {moved}"
            before = row_counts(COUNTS_IGNORED)
        left = sorted(set(stored_files(*_storage())) - set(files_before))
        if left:
            problem = f"{problem or response.status_code}; files left {left}"
        if problem:
            problems.append(f"{bad.label}: {problem}")
    print(f"{upload.field}: {len(corpus)} files")
    assert not problems, upload.field + ":\n" + "\n".join(problems)


@pytest.mark.sweep
@pytest.mark.django_db
def test_api_evidence_upload_refuses_every_bad_file_and_keeps_nothing(
    client: Any, seed: dict[str, Any]
) -> None:
    url = f"/api/v1/action-items/{seed['item'].pk}/evidence/"
    before = row_counts(COUNTS_IGNORED)
    files_before = stored_files(*_storage())  # the seed's photos and documents
    answers = []
    for bad in bad_files(EVIDENCE):
        response = client.post(url, {"file": bad.upload(), "note": ""})
        body = response.json()
        answers.append((bad.label, response.status_code, "file" in body.get("errors", {})))
        assert not body.get("errors", {}).get("non_field_errors"), body
    assert {(status, named) for _, status, named in answers} == {(400, True)}, answers
    assert changed_counts(before, row_counts(COUNTS_IGNORED)) == {}
    assert sorted(set(stored_files(*_storage())) - set(files_before)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "content", "suffix"),
    [
        (UPLOADS[2], pdf_bytes(), ".pdf"),  # spending evidence
        (UPLOADS[0], png_bytes(), ".png"),  # member photo
    ],
    ids=["spending evidence (PDF)", "member photo (PNG)"],
)
def test_good_file_under_a_path_trick_name_is_stored_inside_the_storage_under_a_random_name(
    client: Any, seed: dict[str, Any], upload: Upload, content: bytes, suffix: str, tmp_path: Path
) -> None:
    media, private = _storage()
    for bad in path_trick_files(content, suffix, "application/octet-stream"):
        response, error_id = _post(client, upload, seed, bad)
        if len(bad.name) > 255 and response.status_code != 302:
            # The model field keeps a name length; a refusal of the name must say so.
            assert "nama berkas" in _error_text(response.content.decode(), error_id)
            continue
        assert response.status_code == 302, (bad.label, response.status_code)
    stored = stored_files(media, private)
    everything = [str(p) for p in tmp_path.rglob("*") if p.is_file()]
    names = [Path(p).name for p in stored]
    assert stored
    assert sorted(everything) == sorted(stored)  # nothing outside the storage folders
    assert all(Path(p).resolve().is_relative_to(private.resolve()) for p in stored)
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(pdf|png|jpg)", name) for name in names), names
    assert not any(trick[:8] in name for trick in PATH_TRICK_NAMES for name in names)
