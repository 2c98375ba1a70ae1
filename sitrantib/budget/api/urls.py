from rest_framework.routers import SimpleRouter

from sitrantib.budget.api.views import BudgetLineViewSet

router = SimpleRouter()
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")

urlpatterns = router.urls
