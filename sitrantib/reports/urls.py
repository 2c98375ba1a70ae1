from django.urls import path

from sitrantib.reports import views, views_performance

app_name = "reports"
urlpatterns = [
    # The catalogue of documents, and making one (in the background: core's progress page).
    path("", views.home, name="home"),
    path("buat/", views.make, name="make"),
    # The section's analysis of each indicator's achievement, printed in the LKjIP (ADR 0102).
    path("kinerja/analisis/", views_performance.narrative_list, name="narrative_list"),
    path("kinerja/analisis/<int:pk>/", views_performance.narrative_edit, name="narrative_edit"),
]
