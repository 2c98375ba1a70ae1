from sitrantib.testing.factories import TEST_PASSWORD


def test_login_with_right_password_opens_home(world, client):
    response = client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"


def test_login_wrong_password_says_so_in_indonesian(world, client):
    response = client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_login_locked_after_repeated_failures_even_with_right_password(world, client, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})

    response = client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert "Akun ini dikunci sementara; coba lagi dalam 15 menit" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_success_clears_earlier_failures(world, client, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})
    client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})
    client.logout()

    client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})
    response = client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})

    assert response.status_code == 302


def test_idle_session_past_its_expiry_is_sent_to_login(world, client):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(world.camat)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/akun/masuk/?next=/"


def test_logout_requires_post_and_ends_session(world, client):
    client.force_login(world.camat)

    response = client.post("/akun/keluar/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_lock_covers_unicode_and_case_variants_of_the_name(world, client, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})

    fullwidth_c = "\uff43"  # a full-width "c": NFKC makes it "c"
    fullwidth = client.post(
        "/akun/masuk/", {"username": fullwidth_c + "amat", "password": TEST_PASSWORD}
    )
    upper = client.post("/akun/masuk/", {"username": "CAMAT", "password": TEST_PASSWORD})

    assert fullwidth.status_code == 200
    assert upper.status_code == 200
    assert "dikunci sementara" in fullwidth.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change_is_audited_without_the_password(world, client):
    from sitrantib.core.models import AuditEntry

    client.force_login(world.camat)
    response = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Sandi-Baru-Camat-2027",
            "new_password2": "Sandi-Baru-Camat-2027",
        },
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="accounts.user", note="kata sandi diubah")
    assert (entry.actor, entry.after) == (world.camat, None)


def test_password_change_page_anonymous_is_sent_to_login(world, client):
    response = client.get("/akun/kata-sandi/")

    assert response.status_code == 302
    assert response.url == "/akun/masuk/?next=/akun/kata-sandi/"


def test_login_without_password_does_not_clear_earlier_failures(world, client, settings):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})
    client.post("/akun/masuk/", {"username": "camat", "password": ""})

    client.post("/akun/masuk/", {"username": "camat", "password": "salah-sekali-1"})
    response = client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})

    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_address_lock_counts_the_client_behind_the_trusted_proxy(world, client, settings):
    from sitrantib.accounts.models import LoginFailure
    from sitrantib.accounts.services import MESSAGE_ADDRESS_LOCKED

    settings.SITRANTIB_TRUSTED_PROXY_COUNT = 1
    settings.SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS = 2
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for name in ("camat", "staf"):
        client.post(
            "/akun/masuk/",
            {"username": name, "password": "salah-sekali-1"},
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5",  # forged first hop, then the real one
            **proxy,
        )

    guesser = client.post(
        "/akun/masuk/",
        {"username": "kasitrantib", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        **proxy,
    )
    colleague = client.post(
        "/akun/masuk/",
        {"username": "kasitrantib", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
        **proxy,
    )

    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert MESSAGE_ADDRESS_LOCKED.split(".")[0] in guesser.content.decode()
    assert colleague.status_code == 302
