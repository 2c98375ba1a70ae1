# Public (no login) pages of the trainings module, mounted at /verifikasi/sertifikat/.
from django.urls import path

from sitrantib.trainings.views import records

app_name = "trainings_public"
urlpatterns = [
    path("<str:code>/", records.verify, name="verify"),
]
