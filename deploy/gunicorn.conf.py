"""gunicorn settings for SiTrantib (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Everything a server may change comes from the environment (see deploy/sitrantib.env):
SITRANTIB_BIND (127.0.0.1:8000, behind nginx), SITRANTIB_WEB_WORKERS (2 x cores + 1),
SITRANTIB_WEB_TIMEOUT (seconds one request may take: a direct export or a PDF, 120).
Logs go to stdout as JSON lines with the app's own formatter (sitrantib/core/logging.py); the
app logs one line per request itself, so gunicorn's access log is off.
"""

import multiprocessing
import os

bind = os.environ.get("SITRANTIB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SITRANTIB_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("SITRANTIB_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (PDF rendering grows a process's memory).
max_requests = 1000
max_requests_jitter = 100
# Only the proxy on this host may say which address a request came from and whether it was
# HTTPS; Django reads the client address with SITRANTIB_TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("SITRANTIB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Worker heartbeat files in memory, as gunicorn advises (a slow disk stalls the workers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No control socket: systemd signals the arbiter, and a second gunicorn on the machine (a trial,
# the load check) must not fight over $HOME/.gunicorn/gunicorn.ctl.
control_socket_disable = True
accesslog = None
errorlog = "-"
loglevel = os.environ.get("SITRANTIB_LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sitrantib.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
