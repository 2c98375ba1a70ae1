"""A report's client id is given once, when it is created (docs/adr/0081): a PUT or PATCH that
sends one, well-formed or not, is answered as if it had not (the id stays, and a change carrying
nothing else records nothing), and the schema shows the id read-only in the update bodies."""

import uuid

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.tests.factories import make_incident, make_visit

pytestmark = pytest.mark.django_db

SENT = ["bukan-uuid", str(uuid.uuid4()), 12345, None]


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _record(world, kind):
    if kind == "visits":
        return make_visit(world), Visit
    return make_incident(world), Incident


@pytest.mark.parametrize("kind", ["visits", "incidents"])
@pytest.mark.parametrize("sent", SENT, ids=["text", "another-uuid", "number", "null"])
def test_a_patch_with_only_a_client_id_changes_and_records_nothing(world, kind, sent):
    record, model = _record(world, kind)
    client = _as(world.admin)
    before = AuditEntry.objects.count()
    response = client.patch(f"/api/v1/{kind}/{record.pk}/", {"client_id": sent}, format="json")
    assert response.status_code == 200
    assert response.json()["client_id"] == str(record.client_id)
    stored = model.objects.get(pk=record.pk)
    assert (stored.client_id, stored.version) == (record.client_id, record.version)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("kind", ["visits", "incidents"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_update_with_a_client_id_keeps_the_id_and_saves_the_rest(world, kind, method):
    record, model = _record(world, kind)
    client = _as(world.admin)
    url = f"/api/v1/{kind}/{record.pk}/"
    body = client.get(url).json()
    text = "findings" if kind == "visits" else "description"
    changed = {**body, text: "Diperbarui lewat API", "client_id": "bukan-uuid"}
    if method == "patch":
        changed = {text: changed[text], "client_id": changed["client_id"]}
    response = getattr(client, method)(url, changed, format="json")
    assert response.status_code == 200, response.json()
    stored = model.objects.get(pk=record.pk)
    assert stored.client_id == record.client_id
    assert getattr(stored, text) == "Diperbarui lewat API"


@pytest.mark.parametrize("path", ["/api/v1/visits/{id}/", "/api/v1/incidents/{id}/"])
def test_the_schema_shows_the_client_id_read_only_in_update_bodies(path):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    def body_of(operation):
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[-1]]

    for method in ("put", "patch"):
        prop = body_of(schema["paths"][path][method])["properties"].get("client_id")
        assert prop is None or prop.get("readOnly") is True, (method, prop)
        assert prop is None or "diabaikan" in prop.get("description", "")
    create = body_of(schema["paths"][path.removesuffix("{id}/")]["post"])
    assert not create["properties"]["client_id"].get("readOnly")


@pytest.mark.parametrize("kind", ["visits", "incidents"])
def test_a_put_of_the_record_as_read_changes_and_records_nothing(world, kind):
    """Moments come back in the site's time zone (+07:00): sent back unchanged, they are the
    same moment, not a change with a new version and an audit entry."""
    record, model = _record(world, kind)
    client = _as(world.admin)
    url = f"/api/v1/{kind}/{record.pk}/"
    body = client.get(url).json()
    before = AuditEntry.objects.count()
    response = client.put(url, {**body, "client_id": "bukan-uuid"}, format="json")
    assert response.status_code == 200, response.json()
    assert model.objects.get(pk=record.pk).version == record.version
    assert AuditEntry.objects.count() == before
