"""Shared API pieces: key-based pagination, one error body, versions as ETags, bounded input.

Every error of the API answers with one body shape::

    {"detail": "<the first message>", "errors": {"<field>": ["..."], "non_field_errors": ["..."]}}

`exception_handler` (settings `REST_FRAMEWORK["EXCEPTION_HANDLER"]`) turns the service layer's
Django `ValidationError` into 400, `PermissionDenied` into 403, `Http404`/`ObjectDoesNotExist` into
404 and `StaleVersion` into 412, so views call services without a converter of their own.
Numbers, dates and JSON that are out of range answer 400, never 500.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from sitrantib.core.concurrency import MAX_VERSION, StaleVersion
from sitrantib.core.parsers import BoundedJSONParser, OutOfRange
from sitrantib.core.text import CleanCharField, CleanTextMixin, first_control_character

MESSAGE_NOT_FOUND = gettext_noop("Data tidak ditemukan.")
MESSAGE_FORBIDDEN = gettext_noop("Anda tidak berhak melakukan tindakan ini.")
MESSAGE_INVALID = gettext_noop("Data yang dikirim tidak valid.")
MESSAGE_OUT_OF_RANGE = gettext_noop("Nilai di luar rentang yang dapat diterima.")
MESSAGE_ID_INVALID = gettext_noop("ID harus berupa bilangan bulat antara %(min)s dan %(max)s.")
MESSAGE_YEAR_OUT_OF_RANGE = gettext_noop("Tahun harus antara %(min)s dan %(max)s.")
MESSAGE_IF_MATCH_INVALID = gettext_noop(
    "Header If-Match harus berisi tepat satu ETag dari API ini, misalnya “3”."
)

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
MIN_YEAR = 1900
MAX_YEAR = 2100
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


# --- paging -------------------------------------------------------------------------------------


class KeyPagination(CursorPagination):
    """Pages by the ordering key, so page 1,000 is as fast as page 1 at national scale.

    A cursor whose position does not fit the first ordering column (text for an integer key, a
    control character) is refused like any invalid cursor (404), never compared in the database.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # One key or several ("-starts_on", "-id"): the subclasses name their own.
    ordering: str | list[str] | tuple[str, ...] = "pk"
    _model: type[models.Model] | None = None

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._model = getattr(queryset, "model", None)
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        position = str(cursor.position)
        field = self._position_field()
        try:
            if first_control_character(position) is not None:
                raise DjangoValidationError("control character")
            if field is not None:
                field.to_python(position)
        except (DjangoValidationError, ValueError, TypeError) as exc:
            raise exceptions.NotFound(self.invalid_cursor_message) from exc
        return cursor

    def _position_field(self) -> "models.Field[Any, Any] | None":
        """The model field of the first ordering column, when it is a plain field."""
        ordering = self.ordering
        first = ordering[0] if isinstance(ordering, list | tuple) else ordering
        name = str(first).lstrip("-")
        if self._model is None or "__" in name:
            return None
        meta = self._model._meta
        if name == "pk":
            return meta.pk
        try:
            found = meta.get_field(name)
        except FieldDoesNotExist:  # an annotation: not checked
            return None
        return found if isinstance(found, models.Field) else None


# --- errors -------------------------------------------------------------------------------------


class PreconditionFailed(exceptions.APIException):
    """412: the record changed since the version the client sent in If-Match."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = MESSAGE_INVALID
    default_code = "precondition_failed"

    def __init__(self, detail: str, *, current_version: int | None = None) -> None:
        super().__init__(detail)
        self.current_version = current_version


def _messages(value: Any) -> list[str]:
    """Every message in a DRF error structure, in order."""
    if isinstance(value, Mapping):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _errors_of(data: Any) -> dict[str, Any]:
    """DRF's error data as the `errors` mapping: field -> messages, non-field under NON_FIELD."""
    if isinstance(data, Mapping):
        errors: dict[str, Any] = {}
        for key, value in data.items():
            name = NON_FIELD if key in ("detail", "__all__") else str(key)
            found = value if isinstance(value, list | Mapping) else [value]
            if name in errors and isinstance(errors[name], list) and isinstance(found, list):
                errors[name] = [*errors[name], *found]
            else:
                errors[name] = found
        return errors
    if isinstance(data, list):
        return {NON_FIELD: data}
    return {NON_FIELD: [data]}


def error_body(detail: str, errors: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The one error body of the API."""
    return {"detail": str(detail), "errors": dict(errors or {})}


def _to_api_exception(exc: Exception) -> Exception:
    """Service and framework exceptions as DRF exceptions (others are returned unchanged)."""
    if isinstance(exc, StaleVersion):
        return PreconditionFailed(exc.message, current_version=exc.current_version)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {
                (NON_FIELD if name == "__all__" else name): messages
                for name, messages in exc.message_dict.items()
            }
        else:
            detail = {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or _(MESSAGE_FORBIDDEN))
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound(_(MESSAGE_NOT_FOUND))
    if isinstance(exc, OverflowError | RecursionError | DataError):
        # A number or date the database or datetime cannot hold, found too late to name the field;
        # or a value PostgreSQL cannot even compare (a NUL byte in a code in the path).
        return OutOfRange(_(MESSAGE_OUT_OF_RANGE))
    return exc


def _out_of_range_lookup(exc: Exception, context: Mapping[str, Any]) -> OutOfRange | None:
    """A "not found" caused by an impossible id in the URL is a 400: the id was malformed.

    Digits beyond a 64-bit integer, or non-digits where the view's model has an integer key.
    """
    if not isinstance(exc, Http404 | exceptions.NotFound | ObjectDoesNotExist):
        return None
    view = context.get("view")
    integer_key = False
    queryset = getattr(view, "queryset", None)
    if isinstance(queryset, models.QuerySet):
        integer_key = isinstance(queryset.model._meta.pk, models.IntegerField)
    lookup_names = {"pk", "id"}
    for attribute in ("lookup_url_kwarg", "lookup_field"):
        name = getattr(view, attribute, None)
        if isinstance(name, str):
            lookup_names.add(name)
    for name, value in (context.get("kwargs") or {}).items():
        text = str(value)
        # ASCII digits only: str.isdigit() accepts "²", which int() refuses; a string of more
        # than 19 digits is beyond 64 bits without converting it (int() refuses 4,300+ digits).
        ascii_digits = _DIGITS.fullmatch(text) is not None
        too_big = ascii_digits and (len(text) > len(str(MAX_ID)) or int(text) > MAX_ID)
        not_a_number = integer_key and name in lookup_names and not ascii_digits
        if too_big or not_a_number:
            message = _(MESSAGE_ID_INVALID) % {"min": 1, "max": MAX_ID}
            return OutOfRange({name: [message]})
    return None


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as `{"detail": str, "errors": {...}}`.

    Django ValidationError -> 400, PermissionDenied -> 403, Http404/ObjectDoesNotExist -> 404,
    StaleVersion -> 412 (with the current ETag), out-of-range numbers and dates and values the
    database cannot compare (DataError) -> 400; DRF's own exceptions keep their status and
    headers. Anything else stays a 500 (returns None).
    """
    exc = _out_of_range_lookup(exc, context) or exc
    converted = _to_api_exception(exc)
    response = drf_exception_handler(converted, dict(context))
    if response is None:
        return None
    data = response.data
    if isinstance(converted, exceptions.ValidationError):
        errors = _errors_of(data)
        messages = _messages(errors)
        detail = messages[0] if messages else _(MESSAGE_INVALID)
    else:
        detail = str(data.get("detail", "")) if isinstance(data, Mapping) else _messages(data)[0]
        errors = {NON_FIELD: [detail]} if isinstance(converted, PreconditionFailed) else {}
    response.data = error_body(detail, errors)
    if isinstance(converted, PreconditionFailed) and converted.current_version is not None:
        response["ETag"] = etag_from_version(converted.current_version)
    return response


# --- versions as ETags --------------------------------------------------------------------------

_ETAG = re.compile(r'^"(\d{1,10})"$')


def etag_from_version(version: int) -> str:
    return f'"{version}"'


def etag_for(instance: models.Model) -> str:
    """The strong ETag of a versioned record: its version, quoted (`"3"`)."""
    return etag_from_version(instance.version)  # type: ignore[attr-defined]


def parse_if_match(request: Request) -> int | None:
    """The version named by the request's If-Match header; None without one (or with `*`).

    A header that is not exactly one strong ETag of this API (`"3"`) cannot match: 412.
    """
    raw = request.headers.get("If-Match", "").strip()
    if not raw or raw == "*":
        return None
    found = _ETAG.match(raw)
    if found is None or not 1 <= int(found.group(1)) <= MAX_VERSION:
        raise PreconditionFailed(_(MESSAGE_IF_MATCH_INVALID))
    return int(found.group(1))


# For the type checker the mixin stands on DRF's generic view (its `request`, `get_object`,
# `finalize_response`); at run time it is a plain mixin placed before the viewset's bases.
if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _VersionedBase = GenericAPIView[Any]
else:
    _VersionedBase = object


class VersionedMixin(_VersionedBase):
    """For DRF generic views/viewsets of a versioned model: ETag out, If-Match in.

    Every single-object response (retrieve, create, update, partial_update, and actions that call
    `get_object` or set `self.versioned_object`) carries the object's `ETag`. On a write, an
    `If-Match` that no longer matches answers 412 before anything changes; the view passes
    `expected_version=self.expected_version` to its service, which re-checks under the row lock
    (`save_changes`), so a race between the check and the save still ends in 412. Without If-Match
    the write goes through. The lookup value in the URL must be a bounded integer id (400
    otherwise) when the lookup field is the primary key.
    """

    versioned_object: models.Model | None = None
    expected_version: int | None = None
    _unsafe_methods = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def get_object(self) -> Any:
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
        if getattr(self, "lookup_field", "pk") in ("pk", "id") and lookup in self.kwargs:
            bounded_int(self.kwargs[lookup], field=lookup)
        obj = super().get_object()
        if self.request.method in self._unsafe_methods:
            self.expected_version = parse_if_match(self.request)
            if (
                self.expected_version is not None
                and hasattr(obj, "version")
                and obj.version != self.expected_version
            ):
                raise StaleVersion.for_instance(obj, expected_version=self.expected_version)
        self.versioned_object = obj
        return obj

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)  # type: ignore[misc]
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)  # type: ignore[misc]
        self.versioned_object = serializer.instance

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = self.versioned_object
        if (
            obj is not None
            and hasattr(obj, "version")
            and status.is_success(response.status_code)
            and request.method != "DELETE"
        ):
            response["ETag"] = etag_for(obj)
        return response


# --- bounded input ------------------------------------------------------------------------------


def bounded_int(
    value: Any, *, field: str | None = None, minimum: int = 1, maximum: int = MAX_ID
) -> int:
    """`value` (an int or a string of digits) as an int within [minimum, maximum].

    For ids in paths, `?id=` filters and bodies: 25 digits or `1e5` is a Django ValidationError
    (400 through the handler; a field error inside serializers and filter forms), never a
    database overflow.
    """
    text = str(value).strip() if not isinstance(value, bool) else ""
    number = int(text) if re.fullmatch(r"-?\d{1,20}", text) else None
    if number is None or not minimum <= number <= maximum:
        message = _(MESSAGE_ID_INVALID) % {"min": minimum, "max": maximum}
        if field is not None:
            raise DjangoValidationError({field: [message]}, code="out_of_range")
        raise DjangoValidationError(message, code="out_of_range")
    return number


def validate_year_range(value: dt.date | dt.datetime | None) -> None:
    """Validator: the year of a date or datetime lies within 1900-2100."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DjangoValidationError(
            _(MESSAGE_YEAR_OUT_OF_RANGE) % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year_out_of_range",
        )


class BoundedDateTimeField(serializers.DateTimeField):
    """A DateTimeField accepting years 1900-2100 only, before and after the time-zone shift."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        try:
            result = super().to_internal_value(value)
        except OverflowError as exc:
            raise serializers.ValidationError(_(MESSAGE_OUT_OF_RANGE)) from exc
        try:
            validate_year_range(result)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return result


class BoundedDateField(serializers.DateField):
    """A DateField accepting years 1900-2100 only."""

    def to_internal_value(self, value: Any) -> dt.date:
        result = super().to_internal_value(value)
        try:
            validate_year_range(result)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return result


_drf_related_id = serializers.PrimaryKeyRelatedField.to_internal_value


def _related_id(self: serializers.PrimaryKeyRelatedField, data: Any) -> Any:
    """A related record's id as sent: `1.5` or `true` is not the id 1 (Django's lookup would
    truncate it), whatever the serializer; a code key (a kecamatan's "35.08.07") with a control
    character names no record (and a NUL byte would reach PostgreSQL, which cannot compare it)."""
    if isinstance(data, bool | float):
        self.fail("incorrect_type", data_type=type(data).__name__)
    if isinstance(data, str) and first_control_character(data) is not None:
        self.fail("does_not_exist", pk_value=data)
    return _drf_related_id(self, data)


_drf_related_slug = serializers.SlugRelatedField.to_internal_value


def _related_slug(self: serializers.SlugRelatedField, data: Any) -> Any:
    """A related record's code as sent: one with a control character names no record (and a NUL
    byte would reach PostgreSQL, which cannot compare it)."""
    if isinstance(data, str) and first_control_character(data) is not None:
        self.fail("does_not_exist", slug_name=self.slug_field, value=data)
    return _drf_related_slug(self, data)


def refuse_inexact_related_ids() -> None:
    """Make every `PrimaryKeyRelatedField` of the project refuse a fraction or a boolean for an
    id, and every `SlugRelatedField` a code with a control character (called once from
    CoreConfig.ready; apps declare such fields in many serializers)."""
    serializers.PrimaryKeyRelatedField.to_internal_value = _related_id  # type: ignore[method-assign,assignment]
    serializers.SlugRelatedField.to_internal_value = _related_slug  # type: ignore[method-assign]


class BaseModelSerializer(CleanTextMixin, serializers.ModelSerializer):
    """ModelSerializer base: text refuses control characters, dates stay within 1900-2100."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: BoundedDateTimeField,
        models.DateField: BoundedDateField,
        models.CharField: CleanCharField,
        models.TextField: CleanCharField,
    }


__all__ = [
    "MAX_ID",
    "BaseModelSerializer",
    "BoundedDateField",
    "BoundedDateTimeField",
    "BoundedJSONParser",
    "KeyPagination",
    "OutOfRange",
    "PreconditionFailed",
    "VersionedMixin",
    "bounded_int",
    "error_body",
    "etag_for",
    "exception_handler",
    "parse_if_match",
    "validate_year_range",
]
