"""The user pages of administrators: access by scope, list, add, edit, status, password reset,
and the forced change of a temporary password."""

import pytest
from django.core import mail

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.testing.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("national", 200),
        ("camat", 403),
        ("staff", 403),
        ("operator", 403),
        ("partner", 403),
        ("superuser", 403),
        ("anonymous", 302),
    ],
)
def test_user_list_is_for_administrators(client, world, who, status):
    user = None if who == "anonymous" else getattr(world, who)

    response = _client(client, user).get("/akun/pengguna/")

    assert response.status_code == status


def test_user_page_of_someone_outside_the_reach_is_not_found_for_an_admin(client, world):
    # the other kecamatan's admin opening our operator; our admin opening theirs
    assert (
        _client(client, world.outsider).get(f"/akun/pengguna/{world.operator.pk}/").status_code
        == 404
    )
    client.force_login(world.admin)
    assert client.get(f"/akun/pengguna/{world.outsider.pk}/").status_code == 404
    assert client.get(f"/akun/pengguna/{world.national.pk}/").status_code == 404
    assert (
        client.post(f"/akun/pengguna/{world.outsider.pk}/status/", {"active": "0"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/akun/pengguna/{world.outsider.pk}/kata-sandi/", {"how": "temporary"}
        ).status_code
        == 404
    )


def test_user_list_shows_scope_status_and_last_login_and_filters(client, world):
    client.force_login(world.admin)

    page = client.get("/akun/pengguna/").content.decode()
    found = client.get("/akun/pengguna/", {"q": "opd"}).context["page"].rows
    inactive = client.get("/akun/pengguna/", {"active": "0"}).context["page"].rows
    operators = client.get("/akun/pengguna/", {"role": "village_operator"}).context["page"].rows

    assert "adminlain" not in page
    assert "Darungan" in page
    assert "belum pernah" in page
    assert [u.username for u in found] == ["opdarungan"]
    assert inactive == []
    assert [u.username for u in operators] == ["opdarungan", "opkraton"]


@pytest.mark.parametrize("extra", [1, 3])
def test_user_list_query_count_is_constant(client, world, extra, django_assert_num_queries):
    for n in range(extra):
        make_user(
            role=Role.VILLAGE_OPERATOR,
            district=world.district,
            villages=[world.village],
            username=f"op{n}",
        )
    client.force_login(world.admin)
    client.get("/akun/pengguna/")  # the session's user is loaded once

    # the same count at 1 and 3 more users: nothing is read per row
    with django_assert_num_queries(5):
        response = client.get("/akun/pengguna/")

    assert len(response.context["page"].rows) == 6 + extra


def test_admin_adds_an_operator_and_sees_the_temporary_password_once(client, world):
    client.force_login(world.admin)

    response = client.post(
        "/akun/pengguna/tambah/",
        {
            "username": "opbaru",
            "first_name": "Siti",
            "role": Role.VILLAGE_OPERATOR,
            "district": world.district.code,
            "village": world.sibling_village.code,
        },
    )

    user = User.objects.get(username="opbaru")
    password = response.context["password"]
    assert response["Cache-Control"] == "no-store"
    assert password in response.content.decode()
    assert user.check_password(password)
    assert user.must_change_password
    assert user.village_codes == frozenset({world.sibling_village.code})


def test_add_form_refused_keeps_values_and_says_why_beside_the_field(client, world):
    client.force_login(world.admin)

    response = client.post(
        "/akun/pengguna/tambah/",
        {
            "username": "optanpadesa",
            "first_name": "Rudi",
            "role": Role.VILLAGE_OPERATOR,
            "district": world.district.code,
        },
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["village"] == ["Operator desa harus punya sedikitnya satu desa."]
    assert form["first_name"].value() == "Rudi"
    assert not User.objects.filter(username="optanpadesa").exists()


def test_kecamatan_admin_is_not_offered_coverage_nor_other_kecamatan(client, world):
    client.force_login(world.admin)

    form = client.get("/akun/pengguna/tambah/").context["form"]

    assert "coverage" not in form.fields
    assert list(form.fields["district"].queryset) == [world.district]


def test_edit_with_a_stale_version_keeps_typed_values_and_names_the_change(client, world):
    client.force_login(world.admin)
    url = f"/akun/pengguna/{world.staff.pk}/"
    data = {
        "first_name": "Dua",
        "role": Role.KECAMATAN_STAFF,
        "district": world.district.code,
        "version": 1,
    }
    client.post(url, {**data, "first_name": "Satu"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Satu" in response.context["form"].non_field_errors()[0]
    assert response.context["form"]["first_name"].value() == "Dua"
    assert User.objects.get(pk=world.staff.pk).first_name == "Satu"


def test_deactivating_oneself_is_refused_with_a_message(client, world):
    client.force_login(world.admin)

    response = client.post(f"/akun/pengguna/{world.admin.pk}/status/", {"active": "0"}, follow=True)

    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    assert User.objects.get(pk=world.admin.pk).is_active


def test_deactivated_user_cannot_log_in(client, world):
    client.force_login(world.admin)
    client.post(f"/akun/pengguna/{world.staff.pk}/status/", {"active": "0", "version": "1"})
    client.logout()

    response = client.post("/akun/masuk/", {"username": "staf", "password": TEST_PASSWORD})

    assert response.status_code == 200  # the form again, not a redirect
    assert not User.objects.get(pk=world.staff.pk).is_active


def test_temporary_password_forces_a_change_before_anything_else(client, world):
    client.force_login(world.admin)
    response = client.post(f"/akun/pengguna/{world.operator.pk}/kata-sandi/", {"how": "temporary"})
    password = response.context["password"]
    client.logout()

    client.post("/akun/masuk/", {"username": "opdarungan", "password": password})
    blocked = client.get("/linmas/")
    api = client.get("/akun/pengguna/")
    changed = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": password,
            "new_password1": "Sandi-Sendiri-26",
            "new_password2": "Sandi-Sendiri-26",
        },
    )
    free = client.get("/")

    assert (blocked.status_code, blocked["Location"]) == (302, "/akun/kata-sandi/")
    assert api.status_code == 302
    assert changed.status_code == 302
    assert free.status_code == 200
    assert not User.objects.get(pk=world.operator.pk).must_change_password


def test_reset_by_link_sends_mail_and_never_shows_a_password(client, world, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    world.operator.email = "op@example.test"
    world.operator.save()
    client.force_login(world.admin)

    page = client.get(f"/akun/pengguna/{world.operator.pk}/").content.decode()
    response = client.post(
        f"/akun/pengguna/{world.operator.pk}/kata-sandi/", {"how": "link"}, follow=True
    )

    assert "Kirim tautan ke op@example.test" in page
    assert "dikirim ke op@example.test" in response.content.decode()
    assert len(mail.outbox) == 1
    assert "http://testserver/akun/atur-sandi/" in mail.outbox[0].body


def test_reset_link_uses_the_public_address(client, world, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    world.operator.email = "op@example.test"
    world.operator.save()
    client.force_login(world.admin)

    client.post(f"/akun/pengguna/{world.operator.pk}/kata-sandi/", {"how": "link"})

    assert "http://192.168.1.10:8000/akun/atur-sandi/" in mail.outbox[0].body


def test_reset_link_that_would_only_open_on_the_laptop_is_refused(client, world, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    world.operator.email = "op@example.test"
    world.operator.save()
    client.force_login(world.admin)

    response = client.post(
        f"/akun/pengguna/{world.operator.pk}/kata-sandi/",
        {"how": "link"},
        follow=True,
        HTTP_HOST="127.0.0.1",
    )

    assert "hanya akan terbuka di komputer ini" in response.content.decode()
    assert mail.outbox == []


def test_names_are_kept_as_typed_in_their_two_fields(client, world):
    client.force_login(world.admin)

    client.post(
        "/akun/pengguna/tambah/",
        {
            "username": "stafbaru",
            "first_name": "Siti Nur",
            "last_name": "Aisyah",
            "role": Role.KECAMATAN_STAFF,
            "district": world.district.code,
        },
    )

    user = User.objects.get(username="stafbaru")
    assert (user.first_name, user.last_name) == ("Siti Nur", "Aisyah")


def test_superuser_accounts_are_not_listed_to_a_kecamatan_admin(client, world):
    world.superuser.role = Role.TRANTIB_ADMIN
    world.superuser.district = world.district
    world.superuser.save()
    client.force_login(world.admin)

    listing = client.get("/akun/pengguna/").content.decode()

    assert ">root<" not in listing
    assert client.get(f"/akun/pengguna/{world.superuser.pk}/").status_code == 404
