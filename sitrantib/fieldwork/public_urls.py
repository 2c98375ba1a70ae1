# Public (no login) pages of the field work, mounted at /lapor/: the citizen report form and
# the status of a report by its code.
from django.urls import path

from sitrantib.fieldwork.views import reports

app_name = "fieldwork_public"
urlpatterns = [
    path("", reports.public_start, name="start"),
    path("status/", reports.public_status_lookup, name="status_lookup"),
    path("status/<str:code>/", reports.public_status, name="status"),
    path("<str:district_code>/", reports.public_form, name="form"),
]
