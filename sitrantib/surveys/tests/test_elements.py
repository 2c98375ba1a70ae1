"""The default questionnaire of a kecamatan: the edit page, its service, and what periods print."""

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sitrantib.core.models import AuditEntry
from sitrantib.surveys.models import Element
from sitrantib.surveys.services import ELEMENT_FIELDS, save_element_set
from sitrantib.surveys.tests.conftest import make_period

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def template_rows() -> list[dict[str, Any]]:
    return [
        {name: getattr(e, name) for name in ELEMENT_FIELDS}
        for e in Element.objects.filter(district__isnull=True).order_by("order")
    ]


def two_elements() -> list[dict[str, Any]]:
    rows = template_rows()[:2]
    rows[1]["weight"] = 3
    return rows


def test_saved_set_is_used_by_new_periods_of_that_kecamatan_only(world: Any) -> None:
    before = make_period(world)
    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    after = make_period(world)
    other = make_period(world, district=world.other_district)
    codes = [
        list(p.elements.order_by("order").values_list("code", "weight"))
        for p in (before, after, other)
    ]
    assert codes == [
        [(f"U{i}", 1) for i in range(1, 10)],
        [("U1", 1), ("U2", 3)],
        [(f"U{i}", 1) for i in range(1, 10)],
    ]


def test_saving_set_audits_each_change_in_kecamatan(world: Any) -> None:
    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    rows = two_elements()
    rows[0]["name"] = "Persyaratan pelayanan"
    save_element_set(district=world.district, rows=rows[:1], actor=world.admin)
    entries = list(
        AuditEntry.objects.filter(district_code="35.08.07", object_type__icontains="element")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert entries == ["create", "create", "update", "delete"]


def test_saving_same_set_again_writes_no_audit_entry(world: Any) -> None:
    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    count = AuditEntry.objects.count()
    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("empty", "Daftar unsur survei harus berisi paling sedikit satu unsur."),
        ("zero", "Bobot relatif setiap unsur harus bilangan bulat 1 atau lebih."),
        ("negative", "Bobot relatif setiap unsur harus bilangan bulat 1 atau lebih."),
        ("duplicate", "Kode unsur dipakai lebih dari sekali: U1."),
    ],
)
def test_invalid_set_is_refused_and_changes_nothing(world: Any, change: str, message: str) -> None:
    rows = two_elements()
    if change == "empty":
        rows = []
    elif change == "zero":
        rows[1]["weight"] = 0
    elif change == "negative":
        rows[1]["weight"] = -2
    else:
        rows[1]["code"] = "u1"
    with pytest.raises(ValidationError) as caught:
        save_element_set(district=world.district, rows=rows, actor=world.admin)
    assert caught.value.messages == [message]
    assert Element.objects.filter(district=world.district).count() == 0


def _post_data(rows: list[dict[str, Any]], delete: tuple[int, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unsur-TOTAL_FORMS": str(len(rows) + 1),
        "unsur-INITIAL_FORMS": str(len(rows)),
        "unsur-MIN_NUM_FORMS": "0",
        "unsur-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name in ELEMENT_FIELDS:
            data[f"unsur-{index}-{name}"] = str(row[name])
    data[f"unsur-{len(rows)}-weight"] = "1"
    for index in delete:
        data[f"unsur-{index}-DELETE"] = "on"
    return data


def test_edit_page_by_admin_saves_weights_and_deletion(world: Any) -> None:
    rows = template_rows()
    rows[0]["weight"] = 2
    client = logged_in(world.admin)
    page = client.get("/survei/unsur/").content.decode()
    reply = client.post("/survei/unsur/", _post_data(rows, delete=(8,)))
    saved = list(
        Element.objects.filter(district=world.district)
        .order_by("order")
        .values_list("code", "weight")
    )
    assert 'id="template-set"' in page
    assert reply.status_code == 302
    assert saved == [("U1", 2), *[(f"U{i}", 1) for i in range(2, 9)]]


def test_edit_page_refuses_set_without_elements(world: Any) -> None:
    rows = template_rows()
    data = _post_data(rows, delete=tuple(range(9)))
    html = logged_in(world.admin).post("/survei/unsur/", data).content.decode()
    assert "Daftar unsur survei harus berisi paling sedikit satu unsur." in html
    assert Element.objects.filter(district=world.district).count() == 0


def test_edit_page_refuses_zero_weight(world: Any) -> None:
    rows = template_rows()
    rows[2]["weight"] = 0
    reply = logged_in(world.admin).post("/survei/unsur/", _post_data(rows))
    assert (reply.status_code, Element.objects.filter(district=world.district).count()) == (200, 0)


@pytest.mark.parametrize(
    ("who", "query", "status"),
    [
        ("admin", "", 200),
        ("national", "?kecamatan=35.08.07", 200),
        ("camat", "", 404),
        ("staff", "", 404),
        ("operator", "", 404),
        ("partner", "", 404),
        ("outsider", "?kecamatan=35.08.07", 404),
    ],
)
def test_edit_page_scope_by_role(world: Any, who: str, query: str, status: int) -> None:
    assert logged_in(getattr(world, who)).get(f"/survei/unsur/{query}").status_code == status


def test_edit_page_post_by_outsider_for_other_kecamatan_is_404(world: Any) -> None:
    reply = logged_in(world.outsider).post(
        "/survei/unsur/?kecamatan=35.08.07", _post_data(template_rows())
    )
    assert (reply.status_code, Element.objects.exclude(district=None).count()) == (404, 0)


def test_edit_page_anonymous_goes_to_login(world: Any) -> None:
    reply = Client().get("/survei/unsur/")
    assert (reply.status_code, reply["Location"].split("?")[0]) == (302, "/akun/masuk/")


def test_report_pdf_prints_period_elements_and_weights(world: Any) -> None:
    from pypdf import PdfReader

    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    period = make_period(world)
    reply = logged_in(world.admin).get(f"/survei/{period.pk}/laporan.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reply.content)).pages)
    flat = " ".join(text.split())
    assert "kuesioner 2 unsur pelayanan" in flat
    assert "sembilan" not in flat
    assert ("0,2500" in flat, "0,7500" in flat) == (True, True)


def test_period_form_lists_elements_and_weights_of_period(world: Any) -> None:
    save_element_set(district=world.district, rows=two_elements(), actor=world.admin)
    period = make_period(world)
    html = logged_in(world.admin).get(f"/survei/{period.pk}/ubah/").content.decode()
    new = logged_in(world.admin).get("/survei/baru/").content.decode()
    assert ("U2 Sistem, Mekanisme, dan Prosedur · 0,7500" in html, "sembilan" in html) == (
        True,
        False,
    )
    assert "Kuesioner memakai 2 unsur bawaan kecamatan ini" in new


def test_edit_page_shows_regulation_nine_when_template_table_is_empty(world: Any) -> None:
    Element.objects.all().delete()
    html = logged_in(world.admin).get("/survei/unsur/").content.decode()
    codes = re.findall(r'name="unsur-\d+-code"[^>]*value="(U\d)"', html)
    assert codes == [f"U{i}" for i in range(1, 10)]
