import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sitrantib.accounts.models import User
from sitrantib.accounts.validators import MESSAGE_USERNAME_REPEATED, UsernameRepeatValidator


@pytest.mark.parametrize(
    "password",
    [
        "adminadmin12",
        "AdminAdmin!",
        "admin.admin.2026",
        "ADMINADMINADMIN",
        "2026adminadmin",
        "admin2026!!",
        "Admin_Admin_7",
    ],
)
def test_password_of_the_username_repeated_is_refused_with_a_clear_message(db, password):
    user = User(username="admin")

    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)

    assert MESSAGE_USERNAME_REPEATED in excinfo.value.messages


@pytest.mark.parametrize("password", ["op2001op2001", "OP2001-op2001-9"])
def test_password_repeating_a_username_with_digits_is_refused(password):
    with pytest.raises(ValidationError):
        UsernameRepeatValidator().validate(password, User(username="op2001"))


@pytest.mark.parametrize("password", ["admin-Kraton-77", "Rahasia-Uji-2026", "adminxadmin12"])
def test_password_containing_more_than_the_username_passes_this_rule(password):
    UsernameRepeatValidator().validate(password, User(username="admin"))


def test_password_rule_without_a_user_or_username_passes():
    UsernameRepeatValidator().validate("adminadmin12", None)
    UsernameRepeatValidator().validate("adminadmin12", User(username=""))


def test_password_rule_is_quick_on_a_very_long_password():
    UsernameRepeatValidator().validate("1" * 100_000 + "x", User(username="1"))
