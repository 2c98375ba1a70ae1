from django.urls import path

from sitrantib.core import archive_views, autocomplete, exporting, search, views

app_name = "core"
urlpatterns = [
    path("kualitas-data/", views.data_quality, name="data_quality"),
    path("kualitas-data/data.json", views.data_quality_json, name="data_quality_json"),
    path("log-audit/", views.audit_log, name="audit_log"),
    path("log-audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("ekspor/<int:pk>/", exporting.export_progress, name="export_progress"),
    path("ekspor/<int:pk>/unduh/", exporting.export_download, name="export_download"),
    path("ekspor/<int:pk>/ulangi/", exporting.export_retry, name="export_retry"),
    path("arsip/", archive_views.archive_list, name="archive_list"),
    path("arsip/<int:pk>/", archive_views.archive_detail, name="archive_detail"),
    path("arsip/<int:pk>/unduh/", archive_views.archive_download, name="archive_download"),
    path("cari/", search.search_page, name="site_search"),
    path("cari/<str:key>/", autocomplete.search_view, name="search"),
]
