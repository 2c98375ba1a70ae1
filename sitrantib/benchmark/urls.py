"""The benchmark's URLconf: every production URL plus the minimal one-insert survey view.

Used only by the gunicorn `manage.py bench` starts (`sitrantib.benchmark.server_settings`).
"""

from django.urls import path

from config.urls import urlpatterns as production_urlpatterns
from sitrantib.benchmark.minimal import minimal_submit

urlpatterns = [
    path("bench/survei-minimal/<int:pk>/", minimal_submit, name="bench_minimal_submit"),
    *production_urlpatterns,
]
