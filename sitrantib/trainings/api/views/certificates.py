"""The certificates of a training in the API: the list (revoked ones included) and their issue to
every participant who completed and holds none in force."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.scoping import scope_of
from sitrantib.trainings import selectors, services
from sitrantib.trainings.api.serializers import CertificateSerializer
from sitrantib.trainings.api.views.common import (
    NESTED,
    TrainingNested,
    require_participant_reader,
    user_of,
)


class CertificateActions(TrainingNested):
    """`/trainings/{id}/certificates/`."""

    @extend_schema(
        methods=["GET"],
        summary="Certificates of the training",
        description="Every certificate issued, revoked ones included (`revoked`); a village "
        "operator sees those of their desa; a partner gets 403.",
        responses=CertificateSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Issue certificates",
        description="Numbers and issues a certificate to every participant who completed and "
        "holds none in force. Answers 201 with the certificates issued now, 200 with an empty "
        "list when there was nobody left (a second call issues nothing twice), 400 when the "
        "training is not finished or reported. No body.",
        request=None,
        responses={201: CertificateSerializer(many=True), 200: CertificateSerializer(many=True)},
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def certificates(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        require_participant_reader(scope)
        context = {"request": request}
        if request.method == "POST":
            issued = services.issue_certificates(training=training, actor=user_of(request))
            return Response(
                CertificateSerializer(issued, many=True, context=context).data,
                status=status.HTTP_201_CREATED if issued else status.HTTP_200_OK,
            )
        rows = selectors.certificates_of(training, scope=scope)
        return self.get_paginated_response(
            CertificateSerializer(self.paginate_queryset(rows), many=True, context=context).data
        )
