from django.urls import path

from sitrantib.villagedocs.views import obligations, overview, types

app_name = "villagedocs"
urlpatterns = [
    path("", overview.home, name="home"),
    path("terlambat/", overview.late, name="late"),
    path("pengaturan/", overview.settings_edit, name="settings"),
    path("kewajiban/", obligations.obligation_list, name="obligation_list"),
    path("kewajiban/buat/", obligations.generate, name="generate"),
    path("kewajiban/peristiwa/", obligations.event_create, name="event_create"),
    path("kewajiban/<int:pk>/", obligations.obligation_detail, name="obligation_detail"),
    path("kewajiban/<int:pk>/kirim/", obligations.submit, name="submit"),
    path("kewajiban/<int:pk>/cap/", obligations.stamp, name="stamp"),
    path("kewajiban/<int:pk>/bebaskan/", obligations.waive, name="waive"),
    path("kiriman/<int:pk>/periksa/", obligations.judge, name="judge"),
    path("kiriman/<int:pk>/berkas/", obligations.submission_file, name="submission_file"),
    path("jenis/", types.type_list, name="type_list"),
    path("jenis/baru/", types.type_create, name="type_create"),
    path("jenis/<int:pk>/ubah/", types.type_edit, name="type_edit"),
]
