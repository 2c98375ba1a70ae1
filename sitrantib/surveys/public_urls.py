"""Public (no login) pages of the survey module, mounted at /s/."""

from django.urls import path

from sitrantib.surveys import public_views

app_name = "surveys_public"
urlpatterns = [
    path("", public_views.published, name="published"),
    path("<slug:code>/", public_views.questionnaire, name="questionnaire"),
    path("<slug:code>/terima-kasih/", public_views.thanks, name="thanks"),
]
