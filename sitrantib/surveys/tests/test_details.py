"""Survey details (issue 9 point 11 and 5): the unanswered question named and focused, the
period's services as the only choice, empty labels, forms that keep values, publishing asked."""

import re
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from sitrantib.core.models import AuditEntry
from sitrantib.surveys import services
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse, split_services
from sitrantib.surveys.services import Submission, submit_response, validate_submission
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.surveys.tests.test_views import answer, form_data, logged_in

pytestmark = pytest.mark.django_db


def _radio(html: str, code: str, value: int) -> str:
    found = re.search(rf'<input type="radio" name="{code}" value="{value}"[^>]*>', html)
    assert found, (code, value)
    return found.group(0)


# --- the unanswered question -------------------------------------------------------------------


def test_unanswered_question_is_named_beside_it_and_focused(world: Any) -> None:
    period = make_period(world)
    data = form_data(period, value=3)
    del data["U4"]
    reply = Client().post(f"/s/{period.short_code}/", data)
    html = reply.content.decode()
    assert (reply.status_code, SurveyResponse.objects.count()) == (400, 0)
    message = "Pertanyaan 4 — Biaya/Tarif: belum dijawab."
    assert f'id="error-U4">{message}</div>' in html
    assert f'<a href="#question-U4" class="alert-link">{message}</a>' in html
    # The browser opens the page at the question, without JavaScript.
    assert "autofocus" in _radio(html, "U4", 1)
    assert html.count("autofocus") == 4  # the four answers of U4 only


def test_refused_questionnaire_keeps_every_answer(world: Any) -> None:
    period = make_period(world)
    data = form_data(period, value=2, service="Rekomendasi izin keramaian")
    del data["U9"]
    html = Client().post(f"/s/{period.short_code}/", data).content.decode()
    for code in (f"U{i}" for i in range(1, 9)):
        assert "checked" in _radio(html, code, 2), code
    assert "checked" not in _radio(html, "U9", 2)
    assert 'value="41"' in html
    assert '<option value="s1" selected>' in html
    assert '<option value="Rekomendasi izin keramaian" selected>' in html
    assert "Antrian perlu nomor</textarea>" in html
    assert 'value="3b8e5a4e-8f61-4c55-9b8d-6b1a2f0a9c11"' in html  # the same questionnaire


def test_first_error_in_page_order_gets_the_focus(world: Any) -> None:
    period = make_period(world)
    data = form_data(period)
    del data["U2"]
    data["age"] = "7"
    html = Client().post(f"/s/{period.short_code}/", data).content.decode()
    assert re.search(r'<input type="number" name="age"[^>]*autofocus', html)
    assert "autofocus" not in _radio(html, "U2", 1)


def test_paper_entry_names_the_unanswered_question_and_keeps_values(world: Any) -> None:
    period = make_period(world)
    data = form_data(period, value=4)
    del data["U1"]
    reply = logged_in(world.admin).post(f"/survei/{period.pk}/entri/", data)
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Pertanyaan 1 — Persyaratan: belum dijawab." in html
    assert "checked" in _radio(html, "U2", 4)
    assert SurveyResponse.objects.count() == 0


# --- the period's services ---------------------------------------------------------------------


def test_services_are_typed_one_per_line_without_repeats() -> None:
    assert split_services("  Izin  keramaian \n\nLegalisasi\nizin keramaian\n") == [
        "Izin keramaian",
        "Legalisasi",
    ]


def test_public_form_offers_only_the_period_services(world: Any) -> None:
    period = make_period(world, services="Legalisasi surat\nIzin keramaian")
    make_period(world, title="Lain", services="Pelayanan KTP")
    html = Client().get(f"/s/{period.short_code}/").content.decode()
    select = re.search(r'<select name="service".*?</select>', html, re.S)
    assert select
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) == [
        "— pilih layanan —",
        "Legalisasi surat",
        "Izin keramaian",
    ]


def test_public_form_refuses_another_service_beside_the_field(world: Any) -> None:
    period = make_period(world, services="Legalisasi surat\nIzin keramaian")
    reply = Client().post(f"/s/{period.short_code}/", form_data(period, service="Pelayanan KTP"))
    html = reply.content.decode()
    assert (reply.status_code, SurveyResponse.objects.count()) == (400, 0)
    assert (
        '<div class="text-danger small" id="error-service">'
        "Pilih layanan dari daftar: Legalisasi surat; Izin keramaian.</div>"
    ) in html
    assert re.search(r'<select name="service"[^>]*autofocus', html)


def test_public_form_requires_a_service_when_the_period_has_several(world: Any) -> None:
    period = make_period(world)
    reply = Client().post(f"/s/{period.short_code}/", form_data(period, service=""))
    assert reply.status_code == 400
    assert "Pilih layanan yang Anda terima." in reply.content.decode()


def test_single_service_is_chosen_already(world: Any) -> None:
    period = make_period(world, services="Izin keramaian")
    html = Client().get(f"/s/{period.short_code}/").content.decode()
    assert '<option value="Izin keramaian" selected>' in html


def test_service_layer_refuses_another_service(world: Any) -> None:
    period = make_period(world)
    body = payload()
    body["respondent"]["service"] = "Pelayanan KTP"
    with pytest.raises(services.InvalidSubmission) as caught:
        validate_submission(
            period=period,
            submission=Submission(
                client_id=uuid.uuid4(), answers=body["answers"], respondent=body["respondent"]
            ),
        )
    assert caught.value.errors["respondent"]["service"] == [
        services.MESSAGE_SERVICE_UNKNOWN
        % {"service": "Pelayanan KTP", "services": "Izin keramaian; Rekomendasi izin keramaian"}
    ]


def test_api_refuses_another_service_with_a_clear_message(world: Any) -> None:
    period = make_period(world)
    body = payload()
    body["respondent"]["service"] = "Pelayanan KTP"
    reply = APIClient().post(f"/api/v1/surveys/{period.pk}/responses/", body, format="json")
    assert reply.status_code == 400
    assert "tidak termasuk layanan periode survei ini" in str(reply.json())
    assert SurveyResponse.objects.count() == 0


def test_service_in_another_case_is_stored_as_the_period_spells_it(world: Any) -> None:
    period = make_period(world)
    body = payload()
    body["respondent"]["service"] = "  IZIN   keramaian "
    response, created = submit_response(
        period=period,
        submission=Submission(
            client_id=uuid.uuid4(), answers=body["answers"], respondent=body["respondent"]
        ),
    )
    assert (created, response.service) == (True, "Izin keramaian")


def test_period_without_services_does_not_ask_and_refuses_a_named_service(world: Any) -> None:
    period = make_period(world, services="")
    html = Client().get(f"/s/{period.short_code}/").content.decode()
    assert 'name="service"' not in html
    data = form_data(period)
    del data["service"]
    assert Client().post(f"/s/{period.short_code}/", data).status_code == 302
    body = payload()
    reply = APIClient().post(f"/api/v1/surveys/{period.pk}/responses/", body, format="json")
    assert reply.status_code == 400
    assert services.MESSAGE_SERVICE_NONE in str(reply.json())
    assert list(SurveyResponse.objects.values_list("service", flat=True)) == [""]


def test_paper_entry_offers_only_the_period_services_and_may_stay_empty(world: Any) -> None:
    period = make_period(world)
    admin = logged_in(world.admin)
    html = admin.get(f"/survei/{period.pk}/entri/").content.decode()
    select = re.search(r'<select name="service".*?</select>', html, re.S)
    assert select
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) == [
        "— tidak diisi —",
        "Izin keramaian",
        "Rekomendasi izin keramaian",
    ]
    assert admin.post(f"/survei/{period.pk}/entri/", form_data(period, service="")).status_code
    refused = admin.post(
        f"/survei/{period.pk}/entri/",
        form_data(period, service="Pelayanan KTP", client_id=str(uuid.uuid4())),
    )
    assert refused.status_code == 200
    assert "Pilih layanan dari daftar" in refused.content.decode()
    assert list(SurveyResponse.objects.values_list("service", flat=True)) == [""]


def test_period_form_takes_services_one_per_line(world: Any) -> None:
    admin = logged_in(world.admin)
    reply = admin.post(
        "/survei/baru/",
        {
            "title": "SKM 2026",
            "service_unit": "Seksi Trantib",
            "district": world.district.code,
            "services": "Izin keramaian\r\nLegalisasi surat",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "population": "100",
        },
    )
    assert reply.status_code == 302
    assert SurveyPeriod.objects.get().service_list == ["Izin keramaian", "Legalisasi surat"]


def test_period_with_a_too_long_service_is_refused_and_keeps_values(world: Any) -> None:
    admin = logged_in(world.admin)
    reply = admin.post(
        "/survei/baru/",
        {
            "title": "SKM 2026",
            "service_unit": "Seksi Trantib",
            "district": world.district.code,
            "services": "Izin\n" + "x" * 201,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "population": "100",
        },
    )
    html = reply.content.decode()
    assert (reply.status_code, SurveyPeriod.objects.count()) == (200, 0)
    assert "Nama satu layanan paling panjang 200 karakter." in html
    assert 'value="SKM 2026"' in html
    assert 'value="2026-03-31"' in html


def test_too_many_services_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_period(world, services="\n".join(f"Layanan {i}" for i in range(21)))
    assert "services" in caught.value.message_dict


# --- point 5: refused survey forms keep their values --------------------------------------------


def test_refused_period_edit_keeps_values_with_error_beside_field(world: Any) -> None:
    period = make_period(world)
    reply = logged_in(world.admin).post(
        f"/survei/{period.pk}/ubah/",
        {
            "title": "Judul baru",
            "service_unit": period.service_unit,
            "services": period.services,
            "period_start": "2026-01-01",
            "period_end": "2027-06-30",
            "population": "250",
            "follow_up_plan": "Tambah kursi tunggu",
            "version": period.version,
        },
    )
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Satu periode survei paling lama 366 hari." in html
    assert 'value="Judul baru"' in html
    assert 'value="250"' in html
    assert "Tambah kursi tunggu</textarea>" in html
    period.refresh_from_db()
    assert period.title == "SKM Triwulan I 2026"


# --- publishing asks first ---------------------------------------------------------------------


def _publish_url(period: Any) -> str:
    return f"/survei/{period.pk}/publikasi/"


def test_publish_page_states_the_sample_shortfall(world: Any) -> None:
    period = make_period(world, population=100)  # target 80
    for _ in range(3):
        answer(period)
    period = services.transition_period(period=period, status="closed", actor=world.admin)
    html = logged_in(world.admin).get(_publish_url(period)).content.decode()
    assert "Target sampel 80 responden; baru 3 — kurang 77." in html
    assert 'name="accept_below_target"' in html


def test_publish_button_on_detail_page_opens_the_confirmation(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    html = logged_in(world.admin).get(f"/survei/{period.pk}/").content.decode()
    assert f'href="{_publish_url(period)}">Publikasikan</a>' in html


def test_publish_below_target_without_the_tick_publishes_nothing(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    reply = logged_in(world.admin).post(_publish_url(period), {"version": period.version})
    assert reply.status_code == 400
    assert "Sampel masih kurang 80 responden." in reply.content.decode()
    period.refresh_from_db()
    assert (period.status, period.published_at) == (PeriodStatus.CLOSED, None)


def test_publish_below_target_after_the_tick_is_published_and_audited(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    reply = logged_in(world.admin).post(
        _publish_url(period), {"version": period.version, "accept_below_target": "on"}
    )
    assert reply.status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED
    entry = AuditEntry.objects.filter(object_id=str(period.pk), action="transition").latest("pk")
    assert entry.note == "Dipublikasikan dengan sampel kurang 80 responden."


def test_publish_at_target_asks_only_for_confirmation(world: Any) -> None:
    period = make_period(world, population=10)  # target 10
    for _ in range(10):
        answer(period)
    period = services.transition_period(period=period, status="closed", actor=world.admin)
    admin = logged_in(world.admin)
    html = admin.get(_publish_url(period)).content.decode()
    assert "Target sampel 10 responden; sudah 10 — target tercapai." in html
    assert "accept_below_target" not in html
    assert admin.post(_publish_url(period), {"version": period.version}).status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED


def test_status_button_cannot_publish_without_the_confirmation(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    reply = logged_in(world.admin).post(
        f"/survei/{period.pk}/status/", {"status": "published", "version": period.version}
    )
    assert reply.status_code == 302
    assert reply["Location"] == _publish_url(period)
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED


def test_publish_of_an_open_period_is_refused(world: Any) -> None:
    period = make_period(world)
    reply = logged_in(world.admin).post(
        _publish_url(period), {"version": period.version, "accept_below_target": "on"}
    )
    assert reply.status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN


def test_stale_publish_is_refused_with_who_changed_what(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    opened = period.version
    services.update_period(period=period, changes={"title": "Baru"}, actor=world.admin)
    reply = logged_in(world.admin).post(
        _publish_url(period), {"version": opened, "accept_below_target": "on"}
    )
    assert reply.status_code == 400
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("camat", 403), ("staff", 404), ("outsider", 404), ("anonymous", 302)],
)
def test_publish_page_by_role(world: Any, who: str, status: int) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    assert client.get(_publish_url(period)).status_code == status
    assert client.post(_publish_url(period), {"accept_below_target": "on"}).status_code in (
        status if status != 200 else 400,
        302,
    )
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED or who == "admin"


# --- no "---------" ----------------------------------------------------------------------------


def test_no_survey_page_shows_a_dashed_empty_label(world: Any) -> None:
    period = make_period(world)
    closed = make_period(world, title="Ditutup", status=PeriodStatus.CLOSED)
    admin = logged_in(world.admin)
    pages = [
        admin.get("/survei/"),
        admin.get("/survei/?status=open"),
        admin.get("/survei/baru/"),
        admin.get("/survei/unsur/"),
        admin.get(f"/survei/{period.pk}/"),
        admin.get(f"/survei/{period.pk}/ubah/"),
        admin.get(f"/survei/{period.pk}/entri/"),
        admin.post(f"/survei/{period.pk}/entri/", {"age": "x"}),
        admin.get(f"/survei/{period.pk}/impor/"),
        admin.get(f"/survei/{closed.pk}/publikasi/"),
        admin.post(f"/survei/{closed.pk}/publikasi/", {}),
        admin.post("/survei/baru/", {"title": "x"}),
        Client().get(f"/s/{period.short_code}/"),
        Client().post(f"/s/{period.short_code}/", {"age": "x"}),
        Client().get("/s/"),
    ]
    for reply in pages:
        assert reply.status_code in (200, 400), reply.request
        assert "---------" not in reply.content.decode(), reply.request["PATH_INFO"]
    assert "— pilih pendidikan —" in pages[-3].content.decode()
    assert "— pilih pekerjaan —" in pages[-3].content.decode()


def test_new_period_kecamatan_choice_has_a_real_empty_label(world: Any) -> None:
    from sitrantib.regions.models import District
    from sitrantib.surveys.forms import PeriodForm

    form = PeriodForm(districts=District.objects.order_by("code"))
    html = str(form["district"])
    assert "— pilih kecamatan —" in html
    assert "---------" not in html


# --- point 6: the report while the period is open ----------------------------------------------


def _report(world: Any, period: Any) -> list[str]:
    """The text of each page of the period's report PDF, spaces collapsed."""
    import io

    from pypdf import PdfReader

    reply = logged_in(world.admin).get(f"/survei/{period.pk}/laporan.pdf")
    assert reply["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(reply.content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def _office_with_camat(world: Any) -> None:
    from sitrantib.regions.models import OfficeProfile, Signatory

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
        office=office,
        role="camat",
        title="CAMAT YOSOWILANGUN",
        name="Budi Santoso",
        rank="Pembina Tk. I",
        nip="197001011990031005",
    )


def test_report_of_an_open_period_is_marked_provisional_on_every_page(world: Any) -> None:
    _office_with_camat(world)
    period = make_period(world)
    answer(period, 3, suggestion="Ruang tunggu panas")
    pages = _report(world, period)
    assert all("SEMENTARA" in page for page in pages)
    # The signature block: title, name, rank and grouped NIP on one page.
    signed = [p for p in pages if "Budi Santoso" in p]
    assert len(signed) == 1
    assert "CAMAT YOSOWILANGUN" in signed[0]
    assert "NIP. 19700101 199003 1 005" in signed[0]


@pytest.mark.parametrize("status", [PeriodStatus.CLOSED, PeriodStatus.PUBLISHED])
def test_report_of_a_closed_period_carries_no_provisional_mark(world: Any, status: str) -> None:
    _office_with_camat(world)
    period = make_period(world)
    answer(period, 3)
    period = services.transition_period(period=period, status="closed", actor=world.admin)
    if status == PeriodStatus.PUBLISHED:
        period = services.transition_period(period=period, status=status, actor=world.admin)
    pages = _report(world, period)
    assert not any("SEMENTARA" in page for page in pages)
    assert any("NIP. 19700101 199003 1 005" in page for page in pages)


def test_report_of_a_draft_period_is_provisional(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    assert "SEMENTARA" in _report(world, period)[0]


def test_details_read_in_english(world: Any) -> None:
    """English pages; the language the requests switch to is put back afterwards."""
    from django.utils import translation

    with translation.override("id"):
        period = make_period(world)
        closed = make_period(world, title="Ditutup", status=PeriodStatus.CLOSED)
        client = Client()
        client.cookies["django_language"] = "en"
        data = form_data(period)
        del data["U7"]
        public = client.post(f"/s/{period.short_code}/", data).content.decode()
        assert "Question 7 — Perilaku Pelaksana: not answered yet." in public
        assert "— choose education —" in public
        admin = logged_in(world.admin)
        admin.cookies["django_language"] = "en"
        page = admin.get(_publish_url(closed)).content.decode()
        assert "Sample target 80 respondents; only 0 so far — 80 short." in page


def test_api_creates_a_period_with_services_one_per_line_or_none(world: Any) -> None:
    api = APIClient()
    api.force_authenticate(world.admin)
    body = {
        "title": "SKM 2026",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "population": 220,
    }
    listed = api.post("/api/v1/surveys/", {**body, "service": "Izin\nLegalisasi"}, format="json")
    unlisted = api.post("/api/v1/surveys/", body, format="json")
    assert (listed.status_code, unlisted.status_code) == (201, 201)
    assert SurveyPeriod.objects.get(pk=listed.json()["id"]).service_list == ["Izin", "Legalisasi"]
    assert SurveyPeriod.objects.get(pk=unlisted.json()["id"]).service_list == []


def test_published_below_target_says_it_is_not_yet_representative(world: Any) -> None:
    short = make_period(world, title="Kurang", status=PeriodStatus.PUBLISHED)
    full = make_period(world, title="Cukup", population=10)
    for _ in range(10):
        answer(full)
    full = services.transition_period(period=full, status="closed", actor=world.admin)
    full = services.transition_period(period=full, status="published", actor=world.admin)
    html = Client().get("/s/").content.decode()
    assert f'id="below-target-{short.short_code}"' in html
    assert "Belum representatif: sampel kurang 80 responden dari target." in html
    assert f'id="below-target-{full.short_code}"' not in html
