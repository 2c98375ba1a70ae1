from django.urls import path

from sitrantib.indicators.views import dashboard, definitions, values

app_name = "indicators"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("camat/", dashboard.camat, name="camat"),
    path("kabupaten/", dashboard.across, name="across"),
    path("kabupaten/peta.json", dashboard.across_map, name="across_map"),
    path("definisi/", definitions.definition_list, name="definition_list"),
    path("definisi/baru/", definitions.definition_create, name="definition_create"),
    path("definisi/muat-kak/", definitions.seed_from_plan, name="seed_from_plan"),
    path("definisi/<int:pk>/", definitions.definition_detail, name="definition_detail"),
    path("definisi/<int:pk>/ubah/", definitions.definition_edit, name="definition_edit"),
    path("pengaturan/", definitions.settings_edit, name="settings"),
    path("nilai/<int:pk>/", values.value_detail, name="value_detail"),
    path("nilai/<int:pk>/isi/", values.manual_entry, name="manual_entry"),
    path("nilai/<int:pk>/setujui/", values.approve, name="approve"),
    path("bukti/<int:pk>/", values.evidence_file, name="evidence_file"),
]
