"""The village-document pages: who opens what (an operator their desa, another kecamatan 404, a
partner nothing, anonymous to the login), the summary and its matrix, the late desa, the list, an
obligation with its forms (refused in Indonesian with nothing saved), the file served only in
scope, the administrator's pages, and a fixed number of queries whatever the number of desa."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.regions.models import Village
from sitrantib.testing.bad_input import HTML_PAGE, pdf_bytes
from sitrantib.testing.factories import make_region_tree, make_user
from sitrantib.testing.responses import release
from sitrantib.villagedocs import services
from sitrantib.villagedocs.enums import Frequency, ObligationStatus, OnTimeBasis, Verdict
from sitrantib.villagedocs.models import DocumentSettings, DocumentType, Obligation, Submission
from sitrantib.villagedocs.tests.factories import make_obligation, pdf_upload, receive

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=20)
FUTURE = TODAY + dt.timedelta(days=20)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(user, url):
    response = _client(user).get(url)
    release(response)
    return response


def _post(user, url, data):
    response = _client(user).post(url, data)
    release(response)
    return response


def _late(village, code="lppd", due=PAST):
    return make_obligation(village, code=code, due=due)


def _stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


READ_PAGES = ("villagedocs:home", "villagedocs:late", "villagedocs:obligation_list")
ADMIN_PAGES = (
    "villagedocs:generate",
    "villagedocs:event_create",
    "villagedocs:type_list",
    "villagedocs:type_create",
    "villagedocs:settings",
)


# Who opens what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("role", ["admin", "camat", "staff", "operator"])
def test_readers_open_the_reading_pages(world, name, role):
    assert _get(getattr(world, role), reverse(name)).status_code == 200


@pytest.mark.parametrize("name", READ_PAGES + ADMIN_PAGES)
def test_a_partner_opens_nothing_and_anonymous_goes_to_login(world, name):
    url = reverse(name)
    assert _get(world.partner, url).status_code == 403
    anonymous = _get(None, url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_only_the_administrator_opens_the_managing_pages(world, name):
    url = reverse(name)
    assert _get(world.admin, url).status_code == 200
    for role in ("camat", "staff", "operator"):
        assert _get(getattr(world, role), url).status_code == 403


@pytest.mark.parametrize("name", READ_PAGES + ADMIN_PAGES)
def test_another_kecamatan_asked_by_code_is_absent(world, name):
    url = reverse(name) + f"?kecamatan={world.other_district.code}"
    assert _get(world.admin, url).status_code == 404


def test_an_obligation_of_another_desa_or_kecamatan_is_absent(world):
    own = _late(world.village)
    sibling = _late(world.sibling_village)
    url = reverse("villagedocs:obligation_detail", args=[own.pk])
    assert _get(world.operator, url).status_code == 200
    assert _get(world.outsider, url).status_code == 404
    assert _get(world.partner, url).status_code == 403
    sibling_url = reverse("villagedocs:obligation_detail", args=[sibling.pk])
    assert _get(world.operator, sibling_url).status_code == 404


def test_the_tab_bar_offers_the_managing_pages_to_the_administrator_only(world):
    admin = _get(world.admin, reverse("villagedocs:home")).content.decode()
    operator = _get(world.operator, reverse("villagedocs:home")).content.decode()
    for name in ("villagedocs:type_list", "villagedocs:generate", "villagedocs:settings"):
        assert f'href="{reverse(name)}"' in admin
        assert f'href="{reverse(name)}"' not in operator
    assert f'href="{reverse("villagedocs:late")}"' in operator


def test_the_menu_offers_the_module(world):
    page = _get(world.camat, reverse("villagedocs:home")).content.decode()
    assert "Dokumen Desa" in page


# Summary -----------------------------------------------------------------------------------------


def test_the_summary_shows_each_state_in_words_and_links_each_obligation(world):
    year = PAST.year
    on_time = make_obligation(world.village, code="lppd", due=PAST, period_key=f"{year}-01")
    receive(
        on_time,
        timezone.make_aware(dt.datetime.combine(PAST, dt.time(9))),
        actor=world.staff,
        verdict="accepted",
    )
    late = make_obligation(world.sibling_village, code="lppd", due=PAST, period_key=f"{year}-01")
    page = _get(world.camat, reverse("villagedocs:home") + f"?tahun={year}").content.decode()
    assert 'data-state="on_time"' in page
    assert 'data-state="late"' in page
    assert reverse("villagedocs:obligation_detail", args=[on_time.pk]) in page
    assert reverse("villagedocs:obligation_detail", args=[late.pk]) in page
    assert "Diterima tepat waktu" in page
    assert "Terlambat" in page
    # One of two desa on time: 50 %, and the average of the one type is the same.
    assert "50,00 %" in page
    assert 'id="share-average"' in page


def test_an_operator_sees_only_their_own_desa_in_the_matrix(world):
    _late(world.village)
    _late(world.sibling_village)
    page = _get(world.operator, reverse("villagedocs:home") + f"?tahun={PAST.year}")
    text = page.content.decode()
    assert f'data-village="{world.village.code}"' in text
    assert f'data-village="{world.sibling_village.code}"' not in text
    assert "Dokumen Desa Darungan" in text


def test_a_kabupaten_sees_each_kecamatan_and_opens_one(world):
    _late(world.village)
    url = reverse("villagedocs:home") + f"?tahun={PAST.year}"
    page = _get(world.regency_admin, url).content.decode()
    assert f'data-district="{world.district.code}"' in page
    assert f"?kecamatan={world.district.code}" in page
    opened = _get(world.regency_admin, url + f"&kecamatan={world.district.code}")
    assert f'data-village="{world.village.code}"' in opened.content.decode()


def test_the_summary_offers_making_obligations_when_there_are_none(world):
    page = _get(world.admin, reverse("villagedocs:home")).content.decode()
    assert 'id="matrix-empty"' in page
    assert reverse("villagedocs:generate") in page


# Late desa ---------------------------------------------------------------------------------------


def test_the_late_page_lists_late_obligations_by_desa_with_days_late(world):
    late = _late(world.village)
    _late(world.sibling_village, due=FUTURE)  # not yet due
    page = _get(world.camat, reverse("villagedocs:late")).content.decode()
    assert f'data-obligation="{late.pk}"' in page
    assert f'data-village="{world.village.code}"' in page
    assert f'data-village="{world.sibling_village.code}"' not in page
    assert 'data-days-late="20"' in page
    assert "data-print" in page


# The list ----------------------------------------------------------------------------------------


def test_the_list_filters_by_desa_type_and_status(world):
    mine = _late(world.village)
    other = _late(world.sibling_village)
    soon = make_obligation(world.village, code="lpj-apbdes", due=FUTURE)
    base = reverse("villagedocs:obligation_list") + f"?tahun={PAST.year}"
    by_village = _get(world.admin, base + f"&desa={world.village.code}").content.decode()
    assert f'data-obligation="{mine.pk}"' in by_village
    assert f'data-obligation="{other.pk}"' not in by_village
    late = _get(world.admin, base + "&status=late").content.decode()
    assert f'data-obligation="{mine.pk}"' in late
    assert f'data-obligation="{soon.pk}"' not in late
    lppd = DocumentType.objects.get(district=None, code="lppd")
    by_type = _get(world.admin, base + f"&jenis={lppd.pk}&tahun={FUTURE.year}").content.decode()
    assert f'data-obligation="{soon.pk}"' not in by_type


def test_the_list_refuses_a_wrong_filter_in_indonesian(world):
    response = _get(world.admin, reverse("villagedocs:obligation_list") + "?tahun=99999")
    assert response.status_code == 400
    assert "id_tahun_error" in response.content.decode()


def test_the_list_shows_an_operator_their_own_desa_only(world):
    mine = _late(world.village)
    other = _late(world.sibling_village)
    url = reverse("villagedocs:obligation_list") + f"?tahun={PAST.year}"
    page = _get(world.operator, url).content.decode()
    assert f'data-obligation="{mine.pk}"' in page
    assert f'data-obligation="{other.pk}"' not in page


def test_the_list_pages_by_key(world):
    for month in range(1, 13):
        make_obligation(
            world.village,
            code="rekap-penduduk",
            due=dt.date(PAST.year, month, 10),
            period_key=f"{PAST.year}-{month:02d}",
        )
    from sitrantib.villagedocs.views import obligations as views

    first = _client(world.admin).get(reverse("villagedocs:obligation_list") + f"?tahun={PAST.year}")
    assert first.context["page"].page_size == 50
    assert len(first.context["rows"]) == 12
    assert views.ORDERING[-1] == "pk"
    release(first)


# One obligation and its forms --------------------------------------------------------------------


def test_the_operator_uploads_a_pdf_and_its_receipt_is_stamped_by_the_system(world):
    obligation = _late(world.village, due=FUTURE)
    before = timezone.now()
    response = _client(world.operator).post(
        reverse("villagedocs:submit", args=[obligation.pk]),
        {"submit-file": pdf_upload("LPPD Darungan.pdf"), "submit-note": "Sudah ditandatangani"},
    )
    release(response)
    assert response.status_code == 302
    submission = Submission.objects.get(obligation=obligation)
    assert submission.received_at >= before
    assert submission.received_by == world.operator
    assert submission.original_name == "LPPD Darungan.pdf"
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED
    page = _get(world.operator, obligation.get_absolute_url()).content.decode()
    assert "dicatat sistem" in page
    assert reverse("villagedocs:submission_file", args=[submission.pk]) in page
    assert "Sudah ditandatangani" in page


def test_a_wrong_file_is_refused_beside_the_field_and_nothing_is_stored(world):
    obligation = _late(world.village, due=FUTURE)
    bad = SimpleUploadedFile("lppd.pdf", HTML_PAGE, content_type="application/pdf")
    response = _client(world.operator).post(
        reverse("villagedocs:submit", args=[obligation.pk]), {"submit-file": bad}
    )
    release(response)
    assert response.status_code == 400
    text = response.content.decode()
    assert "id_submit-file_error" in text
    assert "PDF" in text
    assert not Submission.objects.exists()
    assert _stored_files() == []
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN


def test_an_upload_without_a_file_is_refused_in_indonesian(world):
    obligation = _late(world.village, due=FUTURE)
    response = _post(world.operator, reverse("villagedocs:submit", args=[obligation.pk]), {})
    assert response.status_code == 400
    assert "Unggah berkas dokumennya (PDF atau foto)." in response.content.decode()
    assert not Submission.objects.exists()


def test_another_desas_operator_cannot_upload(world):
    obligation = _late(world.village, due=FUTURE)
    response = _client(world.sibling_operator).post(
        reverse("villagedocs:submit", args=[obligation.pk]), {"submit-file": pdf_upload()}
    )
    release(response)
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_the_staff_stamp_a_paper_document_without_a_file(world):
    obligation = _late(world.village, due=FUTURE)
    response = _post(
        world.staff, reverse("villagedocs:stamp", args=[obligation.pk]), {"stamp-note": "Diantar"}
    )
    assert response.status_code == 302
    submission = Submission.objects.get(obligation=obligation)
    assert submission.channel == "stamp"
    assert not submission.file
    page = _get(world.staff, obligation.get_absolute_url()).content.decode()
    assert "tanpa berkas" in page
    assert 'id="judge-form"' in page


def test_an_operator_cannot_stamp(world):
    obligation = _late(world.village, due=FUTURE)
    response = _post(world.operator, reverse("villagedocs:stamp", args=[obligation.pk]), {})
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_the_forms_offered_follow_the_role(world):
    obligation = _late(world.village, due=FUTURE)
    url = obligation.get_absolute_url()
    operator = _get(world.operator, url).content.decode()
    assert 'id="submit-form"' in operator
    assert 'id="stamp-form"' not in operator
    assert 'id="waive-form"' not in operator
    staff = _get(world.staff, url).content.decode()
    assert 'id="stamp-form"' in staff
    assert 'id="submit-form"' not in staff
    assert 'id="waive-form"' not in staff
    assert 'id="waive-form"' in _get(world.admin, url).content.decode()
    camat = _get(world.camat, url).content.decode()
    assert '<form method="post"' not in camat


def test_returning_needs_a_reason_and_changes_nothing_without_one(world):
    obligation = _late(world.village, due=FUTURE)
    submission = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    url = reverse("villagedocs:judge", args=[submission.pk])
    refused = _post(world.staff, url, {"judge-decision": "return", "judge-reason": " "})
    assert refused.status_code == 400
    assert "Tulis alasan" in refused.content.decode()
    submission.refresh_from_db()
    assert submission.verdict == Verdict.PENDING
    returned = _post(
        world.staff, url, {"judge-decision": "return", "judge-reason": "Tanda tangan kurang"}
    )
    assert returned.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.RETURNED
    page = _get(world.operator, obligation.get_absolute_url()).content.decode()
    assert "Tanda tangan kurang" in page
    assert 'id="submit-form"' in page  # the desa may send it again


def test_accepting_marks_the_obligation_accepted_and_closes_its_forms(world):
    obligation = _late(world.village, due=FUTURE)
    submission = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    response = _post(
        world.staff,
        reverse("villagedocs:judge", args=[submission.pk]),
        {"judge-decision": "accept"},
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACCEPTED
    assert obligation.on_time is True
    page = _get(world.admin, obligation.get_absolute_url()).content.decode()
    assert 'data-state="on_time"' in page
    assert 'id="stamp-form"' not in page
    assert 'id="judge-form"' not in page


def test_an_operator_cannot_judge(world):
    obligation = _late(world.village, due=FUTURE)
    submission = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    response = _post(
        world.operator,
        reverse("villagedocs:judge", args=[submission.pk]),
        {"judge-decision": "accept"},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.verdict == Verdict.PENDING


def test_waiving_needs_a_reason_and_the_administrator(world):
    obligation = _late(world.village)
    url = reverse("villagedocs:waive", args=[obligation.pk])
    assert _post(world.staff, url, {"waive-reason": "x"}).status_code == 403
    refused = _post(world.admin, url, {"waive-reason": ""})
    assert refused.status_code == 400
    assert "id_waive-reason_error" in refused.content.decode()
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN
    done = _post(world.admin, url, {"waive-reason": "Kepala Desa belum dilantik"})
    assert done.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.WAIVED
    page = _get(world.camat, reverse("villagedocs:late")).content.decode()
    assert f'data-obligation="{obligation.pk}"' not in page


# The file ----------------------------------------------------------------------------------------


def test_the_file_is_served_only_in_scope(world):
    obligation = _late(world.village, due=FUTURE)
    submission = services.submit_document(
        obligation=obligation, actor=world.operator, file=pdf_upload()
    )
    url = reverse("villagedocs:submission_file", args=[submission.pk])
    for user in (world.operator, world.staff, world.camat, world.admin):
        response = _client(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        release(response)
    assert _get(world.sibling_operator, url).status_code == 404
    assert _get(world.outsider, url).status_code == 404
    assert _get(world.partner, url).status_code == 403
    assert _get(None, url).status_code == 302
    assert pdf_bytes()  # the factory's file is a real PDF


def test_a_stamp_without_a_file_has_no_file_to_serve(world):
    obligation = _late(world.village, due=FUTURE)
    submission = services.submit_document(obligation=obligation, actor=world.staff, stamp=True)
    url = reverse("villagedocs:submission_file", args=[submission.pk])
    assert _get(world.admin, url).status_code == 404


# The administrator's pages -----------------------------------------------------------------------


def test_generating_shows_how_many_were_made_and_is_idempotent(world):
    url = reverse("villagedocs:generate")
    first = _client(world.admin).post(url, {"tahun": 2027}, follow=True)
    made = Obligation.objects.filter(district=world.district, year=2027).count()
    assert made > 0
    assert f"{made} kewajiban dokumen tahun 2027 dibuat" in first.content.decode()
    release(first)
    again = _client(world.admin).post(url, {"tahun": 2027}, follow=True)
    assert "Tidak ada kewajiban baru" in again.content.decode()
    release(again)
    assert Obligation.objects.filter(district=world.district, year=2027).count() == made


def test_generating_refuses_a_wrong_year_in_indonesian(world):
    response = _post(world.admin, reverse("villagedocs:generate"), {"tahun": "dua ribu"})
    assert response.status_code == 400
    assert "id_tahun_error" in response.content.decode()
    assert not Obligation.objects.exists()


def test_an_event_obligation_gets_its_deadline_from_the_event(world):
    rpjmdes = DocumentType.objects.get(district=None, code="rpjmdes")
    response = _post(
        world.admin,
        reverse("villagedocs:event_create"),
        {"document_type": rpjmdes.pk, "desa": world.village.code, "event_date": "2026-11-30"},
    )
    assert response.status_code == 302
    obligation = Obligation.objects.get(document_type=rpjmdes)
    assert obligation.village == world.village
    assert obligation.event_date == dt.date(2026, 11, 30)
    assert obligation.due_date == dt.date(2027, 2, 28)


def test_an_event_obligation_without_its_date_is_refused(world):
    rpjmdes = DocumentType.objects.get(district=None, code="rpjmdes")
    response = _post(
        world.admin,
        reverse("villagedocs:event_create"),
        {"document_type": rpjmdes.pk, "desa": world.village.code, "event_date": ""},
    )
    assert response.status_code == 400
    assert "id_event_date_error" in response.content.decode()
    assert not Obligation.objects.exists()


def test_an_event_obligation_refuses_a_desa_of_another_kecamatan(world):
    rpjmdes = DocumentType.objects.get(district=None, code="rpjmdes")
    response = _post(
        world.admin,
        reverse("villagedocs:event_create"),
        {
            "document_type": rpjmdes.pk,
            "desa": world.foreign_village.code,
            "event_date": "2026-11-30",
        },
    )
    assert response.status_code == 400
    assert not Obligation.objects.exists()


def test_the_type_list_shows_own_types_editable_and_defaults_read_only(world):
    own = services.create_document_type(
        district=world.district,
        data={
            "code": "rekap-penduduk",
            "name": "Rekap penduduk (Perbup)",
            "frequency": "monthly",
            "due_day": 5,
        },
        actor=world.admin,
    )
    page = _get(world.admin, reverse("villagedocs:type_list")).content.decode()
    assert reverse("villagedocs:type_edit", args=[own.pk]) in page
    assert "digantikan jenis kecamatan" in page
    assert "paling lambat tanggal 5 bulan berikutnya" in page
    default = DocumentType.objects.get(district=None, code="lppd")
    assert reverse("villagedocs:type_edit", args=[default.pk]) not in page
    assert _get(world.admin, reverse("villagedocs:type_edit", args=[default.pk])).status_code == 404


def test_a_yearly_type_without_its_deadline_is_refused_beside_the_fields(world):
    response = _post(
        world.admin,
        reverse("villagedocs:type_create"),
        {
            "code": "perdes-lain",
            "name": "Perdes lain",
            "frequency": "yearly",
            "year_offset": 0,
            "order": 0,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "id_due_month_error" in text
    assert "Isi bulan batas waktu" in text
    assert not DocumentType.objects.filter(code="perdes-lain").exists()


def test_a_type_is_created_and_edited_with_its_example_deadline(world):
    response = _post(
        world.admin,
        reverse("villagedocs:type_create"),
        {
            "code": "profil-desa",
            "name": "Profil desa",
            "frequency": "yearly",
            "due_month": 2,
            "due_day": 31,
            "year_offset": 1,
            "order": 9,
            "counts_for_indicator": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = DocumentType.objects.get(district=world.district, code="profil-desa")
    edit_url = reverse("villagedocs:type_edit", args=[created.pk])
    page = _get(world.admin, edit_url).content.decode()
    year = TODAY.year
    assert (
        f"batas waktu 29 Februari {year + 1}" in page
        or f"batas waktu 28 Februari {year + 1}" in page
    )
    changed = _post(
        world.admin,
        edit_url,
        {
            "code": "profil-desa",
            "name": "Profil desa dan kelurahan",
            "frequency": "yearly",
            "due_month": 3,
            "due_day": 31,
            "year_offset": 1,
            "order": 9,
            "is_active": "on",
            "version": created.version,
        },
    )
    assert changed.status_code == 302
    created.refresh_from_db()
    assert created.name == "Profil desa dan kelurahan"
    assert created.due_month == 3


def test_a_type_code_used_twice_is_refused(world):
    data = {
        "code": "profil-desa",
        "name": "Profil desa",
        "frequency": "monthly",
        "year_offset": 0,
        "order": 0,
    }
    assert _post(world.admin, reverse("villagedocs:type_create"), data).status_code == 302
    again = _post(world.admin, reverse("villagedocs:type_create"), data)
    assert again.status_code == 400
    assert "sudah dipakai" in again.content.decode()
    assert DocumentType.objects.filter(code="profil-desa").count() == 1


def test_settings_change_the_basis_and_refuse_a_wrong_number(world):
    url = reverse("villagedocs:settings")
    page = _get(world.admin, url).content.decode()
    assert "Kiriman pertama" in page or "kiriman pertama" in page
    refused = _post(world.admin, url, {"on_time_basis": OnTimeBasis.FIRST, "reminder_days": -3})
    assert refused.status_code == 400
    assert "id_reminder_days_error" in refused.content.decode()
    assert not DocumentSettings.objects.filter(on_time_basis=OnTimeBasis.FIRST).exists()
    done = _post(world.admin, url, {"on_time_basis": OnTimeBasis.FIRST, "reminder_days": 5})
    assert done.status_code == 302
    row = DocumentSettings.objects.get(district=world.district)
    assert (row.on_time_basis, row.reminder_days) == (OnTimeBasis.FIRST, 5)


def test_a_wide_administrator_first_chooses_the_kecamatan(world):
    page = _get(world.national, reverse("villagedocs:generate")).content.decode()
    assert 'id="district-choices"' in page
    chosen = _get(
        world.national, reverse("villagedocs:generate") + f"?kecamatan={world.district.code}"
    )
    assert chosen.status_code == 200


# Queries -----------------------------------------------------------------------------------------


def _kecamatan_with(count: int, code: str):
    villages = [(f"{code}.2{n:03d}", f"Desa {n}") for n in range(1, count + 1)]
    district = make_region_tree(district_code=code, villages=villages)
    admin = make_user(role=Role.TRANTIB_ADMIN, district=district, username=f"admin{count}")
    services.generate_obligations(district=district, year=PAST.year, actor=admin)
    first = Obligation.objects.filter(district=district).order_by("pk").first()
    receive(
        first,
        timezone.make_aware(dt.datetime.combine(first.due_date, dt.time(9))),
        actor=admin,
        verdict="accepted",
    )
    return admin


def _queries(user, url):
    client = _client(user)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    release(response)
    return len(queries), response


@pytest.mark.parametrize(
    "name", ["villagedocs:home", "villagedocs:obligation_list", "villagedocs:late"]
)
def test_the_pages_run_the_same_queries_for_2_and_20_desa(db, name):
    small = _kecamatan_with(2, "35.08.01")
    large = _kecamatan_with(20, "35.08.02")
    url = reverse(name) + f"?tahun={PAST.year}"
    small_count, small_response = _queries(small, url)
    large_count, large_response = _queries(large, url)
    assert small_count == large_count
    if name == "villagedocs:home":
        assert len(small_response.context["matrix"]["rows"]) == 2
        assert len(large_response.context["matrix"]["rows"]) == 20
    assert Village.objects.count() == 22


def test_the_kabupaten_summary_runs_the_same_queries_for_1_and_3_kecamatan(world):
    from sitrantib.core.enums import Coverage

    services.generate_obligations(district=world.district, year=PAST.year, actor=world.admin)
    url = reverse("villagedocs:home") + f"?tahun={PAST.year}"
    one, _response = _queries(world.regency_admin, url)
    for code in ("35.08.03", "35.08.04"):
        district = make_region_tree(district_code=code, villages=[(f"{code}.2001", "Desa")])
        admin = make_user(role=Role.TRANTIB_ADMIN, district=district, username=f"a{code}")
        services.generate_obligations(district=district, year=PAST.year, actor=admin)
    regency = make_user(
        role=Role.TRANTIB_ADMIN,
        district=None,
        coverage=Coverage.REGENCY,
        regency=world.district.regency,
        username="adminkab2",
    )
    three, response = _queries(regency, url)
    assert one == three
    assert len(response.context["lines"]) == 4  # the two of the world and the two new
    assert Frequency.MONTHLY  # the generated obligations include the monthly summaries


def test_a_stale_type_edit_is_refused_and_keeps_the_newer_values(world):
    own = services.create_document_type(
        district=world.district,
        data={"code": "profil-desa", "name": "Profil desa", "frequency": "monthly"},
        actor=world.admin,
    )
    opened = own.version
    services.update_document_type(
        document_type=own, changes={"name": "Profil desa (baru)"}, actor=world.admin
    )
    response = _post(
        world.admin,
        reverse("villagedocs:type_edit", args=[own.pk]),
        {
            "code": "profil-desa",
            "name": "Profil lama",
            "frequency": "monthly",
            "year_offset": 0,
            "order": 0,
            "is_active": "on",
            "version": opened,
        },
    )
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.name == "Profil desa (baru)"


def test_judging_a_submission_of_another_kecamatan_is_absent(world):
    foreign = make_obligation(world.foreign_village, code="lppd", due=FUTURE)
    submission = services.submit_document(obligation=foreign, actor=world.outsider, stamp=True)
    response = _post(
        world.staff,
        reverse("villagedocs:judge", args=[submission.pk]),
        {"judge-decision": "accept"},
    )
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.verdict == Verdict.PENDING
