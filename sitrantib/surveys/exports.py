"""Files made from a period: the report PDF, the raw-data XLSX and the QR poster's code."""

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.documents import render_pdf
from sitrantib.core.spreadsheets import write_workbook
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.selectors import office_for_district
from sitrantib.surveys.enums import Education, Occupation, ResponseSource, Sex
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    elements_of,
    low_score_suggestions,
    period_result,
    profile_for,
    responses_for_export,
    suggestions_for,
)


def raw_data_workbook(*, period: SurveyPeriod) -> bytes:
    """One row per questionnaire: profile, answers and suggestion; nothing identifies a person.

    No client id, no time of day, no address and no staff name: only the date received.
    """
    elements = elements_of(period)
    headers = [
        str(_("No.")),
        str(_("Tanggal diterima")),
        str(_("Sumber")),
        str(_("Jenis kelamin")),
        str(_("Umur")),
        str(_("Pendidikan")),
        str(_("Pekerjaan")),
        str(_("Layanan yang diterima")),
        *[e.code for e in elements],
        str(_("Saran")),
    ]
    sexes, educations, occupations = (
        dict(Sex.choices),
        dict(Education.choices),
        dict(Occupation.choices),
    )
    sources = dict(ResponseSource.choices)
    rows = []
    for number, response in enumerate(responses_for_export(period=period), start=1):
        values = {a.element.code: a.value for a in response.answers.all()}
        rows.append(
            [
                number,
                timezone.localtime(response.received_at).date(),
                str(sources.get(response.source, response.source)),
                str(sexes.get(response.sex, response.sex)),
                response.age,
                str(educations.get(response.education, response.education)),
                str(occupations.get(response.occupation, response.occupation)),
                response.service,
                *[values.get(e.code) for e in elements],
                response.suggestion,
            ]
        )
    element_rows = [
        [e.code, e.name, e.weight, e.label_1, e.label_2, e.label_3, e.label_4] for e in elements
    ]
    return write_workbook(
        [
            (str(_("Data mentah")), headers, rows),
            (
                str(_("Unsur")),
                [str(_("Kode")), str(_("Unsur")), str(_("Bobot relatif")), "1", "2", "3", "4"],
                element_rows,
            ),
        ]
    )


def report_context(*, period: SurveyPeriod) -> dict[str, Any]:
    office = office_for_district(district_code=period.district_id)
    signatory = None
    if office is not None:
        signatory = next(
            (s for s in office.signatories.all() if s.role == SignatoryRole.CAMAT), None
        )
    result = period_result(period=period)
    low = low_score_suggestions(period=period)
    weakest = [(e, low.get(e.code, [])) for e in result.weakest_first()]
    return {
        "period": period,
        "office": office,
        "signatory": signatory,
        "signed_on": timezone.localdate(),
        "result": result,
        "elements": elements_of(period),
        "profile": profile_for(period=period),
        "weakest": weakest,
        "suggestions": suggestions_for(period=period),
        "below_target": result.respondents < period.sample_target,
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
