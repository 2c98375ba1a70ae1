from django.urls import path

from sitrantib.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.home, name="home"),
    path("desa/<str:code>/", views.village_detail, name="village_detail"),
    path("desa/<str:code>/statistik/tambah/", views.statistic_add, name="statistic_add"),
    path("desa/<str:code>/statistik/<int:pk>/ubah/", views.statistic_edit, name="statistic_edit"),
    path(
        "kecamatan/<str:code>/statistik/<int:pk>/ubah/",
        views.district_statistic_edit,
        name="district_statistic_edit",
    ),
    path("peta/desa.geojson", views.village_map_data, name="village_map_data"),
    path("kantor/", views.office_edit, name="office_edit"),
]
