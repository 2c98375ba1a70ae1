import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from sitrantib.meetings import services
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_allocate_letter_number_follows_office_pattern_and_counts_up(world):
    LetterNumbering.objects.create(district=world.district, unit_code="427.83")

    numbers = [
        services.allocate_letter_number(
            district=world.district, classification="300.1.4", on=dt.date(2026, 2, 1)
        )
        for _ in range(2)
    ]

    assert numbers == ["300.1.4/1/427.83/2026", "300.1.4/2/427.83/2026"]


def test_allocate_letter_number_restarts_each_year_and_per_classification(world):
    LetterNumbering.objects.create(district=world.district, unit_code="427.83")
    allocate = services.allocate_letter_number

    allocate(district=world.district, classification="300.1.4", on=dt.date(2026, 12, 30))
    numbers = [
        allocate(district=world.district, classification="300.1.4", on=dt.date(2027, 1, 2)),
        allocate(district=world.district, classification="005", on=dt.date(2027, 1, 2)),
    ]

    assert numbers == ["300.1.4/1/427.83/2027", "005/1/427.83/2027"]


def test_allocate_letter_number_without_unit_code_has_no_empty_part(world):
    number = services.allocate_letter_number(
        district=world.district, classification="300.1.4", on=dt.date(2026, 2, 1)
    )

    assert number == "300.1.4/1/2026"


def test_allocate_letter_number_custom_pattern(world):
    services.update_numbering(
        district=world.district,
        pattern="{unit_code}/{serial}/{classification}/{year}",
        unit_code="KEC.YSW",
        invitation_classification="005",
        actor=world.admin,
    )
    meeting = services.issue_invitation(
        meeting=make_meeting(world), letter_date=dt.date(2026, 2, 3), actor=world.admin
    )

    assert (meeting.letter_number, meeting.letter_date) == (
        "KEC.YSW/1/005/2026",
        dt.date(2026, 2, 3),
    )


def test_issue_invitation_twice_refused(world):
    meeting = services.issue_invitation(meeting=make_meeting(world), actor=world.admin)

    with pytest.raises(ValidationError) as caught:
        services.issue_invitation(meeting=meeting, actor=world.admin)

    assert caught.value.messages == [f"Undangan rapat ini sudah bernomor {meeting.letter_number}."]


def test_two_invitations_get_different_numbers(world):
    first = services.issue_invitation(meeting=make_meeting(world), actor=world.admin)
    second = services.issue_invitation(
        meeting=make_meeting(world, title="Rapat April"), actor=world.admin
    )

    assert first.letter_number != second.letter_number


@pytest.mark.django_db(transaction=True)
def test_allocate_letter_number_concurrent_invitations_never_share_a_number(world):
    import threading
    import time

    from django.db import OperationalError, connection

    numbers: list[str] = []
    errors: list[BaseException] = []

    def allocate_one() -> str:
        # SQLite's shared in-memory test database answers "table is locked" instead of waiting;
        # the transaction then did nothing, so the caller may retry. PostgreSQL waits on the lock.
        for _ in range(200):
            try:
                return services.allocate_letter_number(
                    district=world.district, classification="300.1.4", on=dt.date(2026, 2, 1)
                )
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise TimeoutError

    def allocate_many() -> None:
        try:
            for _ in range(5):
                numbers.append(allocate_one())
        except BaseException as exc:  # a failure in a thread is reported by the assert below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate_many) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers, key=lambda n: int(n.split("/")[1])) == [
        f"300.1.4/{serial}/2026" for serial in range(1, 16)
    ]


# Finding 9: only plain tokens, and every number the pattern can render fits the meeting ---------


def _numbering(world, pattern, unit_code="427.83", classification="300.1.4"):
    return services.update_numbering(
        district=world.district,
        pattern=pattern,
        unit_code=unit_code,
        invitation_classification=classification,
        actor=world.admin,
    )


@pytest.mark.parametrize(
    "pattern",
    [
        "{serial:>99999999}",
        "{classification}/{serial!r}/{year}",
        "{serial}/{year.real}",
        "{serial}/{0}",
        "{serial}/{{year}}",
        "{serial}/{bulan}",
        "{serial}/}",
    ],
)
def test_update_numbering_refuses_anything_but_plain_tokens(world, pattern):
    with pytest.raises(ValidationError) as caught:
        _numbering(world, pattern)

    assert caught.value.messages == [gettext(services.ERR_PATTERN_TOKENS)]
    assert LetterNumbering.objects.filter(pattern=pattern).exists() is False


def test_update_numbering_number_too_long_refused(world):
    with pytest.raises(ValidationError) as caught:
        _numbering(
            world,
            "{classification}/{serial}/{unit_code}/{year}/" + "X" * 40,
            unit_code="U" * 30,
            classification="K" * 30,
        )

    assert caught.value.messages == [
        gettext(services.ERR_NUMBER_TOO_LONG) % {"length": 114, "max": 100}
    ]


def test_update_numbering_widest_number_that_fits_accepted(world):
    numbering = _numbering(world, "{classification}/{serial}/{unit_code}/{year}/" + "X" * 20)

    assert numbering.pattern.endswith("X" * 20)


def test_numbering_form_refuses_format_spec(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:numbering"),
        {
            "pattern": "{serial:>99999999}",
            "unit_code": "",
            "invitation_classification": "300.1.4",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"pattern": [gettext(services.ERR_PATTERN_TOKENS)]}
