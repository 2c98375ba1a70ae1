"""Indonesian words that mean two things in the survey section read right in English: "Jumlah"
over a column of respondent counts is "Count" (not "Total"), "Isian" in the template's code
sheet is the value to enter (not a form "Field"), and the export's sheets of many suggestions or
elements are named in the plural while their columns stay singular."""

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from sitrantib.surveys.models import SubmissionCounter
from sitrantib.surveys.services import Submission, submit_response
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def english_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_respondent_profile_in_english_heads_its_counts_count(world: Any) -> None:
    period = make_period(world)
    body = payload(4)
    submit_response(
        period=period,
        submission=Submission(
            client_id=body["client_id"],
            answers=body["answers"],
            respondent=body["respondent"],
            suggestion="",
        ),
    )

    response = english_client(world.admin).get(f"/survei/{period.pk}/")
    release(response)
    html = response.content.decode()

    assert '<html lang="en"' in html
    profile = re.findall(r'<table[^>]* id="profile-[^"]+">.*?</thead>', html, re.S)
    assert profile
    for table in profile:
        assert '<th scope="col">Count</th>' in table
        assert "Total" not in table


def test_import_template_in_english_names_the_value_to_enter(world: Any) -> None:
    period = make_period(world)

    response = english_client(world.admin).get(f"/survei/{period.pk}/impor/templat.xlsx")
    release(response)

    book = load_workbook(io.BytesIO(response.content))
    codes = book["Code"]
    assert [cell.value for cell in codes[1]] == ["Column", "Value", "Meaning"]


def test_raw_data_in_english_names_its_sheets_of_many_and_its_columns_of_one(world: Any) -> None:
    period = make_period(world)
    body = payload(4, suggestion="Antrian perlu nomor")
    submit_response(
        period=period,
        submission=Submission(
            client_id=body["client_id"],
            answers=body["answers"],
            respondent=body["respondent"],
            suggestion=body["suggestion"],
        ),
    )

    response = english_client(world.admin).get(f"/survei/{period.pk}/data.xlsx")
    book = load_workbook(io.BytesIO(response.getvalue()))
    release(response)

    assert book.sheetnames[1:] == ["Suggestions", "Elements"]
    assert book["Suggestions"]["A1"].value == "Suggestion"
    assert book["Elements"]["B1"].value == "Element"


def test_submission_counter_counts_and_the_totals_elsewhere_stay_total() -> None:
    with translation.override("en"):
        assert str(SubmissionCounter._meta.get_field("count").verbose_name) == "count"
        assert translation.gettext("Jumlah") == "Total"
        assert translation.gettext("Isian") == "Field"
