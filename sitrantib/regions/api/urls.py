from django.urls import path
from rest_framework.routers import SimpleRouter

from sitrantib.regions.api.views import DataQualityView, InstitutionViewSet, VillageViewSet

router = SimpleRouter()
router.register("villages", VillageViewSet, basename="village")
router.register("institutions", InstitutionViewSet, basename="institution")
urlpatterns = [
    path("data-quality/", DataQualityView.as_view(), name="data-quality"),
    *router.urls,
]
