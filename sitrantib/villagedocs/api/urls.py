from rest_framework.routers import SimpleRouter

from sitrantib.villagedocs.api.views import DocumentTypeViewSet, ObligationViewSet, OnTimeViewSet

router = SimpleRouter()
router.register("document-types", DocumentTypeViewSet, basename="document-type")
router.register("document-obligations", ObligationViewSet, basename="document-obligation")
router.register("document-on-time", OnTimeViewSet, basename="document-on-time")
urlpatterns = router.urls
