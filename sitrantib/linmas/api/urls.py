from rest_framework.routers import SimpleRouter

from sitrantib.linmas.api import views

router = SimpleRouter()
router.register("linmas-members", views.MemberViewSet, basename="linmas-member")
router.register("squads", views.SquadViewSet, basename="linmas-squad")
router.register("equipment-types", views.EquipmentTypeViewSet, basename="linmas-equipment-type")
router.register(
    "equipment-stocks", views.VillageEquipmentViewSet, basename="linmas-equipment-stock"
)
router.register("equipment-issues", views.EquipmentIssueViewSet, basename="linmas-equipment-issue")
urlpatterns = router.urls
