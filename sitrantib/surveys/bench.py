"""Child process of `manage.py bench_survey_submissions`: prepares the database or serves HTTP.

Run as `python -m sitrantib.surveys.bench setup|serve ...` with DJANGO_SETTINGS_MODULE and a
temporary SQLite file in the environment; never against a real database. `serve` listens on
127.0.0.1 only, on a free port it prints on its first line.
"""

import argparse
import json
import sys
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def _setup() -> None:
    from django.core.management import call_command

    from sitrantib.surveys.benchdata import make_open_period

    call_command("migrate", verbosity=0, interactive=False)
    period = make_open_period()
    print(json.dumps({"period": period.pk}), flush=True)


def _serve(limit: int) -> None:
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE = limit
    application = get_wsgi_application()
    with make_server(
        "127.0.0.1", 0, application, server_class=_ThreadingServer, handler_class=_QuietHandler
    ) as server:
        print(json.dumps({"port": server.server_port}), flush=True)
        server.serve_forever()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="sitrantib.surveys.bench")
    parser.add_argument("action", choices=["setup", "serve"])
    parser.add_argument("--limit", type=int, default=30)
    options = parser.parse_args(argv)
    import django

    django.setup()
    if options.action == "setup":
        _setup()
    else:
        _serve(options.limit)


if __name__ == "__main__":
    main(sys.argv[1:])
