"""Journey: the section copies the plan to the next year, edits a target and a budget line, the
Camat approves it, and a spending entry above the remaining ceiling is refused (docs/adr/0041)."""

from typing import Any

import pytest

from sitrantib.budget.models import BudgetLine, Spending
from sitrantib.planning import services
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.tests.conftest import make_plan


@pytest.mark.browser
def test_copy_plan_edit_target_and_line_approve_and_refuse_overspending(
    world: Any, live_server: Any, browser: Any, page: Any, login: Any
) -> None:
    plan = make_plan(world, year=2026)
    services.approve_plan(plan=plan, actor=world.camat)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    login(page, world.admin)
    page.goto(f"{live_server.url}/rencana/{plan.pk}/")
    page.click("#copy-next-year")
    page.wait_for_url("**/rencana/*/")
    assert page.locator("#plan-year").inner_text() == "2027"
    assert page.locator("#plan-status").inner_text() == "Draf"
    copy = AnnualPlan.objects.get(year=2027)

    page.click("#indicator-table tbody tr:first-child a")
    page.fill("#id_target", "200")
    page.click("#save")
    page.wait_for_url(f"**/rencana/{copy.pk}/")
    assert (
        "200"
        in page.locator("#indicator-table tbody tr:first-child .indicator-target").inner_text()
    )

    page.goto(f"{live_server.url}/anggaran/?tahun=2027")
    page.click("#new-line")
    page.fill("#id_code", "5.1.02.01.01.0052")
    page.fill("#id_name", "Belanja Makanan dan Minuman Rapat")
    page.fill("#id_ceiling", "1000000")
    page.select_option("#id_activity", index=1)
    page.click("#save")
    page.wait_for_url("**/anggaran/*/")
    page.fill("#id_new_amount", "1500000")
    page.fill("#revision-form #id_on_date", "2027-01-10")
    page.fill("#id_reason", "Tambahan peserta rapat")
    page.click("#save-revision")
    page.wait_for_url("**/anggaran/*/")
    assert page.locator("#line-ceiling").inner_text() == "Rp1.500.000"
    assert "Tambahan peserta rapat" in page.locator("#revision-table").inner_text()

    camat_context = browser.new_context()
    camat = camat_context.new_page()
    login(camat, world.camat)
    camat.goto(f"{live_server.url}/rencana/{copy.pk}/")
    camat.click("#approve")
    camat.wait_for_url(f"**/rencana/{copy.pk}/")
    assert camat.locator("#plan-status").inner_text() == "Disetujui"
    assert "camat" in camat.locator("#approval").inner_text()
    camat_context.close()

    line = BudgetLine.objects.get(year=2027)
    page.goto(f"{live_server.url}/anggaran/{line.pk}/")
    page.fill("#spending-form #id_on_date", "2027-02-12")
    page.fill("#id_amount", "1500001")
    page.fill("#id_description", "Konsumsi rapat koordinasi Februari")
    page.click("#save-spending")
    assert "melebihi sisa pagu Rp1.500.000" in page.locator("#spending-form").inner_text()
    assert Spending.objects.count() == 0

    page.fill("#id_amount", "1500000")
    page.click("#save-spending")
    page.wait_for_url(f"**/anggaran/{line.pk}/")
    assert page.locator("#line-remaining").inner_text() == "Rp0"
    copy.refresh_from_db()
    assert copy.status == PlanStatus.APPROVED
    assert errors == []
