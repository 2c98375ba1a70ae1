"""The default village document types and their deadline rules (domain notes:
villages-and-documents). Rules are data: a kabupaten regulation may set earlier deadlines, and a
kecamatan adds its own types (docs/adr/0090)."""

from typing import Any

from django.db import migrations

# code, name, basis, frequency, due_month, due_day, year_offset, days_after_event, semester
TYPES = [
    ("rpjmdes", "RPJMDes (rencana pembangunan jangka menengah desa)",
     "UU 6/2014; Permendagri 114/2014", "event", None, None, 0, 90, None),
    ("rkpdes", "RKPDes (rencana kerja pemerintah desa)",
     "Permendagri 114/2014; Permendesa 21/2020", "yearly", 9, 30, -1, None, None),
    ("rancangan-apbdes", "Rancangan Perdes APBDes untuk dievaluasi",
     "Permendagri 20/2018", "event", None, None, 0, 3, None),
    ("perdes-apbdes", "Perdes APBDes yang ditetapkan",
     "Permendagri 20/2018", "yearly", 12, 31, -1, None, None),
    ("laporan-apbdes-s1", "Laporan pelaksanaan APBDes semester I",
     "Permendagri 20/2018 Pasal 68", "semester", 7, 31, 0, None, 1),
    ("lppd", "LPPD (laporan penyelenggaraan pemerintahan desa)",
     "Permendagri 46/2016 Pasal 3 ayat (1)", "yearly", 3, 31, 1, None, None),
    ("lpj-apbdes", "LPJ realisasi APBDes",
     "Permendagri 20/2018", "yearly", 3, 31, 1, None, None),
    ("rekap-penduduk", "Buku Rekapitulasi Jumlah Penduduk",
     "Permendagri 47/2016", "monthly", None, 10, 0, None, None),
]


def seed(apps: Any, schema_editor: Any) -> None:
    DocumentType = apps.get_model("villagedocs", "DocumentType")
    for order, row in enumerate(TYPES, start=1):
        code, name, basis, frequency, month, day, offset, after_event, semester = row
        DocumentType.objects.get_or_create(
            district=None,
            code=code,
            defaults={
                "name": name,
                "basis": basis,
                "frequency": frequency,
                "due_month": month,
                "due_day": day,
                "year_offset": offset,
                "due_days_after_event": after_event,
                "semester": semester,
                "order": order * 10,
            },
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    DocumentType = apps.get_model("villagedocs", "DocumentType")
    DocumentType.objects.filter(
        district=None, code__in=[t[0] for t in TYPES], obligations=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("villagedocs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
