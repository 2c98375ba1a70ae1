# Public (no login) pages of the LINMAS module, mounted at /verifikasi/.
from django.urls import path

from sitrantib.linmas import views

app_name = "linmas_public"
urlpatterns = [
    path("<str:code>", views.verify, name="verify"),
    path("<str:code>/", views.verify),
]
