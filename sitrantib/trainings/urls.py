from django.urls import path

from sitrantib.trainings.views import (
    documents,
    enrolment,
    instructors,
    records,
    sessions,
    trainings,
)

app_name = "trainings"
urlpatterns = [
    # Trainings, their sessions, instructors and settings.
    path("", trainings.training_list, name="home"),
    path("baru/", trainings.training_create, name="training_create"),
    path("<int:pk>/", trainings.training_detail, name="training_detail"),
    path("<int:pk>/ubah/", trainings.training_edit, name="training_edit"),
    path("<int:pk>/status/", trainings.training_transition, name="training_transition"),
    path("<int:pk>/sesi/baru/", sessions.session_create, name="session_create"),
    path("sesi/<int:pk>/ubah/", sessions.session_edit, name="session_edit"),
    path("sesi/<int:pk>/hapus/", sessions.session_delete, name="session_delete"),
    path("sesi/<int:pk>/surat-tugas/", sessions.session_assign, name="session_assign"),
    path("instruktur/", instructors.instructor_list, name="instructor_list"),
    path("instruktur/baru/", instructors.instructor_create, name="instructor_create"),
    path("instruktur/<int:pk>/ubah/", instructors.instructor_edit, name="instructor_edit"),
    path("pengaturan/", trainings.settings_edit, name="settings"),
    # Participants.
    path("<int:pk>/peserta/", enrolment.participants, name="participants"),
    path("<int:pk>/peserta/tambah/", enrolment.enrol_member, name="enrol_member"),
    path("<int:pk>/peserta/kuota/", enrolment.enrol_quota, name="enrol_quota"),
    path("<int:pk>/peserta/desa/", enrolment.enrol_village, name="enrol_village"),
    path("peserta/<int:pk>/hapus/", enrolment.withdraw, name="withdraw"),
    # Attendance, tests, completion and certificates.
    path("sesi/<int:pk>/kehadiran/", records.attendance, name="attendance"),
    path("<int:pk>/nilai/", records.scores, name="scores"),
    path("<int:pk>/kelulusan/", records.completion, name="completion"),
    path("<int:pk>/sertifikat/", records.certificates, name="certificates"),
    path("sertifikat/<int:pk>/cabut/", records.certificate_revoke, name="certificate_revoke"),
    # Documents: accountability sheets (SPJ), certificates, letters and the report.
    path("<int:pk>/spj/", documents.sheets, name="sheets"),
    path(
        "sesi/<int:pk>/daftar-hadir.pdf",
        documents.attendance_sheet_pdf,
        name="attendance_sheet_pdf",
    ),
    path("sesi/<int:pk>/surat-tugas.pdf", documents.assignment_pdf, name="assignment_pdf"),
    path("<int:pk>/uang-transport.pdf", documents.transport_pdf, name="transport_pdf"),
    path("<int:pk>/honorarium.pdf", documents.honorarium_pdf, name="honorarium_pdf"),
    path("<int:pk>/sertifikat.pdf", documents.certificates_pdf, name="certificates_pdf"),
    path("sertifikat/<int:pk>/pdf/", documents.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/laporan.pdf", documents.report_pdf, name="report_pdf"),
    path("<int:pk>/laporan.xlsx", documents.report_xlsx, name="report_xlsx"),
]
