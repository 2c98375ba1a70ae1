from django.urls import path

from sitrantib.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("indikator/", views.indicator, name="indicator"),
    path("daftar/", views.meeting_list_view, name="meeting_list"),
    path("baru/", views.meeting_create, name="meeting_create"),
    path("instansi/", views.institutions, name="institutions"),
    path("instansi/tambah/", views.institution_add, name="institution_add"),
    path("instansi/<int:pk>/aktif/", views.institution_active, name="institution_active"),
    path("penomoran/", views.numbering, name="numbering"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/terbitkan-undangan/", views.meeting_issue, name="meeting_issue"),
    path("<int:pk>/hadir/", views.attendance_add, name="attendance_add"),
    path("<int:pk>/hadir/semua/", views.attendance_all, name="attendance_all"),
    path(
        "<int:pk>/hadir/undangan/<int:invitation_pk>/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("<int:pk>/keputusan/", views.decision_add, name="decision_add"),
    path("<int:pk>/notulen/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/<slug:document>.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("tindak-lanjut/<int:pk>/", views.action_item_detail, name="action_item_detail"),
    path(
        "tindak-lanjut/<int:pk>/status/",
        views.action_item_transition,
        name="action_item_transition",
    ),
    path("tindak-lanjut/<int:pk>/bukti/", views.action_item_evidence, name="action_item_evidence"),
    path("tindak-lanjut/<int:pk>/ubah/", views.action_item_edit, name="action_item_edit"),
    path("keputusan/<int:pk>/ubah/", views.decision_edit, name="decision_edit"),
    path("hadir/<int:pk>/ubah/", views.attendance_edit, name="attendance_edit"),
    path("personel/<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("bukti/<int:pk>/kecil/", views.evidence_thumbnail, name="evidence_thumbnail"),
]
