import pytest

from sitrantib.linmas.models import Member

from .conftest import make_member


@pytest.fixture
def members(world):
    own = make_member(world.village, name="Warga Darungan", serial=1)
    sibling = make_member(world.sibling_village, name="Warga Kraton", serial=2)
    foreign = make_member(world.foreign_village, name="Warga Lain", serial=3)
    return own, sibling, foreign


def names(response):
    return sorted(m.name for m in response.context["members"])


def test_member_list_operator_sees_only_own_desa(client, world, members):
    client.force_login(world.operator)
    assert names(client.get("/linmas/anggota/")) == ["Warga Darungan"]


@pytest.mark.parametrize("role", ["admin", "camat", "staff"])
def test_member_list_kecamatan_roles_see_all_desa_of_kecamatan(client, world, members, role):
    client.force_login(getattr(world, role))
    assert names(client.get("/linmas/anggota/")) == ["Warga Darungan", "Warga Kraton"]


def test_member_list_national_sees_every_desa(client, world, members):
    client.force_login(world.national)
    assert names(client.get("/linmas/anggota/")) == ["Warga Darungan", "Warga Kraton", "Warga Lain"]


def test_member_list_outsider_sees_only_own_kecamatan(client, world, members):
    client.force_login(world.outsider)
    assert names(client.get("/linmas/anggota/")) == ["Warga Lain"]


def test_member_pages_refuse_partner(client, world, members):
    client.force_login(world.partner)
    statuses = [
        client.get(url).status_code
        for url in (
            "/linmas/anggota/",
            f"/linmas/anggota/{members[0].pk}/",
            "/linmas/ekspor/register.xlsx",
            "/linmas/ekspor/daftar.pdf",
            "/linmas/regu/",
        )
    ]
    assert statuses == [403, 403, 403, 403, 403]


def test_readiness_page_partner_sees_numbers_without_links(client, world, members):
    client.force_login(world.partner)
    response = client.get("/linmas/")
    assert (response.status_code, response.context["links"]) == (200, False)
    assert "/linmas/anggota/?village" not in response.content.decode()


def test_member_detail_of_other_desa_is_404_for_operator(client, world, members):
    client.force_login(world.operator)
    assert client.get(f"/linmas/anggota/{members[1].pk}/").status_code == 404


def test_member_detail_of_other_kecamatan_is_404_for_admin(client, world, members):
    client.force_login(world.admin)
    assert client.get(f"/linmas/anggota/{members[2].pk}/").status_code == 404


def test_member_detail_masks_personal_data_for_camat(client, world, members):
    client.force_login(world.camat)
    body = client.get(f"/linmas/anggota/{members[0].pk}/").content.decode()
    assert ("3508********0001" in body, members[0].nik in body, "Jl. Raya Darungan" in body) == (
        True,
        False,
        False,
    )


def test_member_detail_shows_personal_data_to_operator(client, world, members):
    client.force_login(world.operator)
    body = client.get(f"/linmas/anggota/{members[0].pk}/").content.decode()
    assert (members[0].nik in body, "Jl. Raya Darungan" in body, "081234567890" in body) == (
        True,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("role", "expected"), [("camat", 403), ("staff", 403), ("partner", 403), ("operator", 200)]
)
def test_member_create_page_only_for_writers(client, world, role, expected):
    client.force_login(getattr(world, role))
    assert client.get("/linmas/anggota/tambah/").status_code == expected


def test_member_update_of_other_desa_is_404_for_operator(client, world, members):
    client.force_login(world.operator)
    assert client.get(f"/linmas/anggota/{members[1].pk}/ubah/").status_code == 404


def test_member_transition_by_sibling_operator_is_404(client, world, members):
    client.force_login(world.sibling_operator)
    response = client.post(
        f"/linmas/anggota/{members[0].pk}/status/", {"status": "nonaktif", "reason": "x"}
    )
    assert (response.status_code, Member.objects.get(pk=members[0].pk).status) == (404, "aktif")


def test_member_form_offers_operator_only_own_desa(client, world):
    client.force_login(world.operator)
    form = client.get("/linmas/anggota/tambah/").context["form"]
    assert list(form.fields["village"].queryset.values_list("code", flat=True)) == ["35.08.07.2001"]


def test_pages_require_login(client, world):
    response = client.get("/linmas/anggota/")
    assert (response.status_code, "/akun/masuk/" in response["Location"]) == (302, True)


def test_api_list_operator_sees_own_desa_only(client, world, members):
    client.force_login(world.operator)
    data = client.get("/api/v1/linmas-members/").json()
    assert [m["name"] for m in data["results"]] == ["Warga Darungan"]


def test_api_list_masks_for_staff(client, world, members):
    client.force_login(world.staff)
    data = client.get("/api/v1/linmas-members/?village=35.08.07.2001").json()
    row = data["results"][0]
    assert (row["nik"], row["address"], row["phone"]) == (
        "3508********0001",
        "********",
        "0812******90",
    )


def test_api_list_empty_for_partner(client, world, members):
    client.force_login(world.partner)
    assert client.get("/api/v1/linmas-members/").json()["results"] == []


def test_api_update_by_camat_is_refused(client, world, members):
    client.force_login(world.camat)
    response = client.patch(
        f"/api/v1/linmas-members/{members[0].pk}/", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_api_transition_of_other_desa_is_404(client, world, members):
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/linmas-members/{members[1].pk}/transition/",
        {"status": "nonaktif", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_verification_page_is_public_and_hides_nik_and_address(client, world, members):
    member = members[0]
    response = client.get(f"/verifikasi/{member.verification_code}")
    body = response.content.decode()
    assert (
        response.status_code,
        "Warga Darungan" in body,
        member.nik in body,
        "Jl. Raya" in body,
    ) == (200, True, False, False)


def test_verification_page_unknown_code_is_404(client, world):
    assert client.get("/verifikasi/bukan-kode").status_code == 404
