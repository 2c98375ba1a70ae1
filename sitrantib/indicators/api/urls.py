from rest_framework.routers import SimpleRouter

from sitrantib.indicators.api import views

router = SimpleRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicators-indicator")
urlpatterns = router.urls
