from rest_framework.routers import SimpleRouter

from sitrantib.meetings.api.views import ActionItemViewSet, MeetingViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("action-items", ActionItemViewSet, basename="action-item")
urlpatterns = router.urls
