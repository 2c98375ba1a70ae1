from django.urls import path

from sitrantib.core import views

app_name = "core"
urlpatterns = [
    path("kualitas-data/", views.data_quality, name="data_quality"),
    path("log-audit/", views.audit_log, name="audit_log"),
    path("log-audit/<int:pk>/", views.audit_detail, name="audit_detail"),
]
