"""What the trainings API views share: the messages, the schema class (which status codes the
endpoints answer), write access, the filter and the key-based pages, and the base of the training
viewset (`TrainingNested`) through which every nested endpoint finds its training in scope."""

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_noop
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request

from sitrantib.core.api import KeyPagination, bounded_int
from sitrantib.core.openapi import ApiSchema
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.trainings import services
from sitrantib.trainings.access import can_manage_any, can_read_participants
from sitrantib.trainings.filters import TrainingFilter
from sitrantib.trainings.models import Training, TrainingKind

MESSAGE_PARTICIPANTS_HIDDEN = gettext_noop(
    "Data peserta pelatihan hanya dapat dilihat oleh petugas kecamatan dan operator desa."
)
MESSAGE_DISTRICT_REQUIRED = gettext_noop("Kecamatan wajib diisi.")


# Schema: every status code the endpoints really answer -----------------------------------------


class TrainingsSchema(ApiSchema):
    """The project's error answers (core/openapi.py); If-Match (412) only where these views read
    it: PUT/PATCH/DELETE and the transition. The nested POSTs find the training without it."""

    def _get_paginator(self) -> Any:
        # Lists answered by POST (issued certificates) are not paged.
        return super()._get_paginator() if self.method == "GET" else None

    def honours_if_match(self) -> bool:
        return super().honours_if_match() and (
            self.method in ("PUT", "PATCH", "DELETE") or self.path.endswith("/transition/")
        )


# Access ------------------------------------------------------------------------------------------


class ManagersWrite(permissions.BasePermission):
    """Reading follows the scope; writing needs the section's administrator (the service checks
    the kecamatan of the very record again)."""

    @property
    def message(self) -> str:
        return gettext(services.ERR_NOT_MANAGER)

    def has_permission(self, request: Request, view: object) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_manage_any(scope_of(request.user))


def require_participant_reader(scope: Scope) -> None:
    if not can_read_participants(scope):
        raise PermissionDenied(gettext(MESSAGE_PARTICIPANTS_HIDDEN))


# Filters and pages -------------------------------------------------------------------------------


class TrainingApiFilter(TrainingFilter):
    """The app's filter (`?year=` of the start date, `?status=`); in the API `?kind=` is the kind
    code, as the `kind` field shows it (the list page chooses the kind by id)."""

    kind = django_filters.ModelChoiceFilter(
        queryset=TrainingKind.objects.all(), to_field_name="code", field_name="kind"
    )


class TrainingPagination(KeyPagination):
    ordering = ("-starts_on", "-id")


class InstructorPagination(KeyPagination):
    ordering = ("name", "id")


class SessionPagination(KeyPagination):
    ordering = ("date", "start_time", "id")


class IdPagination(KeyPagination):
    ordering = ("id",)


def district_for_new(data: dict[str, Any], user: Any) -> Any:
    """The kecamatan of a new record: the one sent, else the user's own (taken out of `data`)."""
    district = data.pop("district", None) or getattr(user, "district", None)
    if district is None:
        raise ValidationError({"district": [gettext(MESSAGE_DISTRICT_REQUIRED)]})
    return district


def user_of(request: Request) -> Any:
    return request.user


# The nested endpoints of a training: no filter, pages by id.
NESTED: dict[str, Any] = {"filter_backends": [], "pagination_class": IdPagination}


class TrainingNested(viewsets.GenericViewSet):
    """The base of the training viewset and of its nested endpoints (sessions, participants,
    certificates): the training named in the URL, found in the viewset's queryset."""

    def _training(self) -> Training:
        """The training of a nested endpoint, in scope (404 otherwise). Its If-Match is not
        checked here: nested writes version their own records."""
        pk = bounded_int(self.kwargs["pk"], field="pk")
        training = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permissions(self.request, training)
        return training
