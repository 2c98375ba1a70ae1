"""Files made from a period: the report PDF, the raw-data XLSX and the QR poster's code."""

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sitrantib.core.documents import render_pdf
from sitrantib.core.paging import iterate_by_key
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.selectors import office_for_district
from sitrantib.surveys.enums import Education, Occupation, PeriodStatus, Sex
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    age_band_index,
    age_band_label,
    elements_of,
    low_score_suggestions,
    period_result,
    profile_for,
    responses_for_export,
    suggestions_for,
    weight_share,
)

Sheet = tuple[str, list[str], list[list[Any]]]


def raw_data_sheets(*, period: SurveyPeriod) -> list[Sheet]:
    """The raw data without anything that identifies a respondent (docs/adr/0034), as sheets for
    the streaming writer (`core.spreadsheets.xlsx_response`).

    Sheet "Data mentah": profile as categories (age band, never the exact age), the answers; no
    date, no client id, no staff, no suggestion; rows sorted by profile and answers, so the order
    tells nothing about who came when. Sheet "Saran": the suggestions alone, sorted
    alphabetically, with no profile column beside them. Sheet "Unsur": the questionnaire.

    The responses are read by key, 2,000 at a time; the rows are sorted before writing (the sort
    is what hides the order of arrival), so the compact rows of one period are held, never the
    response objects.
    """
    elements = elements_of(period)
    headers = [
        "No.",
        str(_("Jenis kelamin")),
        str(_("Kelompok umur")),
        str(_("Pendidikan")),
        str(_("Pekerjaan")),
        str(_("Layanan yang diterima")),
        *[e.code for e in elements],
    ]
    sexes, educations, occupations = (
        dict(Sex.choices),
        dict(Education.choices),
        dict(Occupation.choices),
    )
    sex_order = {key: i for i, (key, _label) in enumerate(Sex.choices)}
    education_order = {key: i for i, (key, _label) in enumerate(Education.choices)}
    occupation_order = {key: i for i, (key, _label) in enumerate(Occupation.choices)}
    records = []
    suggestions = []
    for response in iterate_by_key(responses_for_export(period=period)):
        values = {a.element.code: a.value for a in response.answers.all()}
        answers = [values.get(e.code) for e in elements]
        band = age_band_index(response.age)
        sort_key = (
            sex_order.get(response.sex, 99),
            band,
            education_order.get(response.education, 99),
            occupation_order.get(response.occupation, 99),
            response.service.casefold(),
            [a or 0 for a in answers],
        )
        row = [
            str(sexes.get(response.sex, response.sex)),
            age_band_label(band),
            str(educations.get(response.education, response.education)),
            str(occupations.get(response.occupation, response.occupation)),
            response.service,
            *answers,
        ]
        records.append((sort_key, row))
        if response.suggestion.strip():
            suggestions.append(" ".join(response.suggestion.split()))
    records.sort(key=lambda item: item[0])
    rows = [[number, *row] for number, (_key, row) in enumerate(records, start=1)]
    element_rows = [
        [
            e.code,
            e.name,
            e.weight,
            weight_share(e, elements),
            e.label_1,
            e.label_2,
            e.label_3,
            e.label_4,
        ]
        for e in elements
    ]
    return [
        (str(_("Data mentah")), headers, rows),
        (
            pgettext("sheet of many", "Saran"),
            [str(_("Saran"))],
            [[text] for text in sorted(suggestions, key=str.casefold)],
        ),
        (
            pgettext("sheet of many", "Unsur"),
            [
                str(_("Kode")),
                str(_("Unsur")),
                str(_("Bobot relatif")),
                str(_("Bobot")),
                "1",
                "2",
                "3",
                "4",
            ],
            element_rows,
        ),
    ]


# The report of a period that still takes answers (or was never opened) is provisional: the shared
# document base prints this word as a watermark and in the header of every page. Official
# documents are in Bahasa Indonesia, so the word is not translated.
DRAFT_MARK = "SEMENTARA"
PROVISIONAL_STATUSES = frozenset({PeriodStatus.DRAFT, PeriodStatus.OPEN})


def report_context(*, period: SurveyPeriod) -> dict[str, Any]:
    office = office_for_district(district_code=period.district_id)
    signatory = None
    if office is not None:
        signatory = next(
            (s for s in office.signatories.all() if s.role == SignatoryRole.CAMAT), None
        )
    result = period_result(period=period)
    elements = elements_of(period)
    low = low_score_suggestions(period=period)
    weakest = [(e, low.get(e.code, [])) for e in result.weakest_first()]
    return {
        "period": period,
        "office": office,
        "signatory": signatory,
        "signed_on": timezone.localdate(),
        "result": result,
        "elements": elements,
        "weights": [(e, weight_share(e, elements)) for e in elements],
        "equal_weights": len({e.weight for e in elements}) <= 1,
        "profile": profile_for(period=period),
        "weakest": weakest,
        "suggestions": suggestions_for(period=period),
        "below_target": result.respondents < period.sample_target,
        # While answers still come in, every page says the figures are provisional.
        "draft_mark": DRAFT_MARK if period.status in PROVISIONAL_STATUSES else "",
    }


def report_pdf(*, period: SurveyPeriod) -> bytes:
    return render_pdf("surveys/report_pdf.html", report_context(period=period))


def qr_svg(url: str) -> str:
    """An inline SVG QR code of a URL (no image files, prints sharp at any size)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
