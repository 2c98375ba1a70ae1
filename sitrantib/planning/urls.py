from django.urls import path

from sitrantib.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.home, name="home"),
    path("baru/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/ubah/", views.plan_edit, name="edit"),
    path("<int:pk>/kode/", views.code_add, name="code_add"),
    path("<int:pk>/bagian/baru/", views.section_edit, name="section_add"),
    path("<int:pk>/bagian/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/indikator/baru/", views.indicator_edit, name="indicator_add"),
    path("<int:pk>/indikator/<int:indicator_pk>/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/kegiatan/baru/", views.activity_edit, name="activity_add"),
    path("<int:pk>/kegiatan/<int:activity_pk>/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/setujui/", views.plan_approve, name="approve"),
    path("<int:pk>/revisi/", views.plan_revise, name="revise"),
    path("<int:pk>/salin/", views.plan_copy, name="copy"),
    path("<int:pk>/kalender/", views.plan_calendar_view, name="calendar"),
]
