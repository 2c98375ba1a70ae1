from django.urls import path

from sitrantib.linmas import views

app_name = "linmas"
urlpatterns = [
    path("", views.home, name="home"),
    path("kesiapan/aturan/", views.readiness_rule, name="readiness_rule"),
    path("anggota/", views.member_list, name="member_list"),
    path("anggota/tambah/", views.member_form, name="member_create"),
    path("anggota/<int:pk>/", views.member_detail, name="member_detail"),
    path("anggota/<int:pk>/foto/", views.member_photo, name="member_photo"),
    path("anggota/<int:pk>/ubah/", views.member_form, name="member_update"),
    path("anggota/<int:pk>/status/", views.member_transition, name="member_transition"),
    path("anggota/<int:pk>/perlengkapan/", views.member_issue, name="member_issue"),
    path(
        "anggota/<int:pk>/data-pribadi.json",
        views.member_personal_data,
        name="member_personal_data",
    ),
    path("anggota/<int:pk>/anonimkan/", views.member_anonymise, name="member_anonymise"),
    path("regu/", views.squads, name="squads"),
    path("perlengkapan/", views.equipment, name="equipment"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/templat.xlsx", views.import_template, name="import_template"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("ekspor/register.xlsx", views.export_xlsx, name="export_xlsx"),
    path("ekspor/daftar.pdf", views.export_pdf, name="export_pdf"),
    path("kta.pdf", views.cards, name="cards"),
]
