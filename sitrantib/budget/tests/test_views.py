"""Budget pages and API against every role; spending import; query counts."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from sitrantib.budget import services
from sitrantib.budget.models import Spending
from sitrantib.budget.tests.conftest import make_line
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "camat", "staff"])
def test_readers_open_the_budget_pages(client, world, who):
    line = make_line(world)
    plan = make_plan(world)
    client.force_login(getattr(world, who))

    for url in (
        reverse("budget:home") + "?tahun=2026",
        line.get_absolute_url(),
        reverse("budget:multi_year"),
        reverse("budget:plan", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["operator", "sibling_operator", "partner"])
def test_operators_and_partners_see_no_budget(client, world, who):
    line = make_line(world)
    client.force_login(getattr(world, who))

    assert client.get(reverse("budget:home")).status_code == 403
    assert client.get(line.get_absolute_url()).status_code == 404


def test_admin_of_another_kecamatan_gets_not_found(client, world):
    line = make_line(world)
    client.force_login(world.outsider)

    assert client.get(line.get_absolute_url()).status_code == 404
    assert client.post(reverse("budget:spending_add", args=[line.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    line = make_line(world)

    assert client.get(line.get_absolute_url()).status_code == 302


def test_spending_form_above_the_remaining_ceiling_is_refused(client, world):
    line = make_line(world, ceiling=1_000_000)
    client.force_login(world.admin)

    response = client.post(
        reverse("budget:spending_add", args=[line.pk]),
        {"on_date": "2026-03-01", "amount": "1000001", "description": "Konsumsi"},
    )

    assert response.status_code == 400
    assert "melebihi sisa pagu Rp1.000.000" in response.content.decode()
    assert Spending.objects.count() == 0


def test_camat_cannot_record_spending(client, world):
    line = make_line(world)
    client.force_login(world.camat)

    response = client.post(
        reverse("budget:spending_add", args=[line.pk]),
        {"on_date": "2026-03-01", "amount": "1", "description": "x"},
    )

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_year_page_queries_do_not_grow_with_lines(client, world, django_assert_num_queries, count):
    for i in range(count):
        line = make_line(world, name=f"Belanja {i}")
        services.record_spending(
            line=line,
            on_date=dt.date(2026, 2, 1),
            amount=Decimal(10),
            description="x",
            actor=world.admin,
        )
    client.force_login(world.admin)

    with django_assert_num_queries(10):
        response = client.get(reverse("budget:home") + "?tahun=2026")

    assert response.content.decode().count('class="line-row"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_api_line_list_queries_do_not_grow(client, world, django_assert_num_queries, count):
    for i in range(count):
        make_line(world, name=f"Belanja {i}")
    client.force_login(world.admin)

    with django_assert_num_queries(7):
        response = client.get("/api/v1/budget-lines/?year=2026")

    assert len(response.json()["results"]) == count


def test_api_lines_by_year_with_amount_and_spending(client, world):
    line = make_line(world, code="5.1.02.01.01.0052", ceiling=1_000_000)
    make_line(world, year=2025, name="Lama")
    services.record_spending(
        line=line,
        on_date=dt.date(2026, 2, 1),
        amount=Decimal(250_000),
        description="Rakor",
        actor=world.admin,
    )
    client.force_login(world.camat)

    response = client.get("/api/v1/budget-lines/?year=2026")

    [row] = response.json()["results"]
    assert (row["year"], row["code"], row["name"], row["amount"], row["spent"]) == (
        2026,
        "5.1.02.01.01.0052",
        "Belanja Makanan dan Minuman Rapat",
        1000000,
        250000,
    )
    assert [s["amount"] for s in row["spending"]] == [250000]


def test_api_spending_above_ceiling_is_a_400(client, world):
    line = make_line(world, ceiling=100)
    client.force_login(world.admin)

    response = client.post(
        f"/api/v1/budget-lines/{line.pk}/spending/",
        {"on_date": "2026-03-01", "amount": 101, "description": "x"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["amount"]


def test_api_stale_if_match_is_412(client, world):
    line = make_line(world)
    client.force_login(world.admin)
    services.update_line(line=line, changes={"name": "Baru"}, actor=world.admin)

    response = client.patch(
        f"/api/v1/budget-lines/{line.pk}/",
        {"name": "Lain"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )

    assert response.status_code == 412


@pytest.mark.parametrize("who", ["operator", "partner", "outsider"])
def test_api_lines_are_scoped(client, world, who):
    make_line(world)
    client.force_login(getattr(world, who))

    assert client.get("/api/v1/budget-lines/").json()["results"] == []


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(["Tanggal", "Kode Rekening", "Mata Anggaran", "Jumlah", "Uraian"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "realisasi.xlsx"
    return buffer


def test_spending_import_matches_codes_in_any_form_and_refuses_above_ceiling(client, world):
    make_line(world, code="5.1.02.01.01.0052", ceiling=1_000)
    make_line(world, name="Belanja Penggantian Transport", ceiling=500)
    client.force_login(world.admin)

    upload = _xlsx(
        [
            ["10-02-2026", "5.1.02.01.001.00052", "", 400, "Rakor Februari"],
            ["11-02-2026", "", "belanja penggantian transport", 600, "Transport"],
        ]
    )
    response = client.post(reverse("budget:import_upload"), {"year": 2026, "file": upload})
    preview = client.get(response["Location"])

    body = preview.content.decode()
    assert "melebihi sisa pagu Rp500" in body
    assert Spending.objects.count() == 0

    upload = _xlsx([["10-02-2026", "5.1.2.01.01.0052", "", 400, "Rakor Februari"]])
    response = client.post(reverse("budget:import_upload"), {"year": 2026, "file": upload})
    client.post(response["Location"], {"confirm": "1"})
    upload = _xlsx([["10-02-2026", "5.1.2.01.01.0052", "", 400, "Rakor Februari"]])
    response = client.post(reverse("budget:import_upload"), {"year": 2026, "file": upload})
    client.post(response["Location"], {"confirm": "1"})

    assert [(s.amount, s.description) for s in Spending.objects.all()] == [
        (Decimal(400), "Rakor Februari")
    ]


def _pdf() -> io.BytesIO:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    buffer.seek(0)
    buffer.name = "kwitansi.pdf"
    return buffer


def test_spending_evidence_is_kept_private_and_served_in_scope(client, world):
    line = make_line(world, ceiling=1_000)
    client.force_login(world.admin)

    response = client.post(
        reverse("budget:spending_add", args=[line.pk]),
        {"on_date": "2026-03-01", "amount": "500", "description": "Konsumsi", "evidence": _pdf()},
    )

    spending = Spending.objects.get()
    assert response.status_code == 302
    assert (spending.evidence_name, spending.evidence.name.endswith(".pdf")) == (
        "kwitansi.pdf",
        True,
    )
    served = client.get(reverse("budget:evidence", args=[spending.pk]))
    content = b"".join(served.streaming_content)
    if served.file_to_stream is not None:  # served.close() would end the request's connection
        served.file_to_stream.close()
    assert (served.status_code, content[:5]) == (200, b"%PDF-")
    client.force_login(world.outsider)
    assert client.get(reverse("budget:evidence", args=[spending.pk])).status_code == 404


def test_api_amount_is_a_whole_number_that_can_be_sent_back_as_read(client, world):
    line = make_line(world, ceiling=1_000_000)
    client.force_login(world.admin)
    read = client.get(f"/api/v1/budget-lines/{line.pk}/")
    assert '"amount":1000000,' in read.content.decode().replace(" ", "")
    body = {k: v for k, v in read.json().items() if k in {"year", "code", "name", "amount"}}

    again = client.put(
        f"/api/v1/budget-lines/{line.pk}/",
        {**body, "amount": 1000000.0},
        content_type="application/json",
        headers={"If-Match": read.headers["ETag"]},
    )
    half = client.patch(
        f"/api/v1/budget-lines/{line.pk}/",
        {"amount": 1000000.5},
        content_type="application/json",
    )

    assert again.status_code == 200, again.content
    assert half.status_code == 400
    assert list(half.json()["errors"]) == ["amount"]
