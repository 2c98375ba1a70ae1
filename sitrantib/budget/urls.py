from django.urls import path

from sitrantib.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.home, name="home"),
    path("baru/", views.line_create, name="line_create"),
    path("multi-tahun/", views.multi_year_view, name="multi_year"),
    path("rencana/<int:plan_pk>/", views.plan_money, name="plan"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/templat.xlsx", views.import_template, name="import_template"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("realisasi/<int:pk>/bukti/", views.evidence_file, name="evidence"),
    path("<int:pk>/", views.line_detail, name="line"),
    path("<int:pk>/ubah/", views.line_edit, name="line_edit"),
    path("<int:pk>/pagu/", views.line_revise, name="revise"),
    path("<int:pk>/realisasi/", views.spending_add, name="spending_add"),
]
