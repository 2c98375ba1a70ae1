"""The address of the client a request comes from: one rule for the login protection and the
survey rate limit.

Behind `settings.SITRANTIB_TRUSTED_PROXY_COUNT` trusted reverse proxies the client is the Nth
address from the right of X-Forwarded-For (the right-most hop no trusted proxy could have
forged); with 0 the header is ignored and REMOTE_ADDR is the client. The same rule as the survey
rate limit (sitrantib/surveys/ratelimit.py), which this app may not import (layers).
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings


def client_address(meta: Mapping[str, object]) -> str | None:
    """The client's IP address, or None when the request carries no valid one."""
    remote = str(meta.get("REMOTE_ADDR") or "")
    proxies = max(0, int(getattr(settings, "SITRANTIB_TRUSTED_PROXY_COUNT", 0) or 0))
    candidate = remote
    if proxies:
        hops = [h.strip() for h in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    for address in (candidate, remote):
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            continue
    return None
