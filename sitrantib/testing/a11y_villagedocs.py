"""The village-document pages of the accessibility checks (`a11y.PAGES`, `EXCLUDED`, `SCENE`).

Who opens what follows `sitrantib/villagedocs/access.py` (docs/adr/0090): the desa operator, the
kecamatan staff, the Camat and the section's administrator read; the operator uploads for their
own desa; the staff and the administrator stamp a paper document as received and accept or return
a submission; the administrator alone manages the document types, generates the year's
obligations, makes an event's obligation, waives one and sets the kecamatan's rules. Partners
read nothing here.

The scene holds, in `world.village`, an obligation in each state — open and past its deadline, a
document uploaded and waiting for the section's check (with its file), one returned with a
reason, one stamped and accepted, one waived — an event's obligation (an inauguration), and a
document type of the kecamatan's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from sitrantib.testing.a11y_page import ADMIN, Page

READERS = ("admin", "staff", "camat", "operator")
RECEIVERS = ("admin", "staff")

# fmt: off
PAGES: list[Page] = [
    # overview, the late list for the Camat, the kecamatan's rules
    Page("villagedocs:home", (*READERS, "national", "regency"), menu_open_on_phone=True),
    Page("villagedocs:late", READERS),
    Page("villagedocs:settings", ADMIN),
    # obligations: the list, the year's generation, an event's obligation, one obligation in
    # each state (the waiting one shows the upload history and the section's verdict form)
    Page("villagedocs:obligation_list", READERS),
    Page("villagedocs:generate", ADMIN),
    Page("villagedocs:event_create", ADMIN),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.submitted"),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.open"),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.returned"),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.accepted"),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.waived"),
    Page("villagedocs:obligation_detail", READERS, pk="vdocs.event"),
    # document types and their deadline rules
    Page("villagedocs:type_list", ADMIN),
    Page("villagedocs:type_create", ADMIN),
    Page("villagedocs:type_edit", ADMIN, pk="vdocs.own_type"),
]
# fmt: on

EXCLUDED: dict[str, str] = {
    "villagedocs:submit": "POST-only upload (its form is on villagedocs:obligation_detail)",
    "villagedocs:stamp": "POST-only action (its form is on villagedocs:obligation_detail)",
    "villagedocs:waive": "POST-only action (its form is on villagedocs:obligation_detail)",
    "villagedocs:judge": "POST-only action (its form is on villagedocs:obligation_detail)",
    "villagedocs:submission_file": "file download (the document sent: PDF or photo)",
}


# ---------------------------------------------------------------------------------------------
# The scene.

# The default types a scene uses (seeded by a migration, which a browser test's flushed database
# has lost): code -> the fields of their rule.
_TYPES: dict[str, dict[str, Any]] = {
    "rekap-penduduk": {
        "name": "Buku Rekapitulasi Jumlah Penduduk",
        "basis": "Permendagri 47/2016",
        "frequency": "monthly",
        "due_day": 10,
        "order": 80,
    },
    "lppd": {
        "name": "LPPD (laporan penyelenggaraan pemerintahan desa)",
        "basis": "Permendagri 46/2016 Pasal 3 ayat (1)",
        "frequency": "yearly",
        "due_month": 3,
        "due_day": 31,
        "year_offset": 1,
        "order": 60,
    },
    "perdes-apbdes": {
        "name": "Perdes APBDes yang ditetapkan",
        "basis": "Permendagri 20/2018",
        "frequency": "yearly",
        "due_month": 12,
        "due_day": 31,
        "year_offset": -1,
        "order": 40,
    },
    "laporan-apbdes-s1": {
        "name": "Laporan pelaksanaan APBDes semester I",
        "basis": "Permendagri 20/2018 Pasal 68",
        "frequency": "semester",
        "due_month": 7,
        "due_day": 31,
        "semester": 1,
        "order": 50,
    },
    "rpjmdes": {
        "name": "RPJMDes (rencana pembangunan jangka menengah desa)",
        "basis": "UU 6/2014; Permendagri 114/2014",
        "frequency": "event",
        "due_days_after_event": 90,
        "order": 10,
    },
}


def default_type(code: str) -> Any:
    """The default document type `code` (made again when the database lost its seed)."""
    from sitrantib.villagedocs.models import DocumentType

    return DocumentType.objects.get_or_create(district=None, code=code, defaults=_TYPES[code])[0]


def pdf_upload(name: str = "dokumen.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sitrantib.testing.bad_input import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def make_obligation(
    s: Any, code: str, period_key: str, due: dt.date, *, village: Any = None, note: str = ""
) -> Any:
    """An obligation of `village` (world.village) for the default type `code`."""
    from sitrantib.core.audit import save_new
    from sitrantib.villagedocs.models import Obligation

    village = village or s.village
    return save_new(
        Obligation(
            document_type=default_type(code),
            district_id=village.district_id,
            village=village,
            period_key=period_key,
            year=int(period_key[:4]),
            due_date=due,
            note=note,
        ),
        actor=s.admin,
    )


def _vdocs(s: Any) -> SimpleNamespace:
    """An obligation in each state in world.village, an event's obligation and an own type."""
    from sitrantib.villagedocs import services

    opened = make_obligation(s, "rekap-penduduk", "2026-01", dt.date(2026, 2, 10))

    submitted = make_obligation(s, "lppd", "2025", dt.date(2026, 3, 31))
    submission = services.submit_document(
        obligation=submitted,
        actor=s.operator,
        file=pdf_upload("lppd-2025-darungan.pdf"),
        note="LPPD 2025 sudah ditandatangani Kepala Desa",
    )

    returned = make_obligation(s, "rekap-penduduk", "2026-02", dt.date(2026, 3, 10))
    first = services.submit_document(
        obligation=returned, actor=s.operator, file=pdf_upload("rekap-februari.pdf")
    )
    services.judge_submission(
        submission=first,
        accept=False,
        reason="Jumlah penduduk per dusun belum diisi",
        actor=s.staff,
    )

    accepted = make_obligation(s, "perdes-apbdes", "2026", dt.date(2025, 12, 31))
    stamped = services.submit_document(
        obligation=accepted, actor=s.staff, stamp=True, note="Diantar Sekdes"
    )
    services.judge_submission(submission=stamped, accept=True, actor=s.staff)

    waived = make_obligation(s, "laporan-apbdes-s1", "2026-S1", dt.date(2026, 7, 31))
    services.waive_obligation(
        obligation=waived, reason="APBDes 2026 baru ditetapkan bulan Juli", actor=s.admin
    )

    event = services.create_event_obligation(
        village=s.village,
        document_type=default_type("rpjmdes"),
        event_date=dt.date(2026, 9, 1),
        actor=s.admin,
        note="Pelantikan Kepala Desa Darungan",
    )
    own_type = _own_type(s)
    return SimpleNamespace(
        open=opened,
        submitted=submitted,
        submission=submission,
        returned=returned,
        accepted=accepted,
        waived=waived,
        event=event,
        own_type=own_type,
    )


def _own_type(s: Any) -> Any:
    """A document type of the kecamatan's own (a monthly report the kecamatan asks for)."""
    from sitrantib.villagedocs import services

    return services.create_document_type(
        district=s.district,
        data={
            "code": "laporan-siskamling",
            "name": "Laporan kegiatan Siskamling",
            "basis": "Surat Camat Yosowilangun",
            "frequency": "monthly",
            "due_day": 5,
            "order": 90,
        },
        actor=s.admin,
    )


SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("vdocs", _vdocs),
]
