"""The API schema's shared part: every operation documents the status codes it really answers.

`ApiSchema` is DRF's `DEFAULT_SCHEMA_CLASS` (settings). On top of drf-spectacular's AutoSchema it
adds, in one place for every app, the answers of the project's error handler (`core/api.py`),
all with the one error body `ApiError` (`{"detail": ..., "errors": {...}}`):

- 400 on every operation: a body, a filter, a page size or an id in the path out of range;
- 401 and 403 on every operation that needs a login (not logged in; a role that may not);
- 404 where the path names a record (missing or out of the caller's scope) and on paged lists
  (a cursor that is not one of ours);
- 415 where the operation reads a body: a Content-Type it does not read, or a body that cannot
  be read as the type it claims;
- 412 with an optional `If-Match` request header where the view honours it (`VersionedMixin`
  writes on one record): the record changed since that version, or the header is malformed.

A time of day is documented by the pattern DRF writes (`08:00:00`), not JSON Schema's "time"
format, which demands a UTC offset.

An operation documents any other answer itself with `extend_schema(responses={...})` (the survey
endpoint's 409 and 429); a code it documents is never replaced here. `test_api_fuzz.py` checks
the result: no answer of the API may carry a status code or a body its schema does not document.
"""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers

from sitrantib.core.api import VersionedMixin

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERROR_DESCRIPTIONS = {
    "400": "Invalid data: a field, a filter, a page size or an id out of range, or refused by a "
    "rule of the service (the reason is in `detail` and `errors`).",
    "401": "Not logged in (`Authorization: Token <key>`, or a session).",
    "403": "Logged in, but the role may not do this.",
    "404": "Does not exist or lies outside the caller's scope (the same answer), or a page "
    "cursor that is not valid.",
    "415": "The body's Content-Type is not one the operation reads (JSON, form or multipart), "
    "or the body cannot be read as that type.",
    "412": "`If-Match` names a version other than the record's current one (its `ETag`), or is "
    "not one ETag of this API; nothing was changed.",
}


class ApiErrorSerializer(serializers.Serializer):
    """The API's one error body (core/api.py `error_body`)."""

    detail = serializers.CharField(help_text="The first message, in the request's language.")
    errors = serializers.DictField(  # type: ignore[assignment]
        help_text="field -> messages; messages not tied to a field under `non_field_errors`."
    )

    class Meta:
        ref_name = "ApiError"


IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description='The record\'s version as its ETag (`"3"`): the write is refused with 412 when '
    "the record has changed since. Without it the write goes through.",
)


# A time as DRF writes and reads it ("08:00", "08:00:00", "08:00:00.500000"). JSON Schema's
# "time" format is RFC 3339's full-time, which demands an offset ("08:00:00+07:00") that a time of
# day here never has; a validator holding the API to "time" refuses every answer.
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


class ApiSchema(AutoSchema):
    """AutoSchema documenting the error answers every view of the project really gives."""

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and result.get("format") == "time":
            result = {**result, "pattern": TIME_PATTERN, "example": "08:00:00"}
            del result["format"]
        return result

    def is_public(self) -> bool:
        """True when anyone may call the operation (no 401/403)."""
        classes = getattr(self.view, "permission_classes", ())
        return bool(classes) and all(issubclass(c, permissions.AllowAny) for c in classes)

    def honours_if_match(self) -> bool:
        """True when the operation reads If-Match: writes on one record of a versioned view
        (`VersionedMixin.get_object` checks it). A view that honours it on fewer operations
        narrows this in its own schema class."""
        return (
            isinstance(self.view, VersionedMixin)
            and self.method in UNSAFE_METHODS
            and "{" in self.path
        )

    def error_codes(self) -> list[str]:
        codes = ["400"]
        if not self.is_public():
            codes += ["401", "403"]
        if "{" in self.path or (self.method == "GET" and self._get_paginator() is not None):
            codes.append("404")
        if self.honours_if_match():
            codes.append("412")
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.append("415")
        return codes

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.honours_if_match():
            parameters.append(IF_MATCH)
        return parameters

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ApiErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code
                )
        return responses
