import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sitrantib.core.health import health

# An unknown address under /api/ answers the API's JSON error body, not the HTML page.
handler404 = "sitrantib.core.error_views.page_not_found"

api_v1 = [
    path("", include("sitrantib.regions.api.urls")),
    path("", include("sitrantib.linmas.api.urls")),
    path("", include("sitrantib.meetings.api.urls")),
    path("", include("sitrantib.surveys.api.urls")),
    path("", include("sitrantib.planning.api.urls")),
    path("", include("sitrantib.budget.api.urls")),
    path("", include("sitrantib.trainings.api.urls")),
    path("", include("sitrantib.fieldwork.api.urls")),
    path("", include("sitrantib.villagedocs.api.urls")),
    path("", include("sitrantib.indicators.api.urls")),
]

urlpatterns = [
    # Anyone may switch the language, the public questionnaire included.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health", health, name="health"),
    # Browsers and bookmarks ask for /favicon.ico whatever the page links.
    path(
        "favicon.ico",
        login_not_required(
            RedirectView.as_view(url=f"{settings.STATIC_URL}sitrantib/favicon.ico", permanent=True)
        ),
        name="favicon",
    ),
    path("akun/", include("sitrantib.accounts.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The explorer's start-up script is served as a file (?script), not inline: the site's
    # Content Security Policy allows no inline script (docs/dev/security.md).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/api_docs.html"
        ),
        name="api-docs",
    ),
    path("sistem/", include("sitrantib.core.urls")),
    path("linmas/", include("sitrantib.linmas.urls")),
    path("rapat/", include("sitrantib.meetings.urls")),
    path("survei/", include("sitrantib.surveys.urls")),
    path("rencana/", include("sitrantib.planning.urls")),
    path("anggaran/", include("sitrantib.budget.urls")),
    path("pelatihan/", include("sitrantib.trainings.urls")),
    path("lapangan/", include("sitrantib.fieldwork.urls")),
    path("lapor/", include("sitrantib.fieldwork.public_urls")),
    path("dokumen-desa/", include("sitrantib.villagedocs.urls")),
    path("indikator/", include("sitrantib.indicators.urls")),
    path("laporan/", include("sitrantib.reports.urls")),
    path("publik/indikator/", include("sitrantib.indicators.public_urls")),
    path("verifikasi/sertifikat/", include("sitrantib.trainings.public_urls")),
    path("verifikasi/", include("sitrantib.linmas.public_urls")),
    path("s/", include("sitrantib.surveys.public_urls")),
    path("", include("sitrantib.regions.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SITRANTIB_SERVE_MEDIA:
    # `make run` (debug off, no web server in front): the public media, i.e. the office emblem.
    # Personal files are never here: they live in private storage behind scoped views.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            login_not_required(serve),
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
