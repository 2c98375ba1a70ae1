from django.contrib.auth import views as auth_views
from django.urls import path

from sitrantib.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LockoutLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChange.as_view(), name="password_change"),
    path("atur-sandi/<uidb64>/<token>/", views.PasswordSet.as_view(), name="password_set"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/tambah/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/status/", views.user_set_active, name="user_set_active"),
    path("pengguna/<int:pk>/kata-sandi/", views.user_reset_password, name="user_reset_password"),
]
