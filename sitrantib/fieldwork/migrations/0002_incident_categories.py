"""The default incident categories of a kecamatan in Lumajang (domain notes: security-and-linmas).

Categories are data: a kecamatan may add its own or switch one off. `is_serious` marks those the
situation rule watches (UNVERIFIED defaults, docs/adr/0080).
"""

from typing import Any

from django.db import migrations

# (code, name, group, serious)
CATEGORIES = [
    ("curanmor", "Pencurian kendaraan bermotor (curanmor)", "Kriminalitas", True),
    ("curanak", "Pencurian ternak (curanak)", "Kriminalitas", True),
    ("curat", "Pencurian dengan pemberatan/pembobolan rumah (curat)", "Kriminalitas", True),
    ("begal", "Perampokan/begal", "Kriminalitas", True),
    ("penganiayaan", "Penganiayaan dan perkelahian", "Kriminalitas", True),
    ("penipuan", "Penipuan", "Kriminalitas", False),
    ("narkoba", "Narkoba", "Kriminalitas", True),
    ("konflik-sosial", "Konflik sosial antarwarga atau kelompok", "Sosial", True),
    ("miras", "Minuman keras (miras)", "Penyakit masyarakat", False),
    ("perjudian", "Perjudian", "Penyakit masyarakat", False),
    ("asusila", "Asusila", "Penyakit masyarakat", False),
    ("unjuk-rasa", "Unjuk rasa", "Sosial", False),
    ("galian-c", "Penambangan pasir ilegal (galian C)", "Pelanggaran", False),
    ("pelanggaran-perda", "Pelanggaran perda (PKL, bangunan)", "Pelanggaran", False),
    ("banjir", "Banjir", "Bencana", True),
    ("tanah-longsor", "Tanah longsor", "Bencana", True),
    ("erupsi-lahar", "Erupsi dan lahar Semeru", "Bencana", True),
    ("angin-puting-beliung", "Angin puting beliung", "Bencana", True),
    ("gelombang-tinggi", "Gelombang tinggi", "Bencana", True),
    ("kebakaran", "Kebakaran", "Bencana", True),
    ("kecelakaan-lalu-lintas", "Kecelakaan lalu lintas", "Kecelakaan", False),
    ("orang-hilang", "Orang hilang atau tenggelam", "Kecelakaan", True),
    ("lainnya", "Lainnya", "Lainnya", False),
]


def seed(apps: Any, schema_editor: Any) -> None:
    IncidentCategory = apps.get_model("fieldwork", "IncidentCategory")
    for order, (code, name, group, serious) in enumerate(CATEGORIES, start=1):
        IncidentCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "group": group, "is_serious": serious, "order": order * 10},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    IncidentCategory = apps.get_model("fieldwork", "IncidentCategory")
    IncidentCategory.objects.filter(code__in=[c[0] for c in CATEGORIES], incidents=None).delete()


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
