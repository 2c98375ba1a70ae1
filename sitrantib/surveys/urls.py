from django.urls import path

from sitrantib.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.home, name="home"),
    path("baru/", views.period_create, name="create"),
    path("unsur/", views.element_set, name="elements"),
    path("<int:pk>/", views.period_detail, name="detail"),
    path("<int:pk>/hasil/", views.period_results, name="results"),
    path("<int:pk>/ubah/", views.period_edit, name="edit"),
    path("<int:pk>/status/", views.period_transition, name="transition"),
    path("<int:pk>/publikasi/", views.publish, name="publish"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/entri/", views.paper_entry, name="paper_entry"),
    path("<int:pk>/impor/", views.import_view, name="import"),
    path("<int:pk>/impor/<int:batch>/", views.import_preview, name="import_preview"),
    path("<int:pk>/impor/templat.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/data.xlsx", views.raw_data, name="raw_data"),
]
