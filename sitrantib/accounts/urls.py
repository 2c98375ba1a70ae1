from django.contrib.auth import views as auth_views
from django.urls import path

from sitrantib.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LockoutLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChange.as_view(), name="password_change"),
]
