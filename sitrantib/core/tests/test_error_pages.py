from django.test import Client


def test_not_found_page_explains_in_indonesian_within_the_layout(world):
    client = Client()
    client.force_login(world.operator)

    response = client.get("/desa/35.08.07.2002/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "di luar cakupan Anda" in body
    assert 'id="main-menu"' in body


def test_forbidden_page_explains_in_indonesian_within_the_layout(world):
    client = Client()
    client.force_login(world.operator)

    response = client.get("/sistem/kualitas-data/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "Anda tidak memiliki izin untuk halaman ini" in body
    assert 'href="/"' in body
