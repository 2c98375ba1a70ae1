from django.urls import path
from rest_framework.routers import SimpleRouter

from sitrantib.surveys.api.views import SurveyResponseCreateView, SurveyViewSet

router = SimpleRouter()
router.register("surveys", SurveyViewSet, basename="survey")

urlpatterns = [
    path(
        "surveys/<int:pk>/responses/",
        SurveyResponseCreateView.as_view(),
        name="survey-responses",
    ),
    *router.urls,
]
