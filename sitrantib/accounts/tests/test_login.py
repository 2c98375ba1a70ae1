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


def test_session_expires_when_idle_and_at_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_logout_requires_post_and_ends_session(world, client):
    client.force_login(world.camat)

    response = client.post("/akun/keluar/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
