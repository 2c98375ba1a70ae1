import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.views.defaults import server_error


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


@override_settings(DEBUG=False)
def test_unknown_address_shows_the_project_404_page_not_djangos(db):
    response = Client().get("/alamat-yang-tidak-ada/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman atau data tidak ditemukan" in body
    assert "sitrantib/sitrantib.css" in body
    assert "Page not found" not in body
    assert "URLconf" not in body


@pytest.mark.urls("sitrantib.core.tests.error_urls")
@override_settings(DEBUG=False)
def test_failing_page_shows_the_project_500_page_without_details(db):
    client = Client(raise_request_exception=False)

    response = client.get("/uji-gagal/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in body
    assert "vendor/bootstrap/bootstrap.min.css" in body
    assert "sitrantib/favicon.svg" in body
    assert "a bug in a view" not in body
    assert "Traceback" not in body


def test_error_pages_render_without_a_request():
    """A page rendered outside a request (500 always is) must not fail on a missing variable."""
    server_error_page = server_error(RequestFactory().get("/"))
    not_found = render_to_string("404.html")
    forbidden = render_to_string("403.html")

    assert server_error_page.status_code == 500
    assert "Terjadi kesalahan pada server" in server_error_page.content.decode()
    assert "Halaman atau data tidak ditemukan" in not_found
    assert "Anda tidak memiliki izin" in forbidden
