from rest_framework.routers import SimpleRouter

from sitrantib.trainings.api.views.instructors import InstructorViewSet
from sitrantib.trainings.api.views.trainings import TrainingViewSet

router = SimpleRouter()
router.register("trainings", TrainingViewSet, basename="training")
router.register("instructors", InstructorViewSet, basename="instructor")
urlpatterns = router.urls
