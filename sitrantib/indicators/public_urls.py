# Public (no login) page of the indicators a kecamatan publishes, mounted at /publik/indikator/.
from django.urls import path

from sitrantib.indicators.views import public

app_name = "indicators_public"
urlpatterns = [
    path("<str:district_code>/", public.published, name="published"),
]
