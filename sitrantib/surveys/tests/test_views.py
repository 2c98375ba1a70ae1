"""Pages of the section and the public pages: scope, forms, paper entry, import, report, export."""

import io
import re
from typing import Any

import pytest
from django.test import Client, override_settings
from openpyxl import Workbook, load_workbook

from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import OfficeProfile, Signatory
from sitrantib.surveys.enums import PeriodStatus, ResponseSource
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse
from sitrantib.surveys.services import Submission, submit_response
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer(period: Any, value: int | dict[str, Any] = 4, suggestion: str = "") -> Any:
    body = payload(value, suggestion=suggestion)
    return submit_response(
        period=period,
        submission=Submission(
            client_id=body["client_id"],
            answers=body["answers"],
            respondent=body["respondent"],
            suggestion=suggestion,
        ),
    )[0]


def form_data(period: Any, value: int = 4, **extra: Any) -> dict[str, Any]:
    data = {
        "client_id": "3b8e5a4e-8f61-4c55-9b8d-6b1a2f0a9c11",
        "sex": "L",
        "age": "41",
        "education": "s1",
        "occupation": "pns",
        "service": "Izin keramaian",
        "suggestion": "Antrian perlu nomor",
        "website": "",
    }
    data.update({f"U{i}": str(value) for i in range(1, 10)})
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("camat", 200),
        ("national", 200),
        ("staff", 404),
        ("operator", 404),
        ("partner", 404),
        ("outsider", 404),
    ],
)
def test_detail_page_scope_by_role(world: Any, who: str, status: int) -> None:
    period = make_period(world)
    assert logged_in(getattr(world, who)).get(f"/survei/{period.pk}/").status_code == status


READ_PAGES = ["", "hasil/", "poster/", "laporan.pdf", "data.xlsx"]
MANAGE_PAGES = ["ubah/", "entri/", "impor/", "impor/templat.xlsx"]


def _role_status(who: str, *, manage: bool, post: bool = False) -> int:
    """The answer a role gets on a period page of the `world` kecamatan."""
    if who == "anonymous":
        return 302
    if who in ("staff", "operator", "partner", "outsider"):
        return 404
    if manage and who == "camat":
        return 403
    return 302 if post else 200


ROLES = ["admin", "camat", "national", "staff", "operator", "partner", "outsider", "anonymous"]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    ("suffix", "manage"), [*[(p, False) for p in READ_PAGES], *[(p, True) for p in MANAGE_PAGES]]
)
def test_period_pages_by_role(world: Any, who: str, suffix: str, manage: bool) -> None:
    period = make_period(world)
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    reply = client.get(f"/survei/{period.pk}/{suffix}")
    assert reply.status_code == _role_status(who, manage=manage)


@pytest.mark.parametrize("who", ROLES)
def test_transition_post_by_role(world: Any, who: str) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    reply = client.post(f"/survei/{period.pk}/status/", {"status": "open"})
    period.refresh_from_db()
    expected = _role_status(who, manage=True, post=True)
    assert (reply.status_code, period.status) == (
        expected,
        "open" if who in ("admin", "national") else "draft",
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("national", 200),
        ("outsider", 200),
        ("camat", 404),
        ("staff", 404),
        ("operator", 404),
        ("partner", 404),
        ("anonymous", 302),
    ],
)
def test_create_page_by_role(world: Any, who: str, status: int) -> None:
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    assert client.get("/survei/baru/").status_code == status


def test_home_page_requires_login(world: Any) -> None:
    assert Client().get("/survei/").status_code == 302


def test_home_page_lists_periods_of_own_kecamatan_only(world: Any) -> None:
    make_period(world, title="SKM Yosowilangun")
    make_period(world, title="SKM kecamatan lain", district=world.other_district)
    html = logged_in(world.admin).get("/survei/").content.decode()
    assert ("SKM Yosowilangun" in html, "SKM kecamatan lain" in html) == (True, False)


def test_home_page_query_count_is_constant(world: Any, django_assert_num_queries: Any) -> None:
    client = logged_in(world.admin)
    make_period(world)
    client.get("/survei/")
    with django_assert_num_queries(6):
        client.get("/survei/")
    make_period(world, title="B")
    make_period(world, title="C")
    with django_assert_num_queries(6):
        client.get("/survei/")


def test_create_page_by_admin_makes_draft_with_target(world: Any) -> None:
    reply = logged_in(world.admin).post(
        "/survei/baru/",
        {
            "district": world.district.pk,
            "title": "SKM 2026",
            "service_unit": "Seksi Trantib",
            "services": "Izin keramaian",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "population": "1000",
            "follow_up_plan": "",
        },
    )
    period = SurveyPeriod.objects.get()
    assert reply.status_code == 302
    assert (period.status, period.sample_target, period.elements.count()) == ("draft", 278, 9)


def test_create_page_by_camat_is_404(world: Any) -> None:
    assert logged_in(world.camat).get("/survei/baru/").status_code == 404


def test_edit_page_recomputes_target_and_saves_follow_up(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    data = {
        "title": period.title,
        "service_unit": period.service_unit,
        "services": period.services,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "population": "50",
        "follow_up_plan": "Menambah kursi ruang tunggu.",
    }
    logged_in(world.admin).post(f"/survei/{period.pk}/ubah/", data)
    period.refresh_from_db()
    assert (period.sample_target, period.follow_up_plan) == (44, "Menambah kursi ruang tunggu.")


def test_edit_page_by_camat_is_forbidden(world: Any) -> None:
    period = make_period(world)
    assert logged_in(world.camat).get(f"/survei/{period.pk}/ubah/").status_code == 403


def test_transition_button_opens_period(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    logged_in(world.admin).post(f"/survei/{period.pk}/status/", {"status": "open"})
    period.refresh_from_db()
    assert period.status == "open"
    assert AuditEntry.objects.filter(action="transition", object_id=str(period.pk)).count() == 1


def test_detail_page_shows_result_warning_and_weakest_suggestions(world: Any) -> None:
    period = make_period(world)
    answer(period, 4)
    answer(
        period, {**{f"U{i}": 3 for i in range(1, 10)}, "U4": 1}, suggestion="Biaya fotokopi mahal"
    )
    html = logged_in(world.admin).get(f"/survei/{period.pk}/").content.decode()
    assert 'id="below-target"' in html
    assert "Biaya fotokopi mahal" in html
    weakest = re.search(r'<ol id="weakest">(.*?)</ol>', html, re.S)
    assert weakest is not None
    assert weakest.group(1).index("U4 Biaya/Tarif") < weakest.group(1).index("U1 Persyaratan")
    assert "2 / 80" in html


def test_results_fragment_renders_for_htmx(world: Any) -> None:
    period = make_period(world)
    answer(period, 4)
    html = logged_in(world.camat).get(f"/survei/{period.pk}/hasil/").content.decode()
    assert 'id="ikm-value">100,00<' in html


def test_detail_page_shows_trend_of_earlier_periods(world: Any) -> None:
    import datetime as dt

    earlier = make_period(
        world, title="SKM 2025", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)
    )
    answer(earlier, 3)
    current = make_period(world, title="SKM 2026")
    html = logged_in(world.admin).get(f"/survei/{current.pk}/").content.decode()
    trend = re.search(r'<table[^>]*id="trend-table">(.*?)</table>', html, re.S)
    assert trend is not None
    assert ("SKM 2025" in trend.group(1), "75,00" in trend.group(1)) == (True, True)


def test_poster_has_qr_svg_and_short_address(world: Any) -> None:
    period = make_period(world)
    html = logged_in(world.admin).get(f"/survei/{period.pk}/poster/").content.decode()
    assert "<svg" in html
    assert f"http://testserver/s/{period.short_code}/" in html


def test_paper_entry_saves_once_per_form(world: Any) -> None:
    period = make_period(world)
    client = logged_in(world.admin)
    first = client.post(f"/survei/{period.pk}/entri/", form_data(period))
    second = client.post(f"/survei/{period.pk}/entri/", form_data(period))
    response = SurveyResponse.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert (response.source, response.entered_by) == (ResponseSource.PAPER, world.admin)


def test_paper_entry_allowed_after_close(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    logged_in(world.admin).post(f"/survei/{period.pk}/entri/", form_data(period))
    assert SurveyResponse.objects.count() == 1


def test_paper_entry_refused_after_publication(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.PUBLISHED)
    logged_in(world.admin).post(f"/survei/{period.pk}/entri/", form_data(period))
    assert SurveyResponse.objects.count() == 0


def _xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        headers
        or [
            "Nomor kuesioner",
            "Jenis kelamin (L/P)",
            "Umur",
            "Pendidikan",
            "Pekerjaan",
            "Layanan yang diterima",
            *[f"U{i}" for i in range(1, 10)],
            "Saran",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "kuesioner.xlsx"
    return buffer


def test_import_template_has_period_columns(world: Any) -> None:
    period = make_period(world)
    reply = logged_in(world.admin).get(f"/survei/{period.pk}/impor/templat.xlsx")
    sheet = load_workbook(io.BytesIO(reply.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert [header[0], *header[5:8]] == ["Nomor kuesioner", "Layanan yang diterima", "U1", "U2"]


def test_import_template_round_trips_through_import(world: Any) -> None:
    period = make_period(world)
    client = logged_in(world.admin)
    book = load_workbook(io.BytesIO(client.get(f"/survei/{period.pk}/impor/templat.xlsx").content))
    assert book.sheetnames[:2] == ["Kuesioner", "Petunjuk"]
    examples = {row[0]: row[4] for row in book["Petunjuk"].iter_rows(min_row=2, values_only=True)}
    data = book["Kuesioner"]
    data.append([examples[c.value] for c in data[1]])
    filled = io.BytesIO()
    book.save(filled)
    filled.seek(0)
    filled.name = "templat.xlsx"
    html = _upload(client, period, filled).content.decode()
    assert 'id="import-ok"' in html
    assert 'id="count-created">1<' in html


def test_import_of_unfilled_template_imports_no_example_row(world: Any) -> None:
    period = make_period(world)
    client = logged_in(world.admin)
    template = io.BytesIO(client.get(f"/survei/{period.pk}/impor/templat.xlsx").content)
    template.name = "templat.xlsx"
    html = _upload(client, period, template).content.decode()
    assert 'id="file-error"' in html
    assert SurveyResponse.objects.count() == 0


def test_import_preview_lists_row_and_column_errors_saves_nothing(world: Any) -> None:
    period = make_period(world)
    rows = [
        ["1", "L", 30, "sma", "pns", "", 4, 4, 4, 4, 4, 4, 4, 4, 4, ""],
        ["2", "X", 30, "sma", "pns", "", 4, 4, 4, 5, 4, 4, 4, 4, 4, ""],
        ["3", "P", 30, "kuliah", "pns", "", 4, 4, 4, 4, 4, 4, 4, 4, None, ""],
        [None, "P", 30.7, "sma", "pns", "", 4, 4, 4, 4, 4, 4, 4, 4, 4, ""],
        [1, "P", 30, "sma", "pns", "", 4, 4, 4, 4, 4, 4, 4, 4, 4, ""],
    ]
    html = _upload(logged_in(world.admin), period, _xlsx(rows)).content.decode()
    errors = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>", html)
    assert errors == [
        ("3", "Jenis kelamin (L/P)"),
        ("3", "U4"),
        ("4", "Pendidikan"),
        ("4", "U9"),
        ("5", "Nomor kuesioner"),
        ("5", "Umur"),
        ("6", "Nomor kuesioner"),
    ]
    assert "Umur harus bilangan bulat (tahun), misalnya 30." in html
    assert "Nomor kuesioner 1 sudah dipakai di baris 2 berkas ini." in html
    assert "Jawaban harus berupa angka 1 sampai 4." in html
    assert SurveyResponse.objects.count() == 0


def test_import_confirm_saves_all_rows_once(world: Any) -> None:
    period = make_period(world)
    rows = [
        ["A-1", "L", 30, "SMA/sederajat", "pns", "izin KERAMAIAN", *[3] * 9, "Bagus"],
        ["A-2", "P", 52, "sd", "petani", "", *[4] * 9, ""],
    ]
    client = logged_in(world.admin)
    preview = _upload(client, period, _xlsx(rows))
    html = preview.content.decode()
    assert re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>", html)[:2] == [
        ("2", "A-1"),
        ("3", "A-2"),
    ]
    url = preview.redirect_chain[-1][0]
    first = client.post(url, {"confirm": "1"})
    second = client.post(url, {"confirm": "1"})
    assert (first.status_code, second.status_code) == (302, 302)
    stored = SurveyResponse.objects.order_by("age").values_list("source", "education", "service")
    # The service typed in any case is stored as the period spells it.
    assert list(stored) == [("import", "sma", "Izin keramaian"), ("import", "sd", "")]
    assert AuditEntry.objects.filter(action="import").count() == 2


def _upload(client: Client, period: Any, upload: Any) -> Any:
    """Upload a file; the reply is the preview page of the staged batch (redirects followed)."""
    return client.post(f"/survei/{period.pk}/impor/", {"file": upload}, follow=True)


def _import(client: Client, period: Any, rows: list[list[Any]]) -> str:
    preview = _upload(client, period, _xlsx(rows))
    assert preview.redirect_chain, preview.content.decode()
    client.post(preview.redirect_chain[-1][0], {"confirm": "1"})
    return preview.content.decode()


def test_import_again_with_one_more_row_stores_only_the_new_row(world: Any) -> None:
    period = make_period(world)
    rows = [
        ["001", "L", 30, "sma", "pns", "izin KERAMAIAN", *[3] * 9, ""],
        ["002", "P", 52, "sd", "petani", "", *[4] * 9, ""],
    ]
    client = logged_in(world.admin)
    _import(client, period, rows)
    edited = [rows[0], [1.0, "P", 40, "s1", "swasta", "", *[2] * 9, ""], rows[1]]
    edited[0] = [" 001 ", *rows[0][1:]]
    html = _import(client, period, edited)
    stored = re.findall(r'<tr class="stored-row">\s*<td>(\d+)</td>\s*<td>([^<]+)</td>', html)
    assert stored == [("2", "001"), ("4", "002")]
    assert sorted(SurveyResponse.objects.values_list("age", flat=True)) == [30, 40, 52]


def test_import_rejects_file_that_is_not_xlsx(world: Any) -> None:
    period = make_period(world)
    upload = io.BytesIO(b"not a spreadsheet")
    upload.name = "data.xlsx"
    html = (
        logged_in(world.admin)
        .post(f"/survei/{period.pk}/impor/", {"file": upload})
        .content.decode()
    )
    assert 'id="file-error"' in html


def _respond(period: Any, *, sex: str, age: int, education: str, suggestion: str = "") -> Any:
    body = payload(3)
    body["respondent"].update({"sex": sex, "age": age, "education": education})
    return submit_response(
        period=period,
        submission=Submission(
            client_id=body["client_id"],
            answers=body["answers"],
            respondent=body["respondent"],
            suggestion=suggestion,
        ),
    )[0]


def test_raw_data_xlsx_has_no_identifying_columns(world: Any) -> None:
    period = make_period(world)
    first = _respond(period, sex="P", age=47, education="s1", suggestion='=HYPERLINK("x")')
    _respond(period, sex="L", age=23, education="sma", suggestion="Zebra cross di depan kantor")
    _respond(period, sex="L", age=61, education="sd")
    reply = logged_in(world.camat).get(f"/survei/{period.pk}/data.xlsx")
    book = load_workbook(io.BytesIO(reply.getvalue()))
    raw, suggestions = book.worksheets[0], book.worksheets[1]
    rows = [[c.value for c in row] for row in raw.iter_rows()]
    text = " ".join(str(v) for row in rows for v in row)
    assert rows[0][:6] == [
        "No.",
        "Jenis kelamin",
        "Kelompok umur",
        "Pendidikan",
        "Pekerjaan",
        "Layanan yang diterima",
    ]
    assert [row[:3] for row in rows[1:]] == [
        [1, "Laki-laki", "20-29 tahun"],
        [2, "Laki-laki", "60 tahun ke atas"],
        [3, "Perempuan", "40-49 tahun"],
    ]
    assert (str(first.client_id) in text, "HYPERLINK" in text, "Zebra" in text) == (
        False,
        False,
        False,
    )
    assert [[c.value for c in row] for row in suggestions.iter_rows()] == [
        ["Saran"],
        ['\'=HYPERLINK("x")'],
        ["Zebra cross di depan kantor"],
    ]


def test_report_pdf_has_ikm_grade_follow_up_and_camat(world: Any) -> None:
    from pypdf import PdfReader

    office = OfficeProfile.objects.create(
        district=world.district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN",
        address="Jl. Mayjen Soekartijo No. 56",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Lumajang",
    )
    Signatory.objects.create(
        office=office, role="camat", title="CAMAT YOSOWILANGUN", name="Budi Santoso"
    )
    period = make_period(world, follow_up_plan="Menambah papan informasi biaya.")
    answer(period, 4)
    answer(period, 3, suggestion="Ruang tunggu panas")
    reply = logged_in(world.admin).get(f"/survei/{period.pk}/laporan.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reply.content)).pages)
    text = " ".join(text.split())
    assert reply["Content-Type"] == "application/pdf"
    for expected in (
        "KECAMATAN YOSOWILANGUN",
        "87,50",
        "Menambah papan informasi biaya.",
        "Budi Santoso",
        "Krejcie",
        "belum representatif",
    ):
        assert expected in text


def test_public_questionnaire_renders_each_question_with_its_labels(world: Any) -> None:
    period = make_period(world)
    html = Client().get(f"/s/{period.short_code}/").content.decode()
    assert ("Sangat mahal" in html, "Dikelola dengan baik" in html, 'name="website"' in html) == (
        True,
        True,
        True,
    )
    assert re.search(r'name="client_id" value="[0-9a-f-]{36}"', html) is not None


def test_public_questionnaire_post_counts_double_submit_once(world: Any) -> None:
    period = make_period(world)
    client = Client()
    first = client.post(f"/s/{period.short_code}/", form_data(period))
    second = client.post(f"/s/{period.short_code}/", form_data(period))
    assert (first.status_code, second.status_code) == (302, 302)
    assert SurveyResponse.objects.get().source == ResponseSource.ONLINE


def test_public_questionnaire_honeypot_rejected_saves_nothing(world: Any) -> None:
    period = make_period(world)
    reply = Client().post(f"/s/{period.short_code}/", form_data(period, website="spam"))
    assert (reply.status_code, SurveyResponse.objects.count()) == (400, 0)
    assert "Kiriman ditolak." in reply.content.decode()


def test_public_questionnaire_missing_answer_says_why(world: Any) -> None:
    period = make_period(world)
    data = form_data(period)
    del data["U5"]
    reply = Client().post(f"/s/{period.short_code}/", data)
    assert (reply.status_code, SurveyResponse.objects.count()) == (400, 0)
    assert "belum dijawab" in reply.content.decode()


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=1)
def test_public_questionnaire_rate_limited_says_why(world: Any, same_minute: None) -> None:
    period = make_period(world)
    client = Client()
    client.post(f"/s/{period.short_code}/", form_data(period))
    reply = client.post(
        f"/s/{period.short_code}/",
        form_data(period, client_id="7c1d7a9e-2b7c-4f0e-8f55-1a2b3c4d5e6f"),
    )
    assert (reply.status_code, SurveyResponse.objects.count()) == (429, 1)
    assert "Terlalu banyak kiriman" in reply.content.decode()


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=1)
def test_public_questionnaire_resend_is_not_counted_by_rate_limit(
    world: Any, same_minute: None
) -> None:
    period = make_period(world)
    codes = [
        Client().post(f"/s/{period.short_code}/", form_data(period)).status_code for _ in "abc"
    ]
    assert (codes, SurveyResponse.objects.count()) == ([302, 302, 302], 1)


def test_public_questionnaire_of_draft_period_is_404(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    client = Client()
    replies = [client.get(f"/s/{period.short_code}/"), client.post(f"/s/{period.short_code}/")]
    assert [r.status_code for r in replies] == [404, 404]


def test_public_questionnaire_closed_period_takes_nothing(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    reply = Client().post(f"/s/{period.short_code}/", form_data(period))
    assert (reply.status_code, SurveyResponse.objects.count()) == (409, 0)
    assert "sudah ditutup" in reply.content.decode()


def test_public_unknown_code_is_404(world: Any) -> None:
    assert Client().get("/s/zzzzzz/").status_code == 404


def test_published_page_lists_only_published_with_elements(world: Any) -> None:
    published = make_period(world, title="SKM terbit", status=PeriodStatus.CLOSED)
    answer_closed = payload(3)
    submit_response(
        period=published,
        submission=Submission(
            client_id=answer_closed["client_id"],
            answers=answer_closed["answers"],
            respondent=answer_closed["respondent"],
        ),
        source=ResponseSource.PAPER,
        actor=world.admin,
    )
    from sitrantib.surveys.services import transition_period

    transition_period(period=published, status="published", actor=world.admin)
    make_period(world, title="SKM berjalan")
    html = Client().get("/s/").content.decode()
    assert ("SKM terbit" in html, "SKM berjalan" in html) == (True, False)
    assert ("75,00" in html, "U9 Sarana dan Prasarana" in html) == (True, True)


def test_import_accepts_common_header_spellings(world: Any) -> None:
    period = make_period(world)
    headers = [
        "No. kuesioner",
        "Jenis kelamin",
        "Usia",
        "Pendidikan terakhir",
        "Pekerjaan utama",
        "Layanan",
        *[f"u{i}" for i in range(1, 10)],
        "Saran dan masukan",
    ]
    rows = [[7, "L", 30, "sma", "pns", "izin KERAMAIAN", *[3] * 9, "Baik"]]
    html = _upload(logged_in(world.admin), period, _xlsx(rows, headers)).content.decode()
    assert 'id="import-ok"' in html


def test_pages_render_in_english(world: Any) -> None:
    period = make_period(world)
    answer(period, 3, suggestion="Lebih cepat")
    client = logged_in(world.admin)
    client.cookies["django_language"] = "en"
    detail = client.get(f"/survei/{period.pk}/").content.decode()
    public = client.get(f"/s/{period.short_code}/").content.decode()
    assert ("Weakest elements first" in detail, "Send answers" in public) == (True, True)


def test_report_pdf_without_office_profile_still_renders(world: Any) -> None:
    from pypdf import PdfReader

    period = make_period(world)
    reply = logged_in(world.camat).get(f"/survei/{period.pk}/laporan.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reply.content)).pages)
    assert "IKM belum dapat dihitung" in " ".join(text.split())


def test_home_page_for_other_roles_points_to_publication(world: Any) -> None:
    make_period(world, title="SKM Yosowilangun")
    reply = logged_in(world.staff).get("/survei/")
    html = reply.content.decode()
    assert (reply.status_code, 'id="not-section"' in html, "SKM Yosowilangun" in html) == (
        200,
        True,
        False,
    )
