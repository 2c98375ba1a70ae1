from rest_framework.routers import SimpleRouter

from sitrantib.regions.api.views import InstitutionViewSet, VillageViewSet

router = SimpleRouter()
router.register("villages", VillageViewSet, basename="village")
router.register("institutions", InstitutionViewSet, basename="institution")
urlpatterns = router.urls
