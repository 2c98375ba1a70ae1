"""The archive of issued documents: its pages, its download and who reads what (core.archive)."""

import logging
from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from sitrantib.core.archive import (
    DocumentKind,
    archive_document,
    documents_visible_to,
    issue_once,
    register_document_kind,
)
from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction, Role
from sitrantib.core.models import AuditEntry, DocumentFormat, IssuedDocument
from sitrantib.core.scoping import Scope
from sitrantib.testing.responses import release

KECAMATAN_ROLES = {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF}


def _village_note_filter(scope: Scope) -> Q:
    if scope.national or scope.role in KECAMATAN_ROLES:
        return Q()
    if scope.village_codes is not None:
        return Q(params__village__in=sorted(scope.village_codes))
    return Q(pk__in=[])


def _reads_village_note(user: Any, document: IssuedDocument) -> bool:
    if user.role in KECAMATAN_ROLES or user.coverage:
        return True
    return user.role == Role.VILLAGE_OPERATOR and document.params.get("village") in {
        v.code for v in user.villages.all()
    }


# A kind narrowed in SQL (a desa's document: its operator and the kecamatan's roles) and a kind
# decided per kecamatan by its readers rule (the Camat and the administrators only).
NOTE = register_document_kind(
    DocumentKind(
        key="tests.village_note",
        title="Catatan desa (uji)",
        readers=_reads_village_note,
        visible=_village_note_filter,
    )
)
PLAIN = register_document_kind(
    DocumentKind(
        key="tests.camat_letter",
        title="Surat Camat (uji)",
        readers=lambda user, document: user.role in {Role.CAMAT, Role.TRANTIB_ADMIN},
    )
)


def _issue(world: Any, *, content: bytes = b"%PDF-1.4 isi", subject: str = "note:1", **kw: Any):
    village = kw.pop("village", world.village.code)
    return archive_document(
        kind=kw.pop("kind", NOTE.key),
        title=kw.pop("title", "Catatan Darungan"),
        subject_key=subject,
        district_code=kw.pop("district_code", world.district.code),
        fmt=DocumentFormat.PDF,
        content=content,
        filename=kw.pop("filename", "catatan-darungan.pdf"),
        actor=kw.pop("actor", world.admin),
        params={"village": village},
        **kw,
    )


def _body(response: Any) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    release(response)
    return content


def test_download_sends_the_exact_bytes_never_cached_with_the_stored_name(client, world):
    document = _issue(world, content=b"%PDF-1.4 versi pertama")
    client.force_login(world.camat)
    response = client.get(reverse("core:archive_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="catatan-darungan.pdf"'
    assert _body(response) == b"%PDF-1.4 versi pertama"


def test_download_is_audited_as_an_export(client, world):
    document = _issue(world)
    client.force_login(world.staff)
    release(client.get(reverse("core:archive_download", args=[document.pk])))
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor == world.staff
    assert entry.object_type == "core.issueddocument"
    assert entry.object_id == str(document.pk)
    assert entry.object_repr == "catatan-darungan.pdf"
    assert entry.district_code == world.district.code


def test_tampered_file_answers_an_error_page_not_the_bytes(client, world, caplog):
    document = _issue(world, content=b"%PDF-1.4 asli")
    with open(document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 diubah")
    client.force_login(world.admin)
    with caplog.at_level(logging.ERROR, logger="sitrantib.core.archive_views"):
        response = client.get(reverse("core:archive_download", args=[document.pk]))
    body = _body(response)
    assert response.status_code == 500
    assert b"diubah" not in body
    assert "tidak cocok dengan sidiknya" in body.decode()
    assert any(str(document.pk) in r.getMessage() for r in caplog.records)
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_newer_issue_supersedes_and_the_old_stays_downloadable(client, world):
    old = _issue(world, content=b"%PDF-1.4 lama")
    new = _issue(world, content=b"%PDF-1.4 baru")
    old.refresh_from_db()
    assert old.superseded_by == new
    assert new.superseded_by is None
    client.force_login(world.admin)
    assert _body(client.get(reverse("core:archive_download", args=[old.pk]))) == b"%PDF-1.4 lama"
    page = _body(client.get(reverse("core:archive_detail", args=[old.pk]))).decode()
    assert "sudah digantikan" in page
    assert reverse("core:archive_detail", args=[new.pk]) in page
    assert "menggantikan dokumen ini" in page
    page = _body(client.get(reverse("core:archive_detail", args=[new.pk]))).decode()
    assert "digantikan oleh dokumen ini" in page
    assert reverse("core:archive_download", args=[new.pk]) in page


def test_request_key_retry_returns_the_first_document(world):
    first = _issue(world, content=b"%PDF-1.4 satu", request_key="job:7")
    again = _issue(world, content=b"%PDF-1.4 dua", request_key="job:7")
    assert again.pk == first.pk
    assert IssuedDocument.objects.count() == 1


def test_issue_once_keeps_one_issue_until_the_data_changes(world):
    calls = []

    def render() -> bytes:
        calls.append(1)
        return f"%PDF-1.4 render {len(calls)}".encode()

    def issue() -> IssuedDocument:
        return issue_once(
            kind=NOTE.key,
            title="Catatan",
            subject_key="note:9",
            district_code=world.district.code,
            fmt=DocumentFormat.PDF,
            filename="catatan.pdf",
            actor=world.admin,
            render=render,
        )

    first = issue()
    assert issue().pk == first.pk
    assert len(calls) == 1
    record_change(
        actor=world.admin,
        action=AuditAction.UPDATE,
        object_type="regions.village",
        object_id=world.village.code,
        district_code=world.district.code,
    )
    second = issue()
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.superseded_by == second


def test_issue_once_keeps_the_issue_when_a_change_elsewhere_leaves_its_bytes_alone(world):
    calls = []

    def render() -> bytes:
        calls.append(1)
        return b"%PDF-1.4 the same records, the same bytes"

    def issue() -> IssuedDocument:
        return issue_once(
            kind=NOTE.key,
            title="Catatan",
            subject_key="note:10",
            district_code=world.district.code,
            fmt=DocumentFormat.PDF,
            filename="catatan.pdf",
            actor=world.admin,
            render=render,
        )

    first = issue()
    record_change(
        actor=world.admin,
        action=AuditAction.UPDATE,
        object_type="regions.village",
        object_id=world.village.code,
        district_code=world.district.code,
    )
    again = issue()
    assert len(calls) == 2  # rendered again: the kecamatan's data moved on
    assert again.pk == first.pk  # but it reads exactly as the issue handed out: no second copy
    assert IssuedDocument.objects.filter(subject_key="note:10").count() == 1


@pytest.mark.parametrize(
    ("who", "sees_note", "sees_letter"),
    [
        ("admin", True, True),
        ("camat", True, True),
        ("staff", True, False),
        ("operator", True, False),
        ("sibling_operator", False, False),
        ("partner", False, False),
        ("outsider", False, False),
        ("superuser", False, False),
        ("national", True, True),
        ("regency_admin", True, True),
    ],
)
def test_scope_and_kind_rules_decide_who_reads(client, world, who, sees_note, sees_letter):
    note = _issue(world)
    letter = _issue(world, kind=PLAIN.key, subject="letter:1", title="Surat", filename="surat.pdf")
    user = getattr(world, who)
    visible = set(documents_visible_to(user=user).values_list("pk", flat=True))
    assert (note.pk in visible) is sees_note
    assert (letter.pk in visible) is sees_letter
    client.force_login(user)
    for document, sees in ((note, sees_note), (letter, sees_letter)):
        for name in ("core:archive_detail", "core:archive_download"):
            response = client.get(reverse(name, args=[document.pk]))
            release(response)
            assert response.status_code == (200 if sees else 404), (name, document.kind)


def test_document_of_another_kecamatan_is_not_found(client, world):
    foreign = _issue(
        world, district_code=world.other_district.code, village=world.foreign_village.code
    )
    client.force_login(world.admin)
    response = client.get(reverse("core:archive_detail", args=[foreign.pk]))
    release(response)
    assert response.status_code == 404
    client.force_login(world.outsider)
    response = client.get(reverse("core:archive_download", args=[foreign.pk]))
    assert response.status_code == 200
    release(response)


def test_list_shows_newest_first_with_status_and_short_checksum(client, world):
    old = _issue(world, content=b"%PDF-1.4 lama", title="Catatan lama")
    new = _issue(world, content=b"%PDF-1.4 baru", title="Catatan baru")
    client.force_login(world.admin)
    page = _body(client.get(reverse("core:archive_list"))).decode()
    assert page.index("Catatan baru") < page.index("Catatan lama")
    assert new.sha256[:12] in page
    assert old.sha256[:12] in page
    assert "digantikan" in page
    assert "terkini" in page
    assert "Catatan desa (uji)" in page
    assert new.data_version in page


def test_list_filters_by_kind_year_and_current_only(client, world):
    _issue(world, content=b"%PDF-1.4 lama", title="Catatan lama")
    _issue(world, content=b"%PDF-1.4 baru", title="Catatan baru")
    _issue(world, kind=PLAIN.key, subject="letter:1", title="Surat Camat", filename="s.pdf")
    client.force_login(world.admin)
    url = reverse("core:archive_list")
    page = _body(client.get(url, {"current": "on"})).decode()
    assert "Catatan baru" in page
    assert "Catatan lama" not in page
    page = _body(client.get(url, {"kind": PLAIN.key})).decode()
    assert "Surat Camat" in page
    assert "Catatan baru" not in page
    page = _body(client.get(url, {"year": "2001"})).decode()
    assert "Tidak ada dokumen yang cocok" in page
    response = client.get(url, {"year": "99999"})
    assert response.status_code == 400
    assert "Catatan baru" not in _body(response).decode()


def test_kecamatan_filter_only_for_wide_scope(client, world):
    _issue(world, title="Catatan Yosowilangun")
    _issue(
        world,
        district_code=world.other_district.code,
        village=world.foreign_village.code,
        subject="note:2",
        title="Catatan Lain",
    )
    url = reverse("core:archive_list")
    client.force_login(world.national)
    page = _body(client.get(url, {"kecamatan": world.other_district.code})).decode()
    assert "Catatan Lain" in page
    assert "Catatan Yosowilangun" not in page
    client.force_login(world.admin)
    page = _body(client.get(url)).decode()
    assert 'name="kecamatan"' not in page
    assert "Catatan Yosowilangun" in page
    assert "Catatan Lain" not in page


def test_kecamatan_search_answers_only_the_users_kecamatan(client, world):
    client.force_login(world.regency_admin)
    response = client.get(reverse("core:search", args=["core.archive_districts"]), {"q": "35"})
    assert response.status_code == 200
    release(response)


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow_with_documents(
    client, world, rows, django_assert_max_num_queries
):
    for number in range(rows):
        _issue(world, subject=f"note:{number}", title=f"Catatan nomor {number}")
        _issue(world, kind=PLAIN.key, subject=f"letter:{number}", title=f"Surat nomor {number}")
    client.force_login(world.camat)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("core:archive_list"))
    page = _body(response).decode()
    for number in range(rows):
        assert f"Catatan nomor {number}" in page
        assert f"Surat nomor {number}" in page
