from django.urls import path

from sitrantib.fieldwork.views import (
    field_forms,
    incidents,
    offline,
    overview,
    reports,
    visits,
)
from sitrantib.fieldwork.views.registers import posts, task_forces

app_name = "fieldwork"
urlpatterns = [
    # Overview of the kecamatan or desa: situation, calendar, the rule.
    path("", overview.home, name="home"),
    path("desa/<str:code>/", overview.village_page, name="village"),
    path("situasi/", overview.situations, name="situations"),
    path("situasi/aturan/", overview.rule_edit, name="rule"),
    path("kalender/", overview.field_calendar, name="calendar"),
    path("peta.json", overview.map_data, name="map_data"),
    # Poskamling and Satgas Keamanan Desa registers.
    path("pos/", posts.post_list, name="post_list"),
    path("pos/baru/", posts.post_create, name="post_create"),
    path("pos/<int:pk>/", posts.post_detail, name="post_detail"),
    path("pos/<int:pk>/ubah/", posts.post_edit, name="post_edit"),
    path("pos/<int:pk>/jadwal/", posts.post_roster, name="post_roster"),
    path("satgas/", task_forces.task_force_list, name="task_force_list"),
    path("satgas/baru/", task_forces.task_force_create, name="task_force_create"),
    path("satgas/<int:pk>/", task_forces.task_force_detail, name="task_force_detail"),
    path("satgas/<int:pk>/ubah/", task_forces.task_force_edit, name="task_force_edit"),
    path("satgas/<int:pk>/anggota/", task_forces.task_force_members, name="task_force_members"),
    # Visits and incidents: the report forms work offline (field_forms, offline).
    path("kunjungan/baru/", field_forms.visit_create, name="visit_create"),
    path("kunjungan/<int:pk>/ubah/", field_forms.visit_edit, name="visit_edit"),
    path("kejadian/baru/", field_forms.incident_create, name="incident_create"),
    path("kejadian/<int:pk>/ubah/", field_forms.incident_edit, name="incident_edit"),
    path("pilihan-desa/", field_forms.village_options, name="village_options"),
    path("antrean/", offline.outbox, name="outbox"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("kunjungan/", visits.visit_list, name="visit_list"),
    path("kunjungan/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("kunjungan/<int:pk>/penanganan/", visits.visit_resolve, name="visit_resolve"),
    path("kunjungan/<int:pk>/foto/", visits.visit_photo_add, name="visit_photo_add"),
    path("kunjungan/<int:pk>/laporan.pdf", visits.visit_pdf, name="visit_pdf"),
    path(
        "rekomendasi/<int:pk>/tindak-lanjut/",
        visits.recommendation_action,
        name="recommendation_action",
    ),
    path("kejadian/", incidents.incident_list, name="incident_list"),
    path("kejadian/peta/", incidents.incident_map, name="incident_map"),
    path("kejadian/rekap/", incidents.incident_monthly, name="incident_monthly"),
    path("kejadian/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("kejadian/<int:pk>/status/", incidents.incident_transition, name="incident_transition"),
    path("kejadian/<int:pk>/foto/", incidents.incident_photo_add, name="incident_photo_add"),
    path("foto/<int:pk>/", incidents.photo_file, name="photo_file"),
    path("foto/<int:pk>/hapus/", incidents.photo_delete, name="photo_delete"),
    # Citizen reports: the section's moderation queue.
    path("pengaduan/", reports.report_queue, name="report_queue"),
    path("pengaduan/<int:pk>/", reports.report_detail, name="report_detail"),
    path("pengaduan/<int:pk>/verifikasi/", reports.report_verify, name="report_verify"),
    path("pengaduan/<int:pk>/tolak/", reports.report_reject, name="report_reject"),
]
