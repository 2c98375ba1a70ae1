"""The nine elements (unsur) of PermenPANRB 14/2017 in the regulation's order, with their labels.

Used by the idempotent `seed_survey_elements` command and by `create_period` when the default
questionnaire is empty. The data migration 0002 carries its own copy of this list.
"""

DEFAULT_ELEMENTS: tuple[dict[str, object], ...] = (
    {
        "code": "U1",
        "name": "Persyaratan",
        "question": "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
        "jenis pelayanannya?",
        "labels": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    },
    {
        "code": "U2",
        "name": "Sistem, Mekanisme, dan Prosedur",
        "question": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "labels": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    },
    {
        "code": "U3",
        "name": "Waktu Penyelesaian",
        "question": "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan "
        "pelayanan?",
        "labels": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    },
    {
        "code": "U4",
        "name": "Biaya/Tarif",
        "question": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "labels": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    },
    {
        "code": "U5",
        "name": "Produk Spesifikasi Jenis Pelayanan",
        "question": "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
        "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
        "labels": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    },
    {
        "code": "U6",
        "name": "Kompetensi Pelaksana",
        "question": "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam "
        "pelayanan?",
        "labels": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    },
    {
        "code": "U7",
        "name": "Perilaku Pelaksana",
        "question": "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?",
        "labels": (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    },
    {
        "code": "U8",
        "name": "Penanganan Pengaduan, Saran dan Masukan",
        "question": "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "labels": (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    },
    {
        "code": "U9",
        "name": "Sarana dan Prasarana",
        "question": "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "labels": ("Buruk", "Cukup", "Baik", "Sangat baik"),
    },
)


def element_rows() -> list[dict[str, object]]:
    """The default elements as model field values (order 1-9, equal relative weight 1)."""
    rows = []
    for order, item in enumerate(DEFAULT_ELEMENTS, start=1):
        labels = item["labels"]
        assert isinstance(labels, tuple)
        rows.append(
            {
                "code": item["code"],
                "name": item["name"],
                "question": item["question"],
                "order": order,
                "weight": 1,
                "label_1": labels[0],
                "label_2": labels[1],
                "label_3": labels[2],
                "label_4": labels[3],
            }
        )
    return rows
