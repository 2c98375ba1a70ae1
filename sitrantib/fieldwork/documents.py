"""The printed report of a field visit (Laporan Hasil Kunjungan/Monitoring), ready to sign.

Letterhead from the kecamatan's OfficeProfile, dates in Bahasa Indonesia, the team with their
institutions, places, activity types (Permendagri 26/2020 Pasal 3 ayat (4)), findings, the
situation with its reason and resolution, recommendations with their follow-up, small photos
(embedded: the files are private and never fetched over a network) and the signature blocks.
Rendered through core.documents.render_pdf.
"""

import base64
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.documents import render_pdf
from sitrantib.fieldwork.enums import ActivityType, VisitKind
from sitrantib.fieldwork.models import FieldPhoto, Visit
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import OfficeProfile
from sitrantib.regions.selectors import office_for_district

# The longer side of a photo printed in the report (px; printed about 6 cm wide).
PDF_PHOTO_SIDE = 600

TITLES = {
    VisitKind.MONITORING: gettext_noop("Laporan Hasil Monitoring"),
    VisitKind.ACCOMPANIMENT: gettext_noop("Laporan Hasil Kunjungan Pendampingan"),
    VisitKind.EVALUATION: gettext_noop("Laporan Hasil Monitoring dan Evaluasi"),
}
# Left to right: (heading, signatory role).
SIGNERS: tuple[tuple[str, str], ...] = (
    (gettext_noop("Mengetahui,"), SignatoryRole.CAMAT),
    (gettext_noop("Yang melaporkan,"), SignatoryRole.KASI_TRANTIB),
)


@dataclass(frozen=True)
class Signer:
    heading: str
    title: str
    name: str = ""
    rank: str = ""
    nip: str = ""


def signers(office: OfficeProfile | None) -> list[Signer]:
    """The signature blocks from the office's signatories; a missing one prints its title and a
    dotted line for the name."""
    found = {s.role: s for s in office.signatories.all()} if office is not None else {}
    result = []
    for heading, role in SIGNERS:
        signatory = found.get(role)
        if signatory is None:
            result.append(Signer(heading=_(heading), title=str(SignatoryRole(role).label)))
        else:
            result.append(
                Signer(
                    heading=_(heading),
                    title=signatory.title,
                    name=signatory.name,
                    rank=signatory.rank,
                    nip=signatory.nip,
                )
            )
    return result


def photo_data_uri(photo: FieldPhoto) -> str | None:
    """A small JPEG of the photo as a data: URI (None when the file cannot be read)."""
    from PIL import Image

    try:
        with photo.file.open("rb") as handle, Image.open(handle) as image:
            image.draft("RGB", (PDF_PHOTO_SIDE, PDF_PHOTO_SIDE))
            image.thumbnail((PDF_PHOTO_SIDE, PDF_PHOTO_SIDE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=75)
    except (OSError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def visit_report_context(visit: Visit) -> dict[str, Any]:
    """Everything the report prints (the visit comes from selectors.visit_detail, prefetched)."""
    office = office_for_district(district_code=visit.district_id)
    known = {c.value: c.label for c in ActivityType}
    photos = []
    for photo in visit.photos.all():
        uri = photo_data_uri(photo)
        if uri is not None:
            photos.append({"uri": uri, "caption": photo.caption})
    return {
        "office": office,
        "visit": visit,
        "title": _(TITLES[VisitKind(visit.kind)]),
        "visited_on": timezone.localtime(visit.visited_at).date(),
        "activities": [str(known[c]) for c in visit.activity_types if c in known],
        "team": list(visit.team.all()),
        "posts": list(visit.posts.all()),
        "recommendations": list(visit.recommendations.all()),
        "photos": photos,
        "signers": signers(office),
        "signed_on": timezone.localtime(visit.visited_at).date(),
    }


def visit_report_pdf(visit: Visit) -> bytes:
    return render_pdf("fieldwork/documents/visit_report.html", visit_report_context(visit))


def visit_report_filename(visit: Visit) -> str:
    day = timezone.localtime(visit.visited_at).date()
    return f"laporan-kunjungan-{visit.village_id}-{day:%Y%m%d}-{visit.pk}.pdf"
