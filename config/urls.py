from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_v1 = [
    path("", include("sitrantib.regions.api.urls")),
    path("", include("sitrantib.linmas.api.urls")),
    path("", include("sitrantib.meetings.api.urls")),
    path("", include("sitrantib.surveys.api.urls")),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("sitrantib.accounts.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("sistem/", include("sitrantib.core.urls")),
    path("linmas/", include("sitrantib.linmas.urls")),
    path("rapat/", include("sitrantib.meetings.urls")),
    path("survei/", include("sitrantib.surveys.urls")),
    path("verifikasi/", include("sitrantib.linmas.public_urls")),
    path("s/", include("sitrantib.surveys.public_urls")),
    path("", include("sitrantib.regions.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
