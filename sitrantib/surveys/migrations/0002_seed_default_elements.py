"""Seed the nine elements of PermenPANRB 14/2017 (own copy of the data; idempotent)."""

from typing import Any

from django.db import migrations

ELEMENTS = [{'code': 'U1',
  'name': 'Persyaratan',
  'question': 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis '
              'pelayanannya?',
  'order': 1,
  'weight': 1,
  'label_1': 'Tidak sesuai',
  'label_2': 'Kurang sesuai',
  'label_3': 'Sesuai',
  'label_4': 'Sangat sesuai'},
 {'code': 'U2',
  'name': 'Sistem, Mekanisme, dan Prosedur',
  'question': 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
  'order': 2,
  'weight': 1,
  'label_1': 'Tidak mudah',
  'label_2': 'Kurang mudah',
  'label_3': 'Mudah',
  'label_4': 'Sangat mudah'},
 {'code': 'U3',
  'name': 'Waktu Penyelesaian',
  'question': 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
  'order': 3,
  'weight': 1,
  'label_1': 'Tidak cepat',
  'label_2': 'Kurang cepat',
  'label_3': 'Cepat',
  'label_4': 'Sangat cepat'},
 {'code': 'U4',
  'name': 'Biaya/Tarif',
  'question': 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
  'order': 4,
  'weight': 1,
  'label_1': 'Sangat mahal',
  'label_2': 'Cukup mahal',
  'label_3': 'Murah',
  'label_4': 'Gratis'},
 {'code': 'U5',
  'name': 'Produk Spesifikasi Jenis Pelayanan',
  'question': 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang '
              'tercantum dalam standar pelayanan dengan hasil yang diberikan?',
  'order': 5,
  'weight': 1,
  'label_1': 'Tidak sesuai',
  'label_2': 'Kurang sesuai',
  'label_3': 'Sesuai',
  'label_4': 'Sangat sesuai'},
 {'code': 'U6',
  'name': 'Kompetensi Pelaksana',
  'question': 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
  'order': 6,
  'weight': 1,
  'label_1': 'Tidak kompeten',
  'label_2': 'Kurang kompeten',
  'label_3': 'Kompeten',
  'label_4': 'Sangat kompeten'},
 {'code': 'U7',
  'name': 'Perilaku Pelaksana',
  'question': 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait '
              'kesopanan dan keramahan?',
  'order': 7,
  'weight': 1,
  'label_1': 'Tidak sopan dan ramah',
  'label_2': 'Kurang sopan dan ramah',
  'label_3': 'Sopan dan ramah',
  'label_4': 'Sangat sopan dan ramah'},
 {'code': 'U8',
  'name': 'Penanganan Pengaduan, Saran dan Masukan',
  'question': 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?',
  'order': 8,
  'weight': 1,
  'label_1': 'Tidak ada',
  'label_2': 'Ada tetapi tidak berfungsi',
  'label_3': 'Berfungsi kurang maksimal',
  'label_4': 'Dikelola dengan baik'},
 {'code': 'U9',
  'name': 'Sarana dan Prasarana',
  'question': 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
  'order': 9,
  'weight': 1,
  'label_1': 'Buruk',
  'label_2': 'Cukup',
  'label_3': 'Baik',
  'label_4': 'Sangat baik'}]


def seed(apps: Any, schema_editor: Any) -> None:
    Element = apps.get_model("surveys", "Element")
    for row in ELEMENTS:
        Element.objects.get_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
