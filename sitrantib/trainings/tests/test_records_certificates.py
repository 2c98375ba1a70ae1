"""Certificates issued and revoked through the pages, and what the public check then says."""

import pytest
from django.urls import reverse

from sitrantib.trainings import services
from sitrantib.trainings.models import Certificate
from sitrantib.trainings.tests.test_records_attendance import participants, running_training

pytestmark = pytest.mark.django_db


def completed_training(world, *, finish=True):
    """Three participants: the first two complete (all sessions, post 80), the third does not."""
    training, sessions = running_training(world)
    first, second, third = participants(training)
    for session in sessions:
        services.mark_attendance(
            session=session,
            marks={first.pk: "hadir", second.pk: "hadir", third.pk: "alpa"},
            actor=world.admin,
        )
    services.set_scores(
        training=training,
        scores={first.pk: (50, 80), second.pk: (60, 80), third.pk: (40, 90)},
        actor=world.admin,
    )
    if finish:
        training = services.transition_training(
            training=training, to_status="finished", actor=world.admin
        )
    return training, (first, second, third)


def list_url(training):
    return reverse("trainings:certificates", kwargs={"pk": training.pk})


def verify_url(certificate):
    return reverse("trainings_public:verify", kwargs={"code": certificate.verification_code})


def test_issue_is_refused_with_its_message_while_the_training_runs(client, world):
    training, _people = completed_training(world, finish=False)
    client.force_login(world.admin)

    page = client.get(list_url(training))
    response = client.post(list_url(training))

    assert 'id="issue-certificates"' not in page.content.decode()
    assert "setelah pelatihan berstatus Selesai" in page.content.decode()
    assert response.status_code == 400
    assert "Sertifikat hanya diterbitkan untuk pelatihan yang sudah selesai." in (
        response.content.decode()
    )
    assert not Certificate.objects.exists()


def test_issue_gives_a_numbered_certificate_to_each_who_completed(client, world):
    training, (first, second, third) = completed_training(world)
    client.force_login(world.admin)
    page = client.get(list_url(training))
    assert "2 peserta lulus belum mempunyai sertifikat." in page.content.decode()

    response = client.post(list_url(training), follow=True)

    assert response.status_code == 200
    issued = list(Certificate.objects.order_by("serial"))
    assert [c.enrolment_id for c in issued] == [first.pk, second.pk]
    html = response.content.decode()
    assert "2 sertifikat diterbitkan." in html
    for certificate in issued:
        assert certificate.number in html
        assert verify_url(certificate) in html
        assert reverse("trainings:certificate_pdf", kwargs={"pk": certificate.pk}) in html
    assert first.member.name in html
    assert "Darungan" in html
    assert third.member.name not in html
    assert reverse("trainings:certificates_pdf", kwargs={"pk": training.pk}) in html
    assert 'id="issue-certificates"' not in html  # nobody left to issue to
    # Issuing again issues nothing twice.
    again = client.post(list_url(training), follow=True)
    assert Certificate.objects.count() == 2
    assert "Tidak ada sertifikat baru" in again.content.decode()


def test_public_check_of_a_valid_certificate_for_an_anonymous_visitor(client, world):
    training, (first, _second, _third) = completed_training(world)
    client.force_login(world.admin)
    client.post(list_url(training))
    certificate = Certificate.objects.get(enrolment=first)
    client.logout()

    response = client.get(verify_url(certificate))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sertifikat SAH dan berlaku." in html
    assert first.member.name in html
    assert "Darungan" in html
    assert training.title in html
    assert certificate.number in html
    assert "10 Maret 2026" in html
    assert "12 Maret 2026" in html
    assert first.member.nik not in html
    assert "1990" not in html  # no birth date
    assert "Lumajang" not in html  # no birth place


def test_revoke_needs_a_reason_beside_the_field(client, world):
    training, (first, _second, _third) = completed_training(world)
    client.force_login(world.admin)
    client.post(list_url(training))
    certificate = Certificate.objects.get(enrolment=first)

    response = client.post(
        reverse("trainings:certificate_revoke", kwargs={"pk": certificate.pk}), {"reason": "  "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Alasan pencabutan wajib diisi." in html
    assert f'id="reason-{certificate.pk}_error"' in html
    assert '<details class="mt-1" open>' in html
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoked_certificate_says_dicabut_with_date_and_reason_on_the_public_page(client, world):
    training, (first, _second, _third) = completed_training(world)
    client.force_login(world.admin)
    client.post(list_url(training))
    certificate = Certificate.objects.get(enrolment=first)

    response = client.post(
        reverse("trainings:certificate_revoke", kwargs={"pk": certificate.pk}),
        {"reason": "Data peserta keliru"},
        follow=True,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Sertifikat {certificate.number} dicabut." in html
    assert "Dicabut" in html
    assert "Data peserta keliru" in html
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    client.logout()
    public = client.get(verify_url(certificate))
    assert public.status_code == 200
    text = public.content.decode()
    assert "Sertifikat DICABUT pada" in text
    assert "Data peserta keliru" in text
    assert "SAH dan berlaku" not in text
    # Revoking again is refused with the service's message.
    client.force_login(world.admin)
    again = client.post(
        reverse("trainings:certificate_revoke", kwargs={"pk": certificate.pk}),
        {"reason": "lagi"},
    )
    assert again.status_code == 400
    assert "Sertifikat ini sudah dicabut." in again.content.decode()


def test_after_revoking_the_participant_may_be_issued_a_new_certificate(client, world):
    training, (first, _second, _third) = completed_training(world)
    client.force_login(world.admin)
    client.post(list_url(training))
    old = Certificate.objects.get(enrolment=first)
    client.post(reverse("trainings:certificate_revoke", args=[old.pk]), {"reason": "Nama salah"})

    client.post(list_url(training))

    assert Certificate.objects.filter(enrolment=first).count() == 2
    assert Certificate.objects.filter(enrolment=first, revoked_at__isnull=True).count() == 1


def test_an_unknown_code_is_a_404_page_that_says_so(client):
    response = client.get(reverse("trainings_public:verify", kwargs={"code": "tidak-ada"}))

    assert response.status_code == 404
    assert "Kode sertifikat tidak dikenal." in response.content.decode()


def test_only_a_manager_issues_and_revokes(client, world):
    training, (first, _second, _third) = completed_training(world)
    services.issue_certificates(training=training, actor=world.admin)
    certificate = Certificate.objects.get(enrolment=first)
    revoke = reverse("trainings:certificate_revoke", kwargs={"pk": certificate.pk})
    for user, issue_status, revoke_status in (
        (world.camat, 403, 403),
        (world.staff, 403, 403),
        (world.operator, 403, 403),
        (world.sibling_operator, 403, 404),  # not their desa's certificate
        (world.partner, 404, 404),
        (world.outsider, 404, 404),
    ):
        client.force_login(user)
        assert client.post(list_url(training)).status_code == issue_status, user
        assert client.post(revoke, {"reason": "x"}).status_code == revoke_status, user
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert Certificate.objects.count() == 2


def test_a_village_operator_sees_only_their_desa_certificates(client, world):
    training, (first, second, _third) = completed_training(world)
    services.issue_certificates(training=training, actor=world.admin)
    client.force_login(world.sibling_operator)

    response = client.get(list_url(training))

    assert response.status_code == 200
    assert response.context["certificates"] == []
    assert first.member.name not in response.content.decode()
    client.force_login(world.operator)
    names = [
        c.enrolment.member.name for c in client.get(list_url(training)).context["certificates"]
    ]
    assert names == [first.member.name, second.member.name]
