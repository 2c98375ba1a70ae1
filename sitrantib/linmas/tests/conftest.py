import datetime as dt
import io
from typing import Any

import pytest

from sitrantib.linmas.enums import Education, MaritalStatus
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import new_verification_code


def nik_for(born: dt.date, sex: str = "L", serial: int = 1, prefix: str = "350807") -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{prefix}{day:02d}{born:%m%y}{serial:04d}"


def member_data(**overrides: Any) -> dict[str, Any]:
    born = overrides.pop("born", dt.date(1990, 8, 17))
    sex = overrides.pop("sex", "L")
    serial = overrides.pop("serial", 1)
    data = {
        "nik": nik_for(born, sex, serial),
        "name": "Budi Santoso",
        "sex": sex,
        "birth_place": "Lumajang",
        "birth_date": born,
        "address": "Jl. Raya Darungan 5",
        "rt": "001",
        "rw": "002",
        "phone": "081234567890",
        "education": Education.SLTA,
        "marital_status": MaritalStatus.KAWIN,
        "occupation": "Petani",
        "position": "anggota",
    }
    data.update(overrides)
    return data


def make_member(village: Any, **overrides: Any) -> Member:
    """A member saved directly (service tests use the service)."""
    data = member_data(**overrides)
    member = Member(village=village, verification_code=new_verification_code(), **data)
    member.save()
    return member


def download(response: Any) -> bytes:
    """The body of a streamed download (FileResponse), its temporary file closed."""
    content = b"".join(response.streaming_content)
    if response.file_to_stream is not None:
        response.file_to_stream.close()
    return content


def xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    from sitrantib.linmas.imports import MEMBERS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = MEMBERS.sheet_title
    sheet.append(headers or [c.label for c in MEMBERS.columns])
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, as a user's "=HYPERLINK(...)" name would be
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_row(
    born: dt.date = dt.date(1990, 8, 17), sex: str = "L", serial: int = 1, **kw: Any
) -> list[Any]:
    values = {
        "nik": nik_for(born, sex, serial),
        "nama": f"Anggota {serial}",
        "jk": sex,
        "tempat": "Lumajang",
        "tanggal": born.strftime("%d-%m-%Y"),
        "alamat": "Jl. Desa",
        "rt": "001",
        "rw": "002",
        "telepon": "0812345678",
        "pendidikan": "slta",
        "kawin": "kawin",
        "pekerjaan": "Petani",
        "jabatan": "anggota",
        "sk": "",
        "tgl_sk": "",
        "kta": "",
        "kta_berlaku": "",
    }
    values.update(kw)
    return list(values.values())


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files of one test go to its own tmp dirs (public media and private files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
