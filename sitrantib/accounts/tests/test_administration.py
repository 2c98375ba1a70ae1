"""Managing users on the web: who may manage whom, lock-out guards, audit, password resets."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sitrantib.accounts import administration, password_resets
from sitrantib.accounts.administration import (
    MESSAGE_CAMAT_WIDER_ONLY,
    MESSAGE_COVERAGE_NOT_GRANTED,
    MESSAGE_DISTRICT_OUTSIDE_SCOPE,
    MESSAGE_LAST_ADMIN,
    MESSAGE_SELF_DEACTIVATE,
    MESSAGE_SELF_SCOPE,
    MESSAGE_SUPERUSER_ONLY,
)
from sitrantib.accounts.models import User
from sitrantib.accounts.password_resets import (
    MESSAGE_NO_EMAIL_ADDRESS,
    MESSAGE_NO_MAIL,
    NOTE_RESET_LINK_SENT,
    NOTE_TEMPORARY_PASSWORD,
)
from sitrantib.accounts.selectors import users_manageable_by
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.enums import Coverage, Role
from sitrantib.core.models import AuditEntry
from sitrantib.testing.factories import make_user

pytestmark = pytest.mark.django_db


def _entries(user):
    return AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by(
        "id"
    )


def _usernames(actor):
    return sorted(users_manageable_by(user=actor).values_list("username", flat=True))


def test_kecamatan_admin_manages_the_users_of_their_kecamatan_only(world):
    assert _usernames(world.admin) == [
        "camat",
        "kasitrantib",
        "opdarungan",
        "opkraton",
        "polsek",
        "staf",
    ]


def test_regency_admin_manages_the_kabupaten_and_national_admin_everyone(world):
    assert "adminlain" in _usernames(world.regency_admin)
    assert "adminkab" in _usernames(world.regency_admin)
    assert "nasional" not in _usernames(world.regency_admin)
    # Everyone but the Django-admin accounts, which are the superusers' own business.
    assert len(_usernames(world.national)) == User.objects.filter(is_superuser=False).count()
    assert "root" not in _usernames(world.national)


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "superuser"])
def test_non_admins_manage_nobody(world, who):
    assert _usernames(getattr(world, who)) == []
    with pytest.raises(PermissionDenied):
        administration.add_user(
            actor=getattr(world, who), username="x1", role=Role.CAMAT, district=world.district
        )


def test_add_user_gives_a_temporary_password_to_change_and_audits_without_it(world):
    user, password = administration.add_user(
        actor=world.admin,
        username="opbaru",
        role=Role.VILLAGE_OPERATOR,
        district=world.district,
        villages=[world.sibling_village],
        full_name="Siti Aminah",
        phone="081234",
    )

    assert user.check_password(password)
    assert user.must_change_password
    assert user.village_codes == frozenset({world.sibling_village.code})
    entry = _entries(user).get()
    assert (entry.action, entry.actor, entry.after["villages"]) == (
        "create",
        world.admin,
        [world.sibling_village.code],
    )
    assert password not in str(entry.after)
    assert "password" not in entry.after


def test_kecamatan_admin_cannot_add_a_user_outside_their_kecamatan(world):
    with pytest.raises(ValidationError) as excinfo:
        administration.add_user(
            actor=world.admin,
            username="luar",
            role=Role.KECAMATAN_STAFF,
            district=world.other_district,
        )

    assert excinfo.value.message_dict["district"] == [MESSAGE_DISTRICT_OUTSIDE_SCOPE]
    assert not User.objects.filter(username="luar").exists()


@pytest.mark.parametrize(
    ("who", "coverage", "allowed"),
    [
        ("admin", Coverage.REGENCY, False),
        ("admin", Coverage.NATIONAL, False),
        ("regency_admin", Coverage.REGENCY, True),
        ("regency_admin", Coverage.NATIONAL, False),
        ("national", Coverage.NATIONAL, True),
    ],
)
def test_only_a_coverage_admin_grants_coverage_no_wider_than_their_own(
    world, who, coverage, allowed
):
    regency = world.district.regency if coverage == Coverage.REGENCY else None
    call = {
        "actor": getattr(world, who),
        "username": "luas",
        "role": Role.CAMAT,
        "district": None,
        "coverage": coverage,
        "regency": regency,
    }
    if allowed:
        user, _password = administration.add_user(**call)
        assert user.coverage == coverage
    else:
        with pytest.raises(ValidationError) as excinfo:
            administration.add_user(**call)
        assert excinfo.value.message_dict["coverage"] == [MESSAGE_COVERAGE_NOT_GRANTED]


def test_update_user_changes_role_and_desa_with_two_audit_entries(world):
    user = User.objects.get(pk=world.operator.pk)

    changed = administration.update_user(
        user=user,
        actor=world.admin,
        values={"first_name": "Budi", "role": Role.VILLAGE_OPERATOR, "district": world.district},
        villages=[world.sibling_village],
        expected_version=user.version,
    )

    user.refresh_from_db()
    assert changed
    assert (user.first_name, user.version) == ("Budi", 2)
    assert set(user.villages.values_list("code", flat=True)) == {world.sibling_village.code}
    update, desa = _entries(user)
    assert (update.before["first_name"], update.after["first_name"]) == ("", "Budi")
    assert (desa.before, desa.after) == (
        {"villages": [world.village.code]},
        {"villages": [world.sibling_village.code]},
    )


def test_update_user_with_a_stale_version_is_refused_and_saves_nothing(world):
    user = User.objects.get(pk=world.staff.pk)
    administration.update_user(user=user, actor=world.admin, values={"first_name": "A"})

    with pytest.raises(StaleVersion):
        administration.update_user(
            user=User.objects.get(pk=user.pk),
            actor=world.admin,
            values={"first_name": "B"},
            expected_version=1,
        )

    assert User.objects.get(pk=user.pk).first_name == "A"


def test_update_user_outside_the_reach_is_refused(world):
    with pytest.raises(PermissionDenied):
        administration.update_user(user=world.outsider, actor=world.admin, values={})


def test_admin_cannot_change_their_own_role(world):
    with pytest.raises(ValidationError) as excinfo:
        administration.update_user(
            user=world.admin, actor=world.admin, values={"role": Role.KECAMATAN_STAFF}
        )

    assert excinfo.value.messages == [MESSAGE_SELF_SCOPE]
    assert User.objects.get(pk=world.admin.pk).role == Role.TRANTIB_ADMIN


def test_national_admin_cannot_remove_their_own_coverage(world):
    with pytest.raises(ValidationError):
        administration.update_user(
            user=world.national,
            actor=world.national,
            values={"coverage": Coverage.BY_ROLE, "district": world.district},
        )

    assert User.objects.get(pk=world.national.pk).coverage == Coverage.NATIONAL


def test_admin_cannot_deactivate_themselves(world):
    with pytest.raises(ValidationError) as excinfo:
        administration.set_user_active(user=world.admin, actor=world.admin, active=False)

    assert excinfo.value.messages == [MESSAGE_SELF_DEACTIVATE]


def test_last_admin_of_a_kecamatan_is_neither_deactivated_nor_demoted(world):
    for call in (
        lambda: administration.set_user_active(
            user=world.outsider, actor=world.national, active=False
        ),
        lambda: administration.update_user(
            user=world.outsider, actor=world.national, values={"role": Role.CAMAT}
        ),
    ):
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert excinfo.value.messages == [
            MESSAGE_LAST_ADMIN % {"user": world.outsider, "district": "Kecamatan 35.08.06"}
        ]
    outsider = User.objects.get(pk=world.outsider.pk)
    assert (outsider.is_active, outsider.role) == (True, Role.TRANTIB_ADMIN)


def test_an_admin_with_a_colleague_may_be_deactivated_and_reactivated(world):
    make_user(role=Role.TRANTIB_ADMIN, district=world.other_district, username="adminlain2")

    administration.set_user_active(user=world.outsider, actor=world.national, active=False)
    assert not User.objects.get(pk=world.outsider.pk).is_active
    administration.set_user_active(user=world.outsider, actor=world.national, active=True)

    assert User.objects.get(pk=world.outsider.pk).is_active
    assert [(e.before["is_active"], e.after["is_active"]) for e in _entries(world.outsider)] == [
        (True, False),
        (False, True),
    ]


def test_superuser_account_is_changed_only_by_a_superuser(world):
    world.superuser.role = Role.TRANTIB_ADMIN
    world.superuser.district = world.district
    world.superuser.save()

    with pytest.raises(PermissionDenied) as excinfo:
        password_resets.reset_password_temporary(user=world.superuser, actor=world.admin)

    assert str(excinfo.value) == MESSAGE_SUPERUSER_ONLY


def test_temporary_password_replaces_the_old_one_and_is_audited_without_it(world):
    operator = world.operator

    password = password_resets.reset_password_temporary(user=operator, actor=world.admin)

    operator.refresh_from_db()
    assert operator.check_password(password)
    assert operator.must_change_password
    entry = _entries(operator).get()
    assert (entry.before["must_change_password"], entry.after["must_change_password"]) == (
        False,
        True,
    )
    assert entry.note == NOTE_TEMPORARY_PASSWORD
    assert password not in f"{entry.before}{entry.after}{entry.note}"


def test_reset_link_is_e_mailed_once_and_works_once(world, client, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    operator = world.operator
    operator.email = "op@example.test"
    operator.save()

    password_resets.send_password_link(
        user=operator,
        actor=world.admin,
        link_for=lambda uid, token: f"/akun/atur-sandi/{uid}/{token}/",
    )

    assert _entries(operator).get().note == NOTE_RESET_LINK_SENT
    (message,) = mail.outbox
    assert message.to == ["op@example.test"]
    link = re.search(r"/akun/atur-sandi/\S+/", message.body).group(0)
    opened = client.get(link, follow=True)
    form_url = opened.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Sandi-Baru-2026", "new_password2": "Sandi-Baru-2026"}
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("Sandi-Baru-2026")
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert not default_token_generator.check_token(operator, link.rstrip("/").split("/")[-1])


def test_reset_link_is_refused_without_mail_or_address(world, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    world.operator.email = "op@example.test"
    with pytest.raises(ValidationError) as no_mail:
        password_resets.send_password_link(
            user=world.operator, actor=world.admin, link_for=lambda uid, token: "x"
        )
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    world.operator.email = ""
    with pytest.raises(ValidationError) as no_address:
        password_resets.send_password_link(
            user=world.operator, actor=world.admin, link_for=lambda uid, token: "x"
        )

    assert (no_mail.value.messages, no_address.value.messages) == (
        [MESSAGE_NO_MAIL],
        [MESSAGE_NO_EMAIL_ADDRESS],
    )
    assert mail.outbox == []


def test_kecamatan_admin_cannot_give_the_camat_a_known_password_nor_change_the_account(world):
    with pytest.raises(ValidationError) as reset:
        password_resets.reset_password_temporary(user=world.camat, actor=world.admin)
    with pytest.raises(ValidationError):
        administration.set_user_active(user=world.camat, actor=world.admin, active=False)
    with pytest.raises(ValidationError):
        administration.update_user(
            user=world.camat, actor=world.admin, values={"email": "admin@example.test"}
        )

    assert MESSAGE_CAMAT_WIDER_ONLY in reset.value.messages[0]
    world.camat.refresh_from_db()
    assert (world.camat.is_active, world.camat.email, _entries(world.camat).count()) == (
        True,
        "",
        0,
    )


def test_kecamatan_admin_names_the_first_camat_never_a_second(world):
    with pytest.raises(ValidationError) as second:
        administration.add_user(
            actor=world.admin, username="camat2", role=Role.CAMAT, district=world.district
        )
    with pytest.raises(ValidationError):
        administration.update_user(user=world.staff, actor=world.admin, values={"role": Role.CAMAT})
    assert "role" in second.value.message_dict
    assert not User.objects.filter(username="camat2").exists()

    world.camat.is_active = False
    world.camat.save()
    user, _password = administration.add_user(
        actor=world.admin, username="camatbaru", role=Role.CAMAT, district=world.district
    )
    assert user.role == Role.CAMAT


def test_regency_admin_may_reset_the_camat(world):
    password = password_resets.reset_password_temporary(user=world.camat, actor=world.regency_admin)

    world.camat.refresh_from_db()
    assert world.camat.check_password(password)
    assert world.camat.must_change_password


def test_temporary_password_revokes_the_api_token(world):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=world.operator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/villages/").status_code == 200

    password_resets.reset_password_temporary(user=world.operator, actor=world.admin)

    assert client.get("/api/v1/villages/").status_code == 401
    assert not Token.objects.filter(user=world.operator).exists()
