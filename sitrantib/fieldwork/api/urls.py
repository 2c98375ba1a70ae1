from django.urls import path
from rest_framework.routers import SimpleRouter

from sitrantib.fieldwork.api import incidents, registers, situations, visits

router = SimpleRouter()
router.register("posts", registers.PostViewSet, basename="fieldwork-post")
router.register("task-forces", registers.TaskForceViewSet, basename="fieldwork-task-force")
router.register("visits", visits.VisitViewSet, basename="fieldwork-visit")
router.register(
    "incident-categories",
    registers.IncidentCategoryViewSet,
    basename="fieldwork-incident-category",
)
router.register("incidents", incidents.IncidentViewSet, basename="fieldwork-incident")
urlpatterns = [
    path(
        "village-situations/",
        situations.VillageSituationsView.as_view(),
        name="fieldwork-village-situations",
    ),
    *router.urls,
]
