"""One error body for the API, versions as ETags, and out-of-range input answering 400, never 500.

A small test-only viewset (this module is also its URL configuration) stands for an app view that
calls services without a converter of its own; the real endpoints show the bounds.
"""

import json

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import include, path
from django.utils.translation import gettext
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient

from sitrantib.core import api, parsers
from sitrantib.core.audit import save_changes
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.models import AuditEntry
from sitrantib.core.text import MESSAGE_CONTROL_CHARACTER
from sitrantib.regions.models import Institution
from sitrantib.surveys.tests.conftest import make_period, payload

TOO_BIG = "1" * 25
MESSAGE_REFUSED = "Nama ini ditolak."


class InstitutionSerializer(api.BaseModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "short_name", "kind", "version"]
        read_only_fields = ["version"]


class DatesSerializer(serializers.Serializer):
    at = api.BoundedDateTimeField()


class InstitutionViewSet(api.VersionedMixin, viewsets.ModelViewSet):
    """Like an app's view after issue 8: services raise Django errors, the handler answers."""

    queryset = Institution.objects.order_by("pk")
    serializer_class = InstitutionSerializer
    permission_classes = [IsAuthenticated]

    def perform_create(self, serializer):
        serializer.validated_data["district"] = self.request.user.district
        super().perform_create(serializer)

    def perform_update(self, serializer):
        save_changes(
            serializer.instance,
            serializer.validated_data,
            actor=self.request.user,
            expected_version=self.expected_version,
        )

    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        self.get_object()
        raise ValidationError({"name": [MESSAGE_REFUSED], "__all__": ["Lainnya."]})

    @action(detail=False, methods=["post"])
    def forbid(self, request):
        raise PermissionDenied("Bukan wewenang Anda.")

    @action(detail=False, methods=["get"])
    def missing(self, request):
        raise ObjectDoesNotExist

    @action(detail=False, methods=["post"])
    def dates(self, request):
        form = DatesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response({"at": form.validated_data["at"].isoformat()})

    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def echo(self, request):
        return Response({"kinds": sorted(type(v).__name__ for v in request.data.values())})


router = SimpleRouter()
router.register("things", InstitutionViewSet, basename="thing")
urlpatterns = [path("api/", include(router.urls)), path("", include("config.urls"))]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def client(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    return client


def test_service_validation_error_is_400_with_field_and_non_field_errors(client, world):
    reply = client.post(f"/api/things/{world.polsek.pk}/refuse/")

    assert (reply.status_code, reply.json()) == (
        400,
        {
            "detail": MESSAGE_REFUSED,
            "errors": {"name": [MESSAGE_REFUSED], "non_field_errors": ["Lainnya."]},
        },
    )


def test_serializer_field_errors_are_under_errors(client):
    reply = client.post("/api/things/", {"kind": "polsek"}, format="json")

    body = reply.json()
    assert (reply.status_code, sorted(body), list(body["errors"])) == (
        400,
        ["detail", "errors"],
        ["name"],
    )
    assert body["detail"] == body["errors"]["name"][0]


def test_permission_denied_is_403_with_its_message(client):
    reply = client.post("/api/things/forbid/")

    assert (reply.status_code, reply.json()) == (
        403,
        {"detail": "Bukan wewenang Anda.", "errors": {}},
    )


def test_unauthenticated_is_401_with_the_same_shape():
    reply = APIClient().get("/api/things/")

    assert (reply.status_code, sorted(reply.json()), reply.json()["errors"]) == (
        401,
        ["detail", "errors"],
        {},
    )


def test_object_does_not_exist_is_404(client):
    reply = client.get("/api/things/missing/")

    assert (reply.status_code, reply.json()) == (
        404,
        {"detail": gettext(api.MESSAGE_NOT_FOUND), "errors": {}},
    )


def test_unknown_id_is_404_and_a_25_digit_id_is_400(client):
    unknown = client.get("/api/things/999999/")
    too_big = client.get(f"/api/things/{TOO_BIG}/")
    letters = client.get("/api/things/abc/")

    message = gettext(api.MESSAGE_ID_INVALID) % {"min": 1, "max": api.MAX_ID}
    assert (unknown.status_code, too_big.status_code, letters.status_code) == (404, 400, 400)
    assert too_big.json() == {"detail": message, "errors": {"pk": [message]}}


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/institutions/{TOO_BIG}/",
        f"/api/v1/meetings/{TOO_BIG}/",
        f"/api/v1/linmas-members/{TOO_BIG}/",
        f"/api/v1/surveys/{TOO_BIG}/",
    ],
)
def test_real_endpoints_answer_400_to_a_25_digit_id(client, url):
    reply = client.get(url)

    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["pk"])


@pytest.mark.parametrize("code", ["\u00b2", "9" * 4400])
def test_a_code_lookup_with_odd_digits_never_breaks_the_handler(client, code):
    """ "²" passes str.isdigit() but not int(); 4,400 digits exceed int()'s conversion limit."""
    reply = client.get(f"/api/v1/equipment-types/{code}/")

    assert reply.status_code in (400, 404)
    assert set(reply.json()) == {"detail", "errors"}


def test_public_survey_endpoint_answers_400_to_a_25_digit_id_anonymously(world):
    reply = APIClient().post(f"/api/v1/surveys/{TOO_BIG}/responses/", payload(), format="json")

    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["pk"])


def test_filter_with_a_25_digit_id_is_400(client):
    reply = client.get(f"/api/v1/action-items/?meeting={TOO_BIG}")

    assert reply.status_code == 400


@pytest.mark.parametrize("moment", ["9999-12-31T23:00:00-05:00", "9999-12-31T23:00:00+09:00"])
def test_year_9999_with_an_offset_is_400(client, moment):
    reply = client.post("/api/things/dates/", {"at": moment}, format="json")

    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["at"])


@pytest.mark.parametrize("moment", ["1899-12-31T23:00:00+07:00", "2101-01-01T00:00:00Z"])
def test_years_outside_1900_2100_are_400(client, moment):
    reply = client.post("/api/things/dates/", {"at": moment}, format="json")

    assert (reply.status_code, reply.json()["errors"]["at"]) == (
        400,
        [gettext(api.MESSAGE_YEAR_OUT_OF_RANGE) % {"min": 1900, "max": 2100}],
    )


def test_a_date_within_range_passes(client):
    reply = client.post("/api/things/dates/", {"at": "2026-04-14T09:00:00+07:00"}, format="json")

    assert (reply.status_code, reply.json()) == (200, {"at": "2026-04-14T09:00:00+07:00"})


def test_meeting_starting_in_year_9999_with_an_offset_is_400(client):
    reply = client.post(
        "/api/v1/meetings/",
        {"title": "Rapat", "starts_at": "9999-12-31T23:00:00-05:00", "venue": "Pendopo"},
        format="json",
    )

    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["starts_at"])


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_100000_deep_is_400_anonymously_on_the_public_survey_endpoint(world):
    period = make_period(world)

    reply = APIClient().post(
        f"/api/v1/surveys/{period.pk}/responses/",
        _nested(100_000),
        content_type="application/json",
    )

    message = gettext(parsers.MESSAGE_JSON_TOO_DEEP) % {"limit": 64}
    assert (reply.status_code, reply.json()) == (
        400,
        {"detail": message, "errors": {"non_field_errors": [message]}},
    )


def test_json_nested_100000_deep_is_400_on_an_authenticated_endpoint(client):
    reply = client.post("/api/v1/meetings/", _nested(100_000), content_type="application/json")

    assert reply.status_code == 400


def test_json_parser_takes_64_levels_and_refuses_65():
    parser = parsers.BoundedJSONParser()

    def parse(depth: int):
        import io

        return parser.parse(io.BytesIO(_nested(depth).encode()), "application/json", {})

    assert parse(64) == json.loads(_nested(64))
    with pytest.raises(api.OutOfRange):
        parse(65)
    assert isinstance(parser, JSONParser)


def test_objects_nested_in_lists_count_every_level():
    assert parsers._depth_exceeds({"a": [{"b": [1]}]}, 3) is True
    assert parsers._depth_exceeds({"a": [{"b": [1]}]}, 4) is False


# --- ETag / If-Match ----------------------------------------------------------------------------


def test_single_object_responses_carry_the_etag(client, world):
    fetched = client.get(f"/api/things/{world.polsek.pk}/")
    created = client.post("/api/things/", {"name": "Koramil", "kind": "koramil"}, format="json")
    listed = client.get("/api/things/")

    assert (fetched["ETag"], created.status_code, created["ETag"]) == ('"1"', 201, '"1"')
    assert "ETag" not in listed


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(client, world):
    polsek = world.polsek
    etag = client.get(f"/api/things/{polsek.pk}/")["ETag"]
    save_changes(polsek, {"name": "Polsek Baru"}, actor=world.camat)

    reply = client.patch(
        f"/api/things/{polsek.pk}/", {"short_name": "PSK"}, format="json", HTTP_IF_MATCH=etag
    )

    body = reply.json()
    stored = Institution.objects.get(pk=polsek.pk)
    assert (reply.status_code, reply["ETag"], sorted(body)) == (412, '"2"', ["detail", "errors"])
    assert body["errors"] == {"non_field_errors": [body["detail"]]}
    assert "camat" in body["detail"]
    assert "Polsek Baru" in body["detail"]
    assert (stored.short_name, stored.version) == ("", 2)
    assert AuditEntry.objects.filter(object_type="regions.institution").count() == 1


def test_patch_with_the_current_if_match_goes_through_and_returns_the_new_etag(client, world):
    etag = client.get(f"/api/things/{world.polsek.pk}/")["ETag"]

    reply = client.patch(
        f"/api/things/{world.polsek.pk}/", {"short_name": "PSK"}, format="json", HTTP_IF_MATCH=etag
    )

    assert (reply.status_code, reply["ETag"], reply.json()["version"]) == (200, '"2"', 2)


def test_put_without_if_match_goes_through(client, world):
    save_changes(world.polsek, {"name": "Polsek Baru"}, actor=world.camat)

    reply = client.put(
        f"/api/things/{world.polsek.pk}/",
        {"name": "Polsek Lama", "short_name": "", "kind": "polsek"},
        format="json",
    )

    assert (reply.status_code, reply["ETag"], Institution.objects.get().name) == (
        200,
        '"3"',
        "Polsek Lama",
    )


def test_race_between_if_match_check_and_save_still_ends_in_412(client, world, monkeypatch):
    """Someone saves after the view checked If-Match: the service's row-locked check refuses."""
    original = InstitutionViewSet.get_object

    def get_then_someone_saves(view):
        obj = original(view)
        save_changes(Institution.objects.get(pk=obj.pk), {"name": "Sela"}, actor=world.camat)
        return obj

    monkeypatch.setattr(InstitutionViewSet, "get_object", get_then_someone_saves)

    reply = client.patch(
        f"/api/things/{world.polsek.pk}/", {"name": "Saya"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert (reply.status_code, Institution.objects.get().name) == (412, "Sela")


@pytest.mark.parametrize("header", ['W/"1"', "1", '"1", "2"', f'"{TOO_BIG}"'])
def test_if_match_that_is_not_one_strong_etag_is_412(client, world, header):
    reply = client.patch(
        f"/api/things/{world.polsek.pk}/", {"name": "X"}, format="json", HTTP_IF_MATCH=header
    )

    assert (reply.status_code, Institution.objects.get().name) == (412, "Polsek Yosowilangun")


def test_if_match_star_goes_through(client, world):
    reply = client.patch(
        f"/api/things/{world.polsek.pk}/", {"name": "X"}, format="json", HTTP_IF_MATCH="*"
    )

    assert reply.status_code == 200


def test_stale_version_raised_by_a_service_is_412(world):
    from rest_framework.views import APIView

    stale = StaleVersion(current_version=4, expected_version=2, changes=[])
    response = api.exception_handler(stale, {"view": APIView(), "kwargs": {}})

    assert (response.status_code, response["ETag"], response.data["detail"]) == (
        412,
        '"4"',
        stale.message,
    )


# --- text ---------------------------------------------------------------------------------------


def test_control_characters_in_a_serializer_char_field_are_400(client):
    reply = client.post("/api/things/", {"name": "Koramil\x07", "kind": "koramil"}, format="json")

    assert (reply.status_code, reply.json()["errors"]) == (
        400,
        {"name": [gettext(MESSAGE_CONTROL_CHARACTER) % {"code": "U+0007"}]},
    )


# --- bounded helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(api.MAX_ID)])
def test_bounded_int_accepts_ids(value):
    assert api.bounded_int(value) == int(str(value).strip())


@pytest.mark.parametrize("value", [TOO_BIG, str(api.MAX_ID + 1), "0", "-1", "1e5", "", "abc", True])
def test_bounded_int_refuses_other_values(value):
    with pytest.raises(ValidationError) as caught:
        api.bounded_int(value, field="id")

    assert list(caught.value.message_dict) == ["id"]
