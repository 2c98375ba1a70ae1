"""The Content Security Policy's one variable part: the map tile server (docs/dev/security.md)."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def map_tile_sources(tile_url: str) -> list[str]:
    """The img-src source that lets the maps load tiles from SITRANTIB_MAP_TILE_URL.

    A Leaflet template such as https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png becomes
    https://*.tile.openstreetmap.org (any subdomain for {s}); no URL, no extra source.
    """
    if not tile_url:
        return []
    parts = urlsplit(tile_url)
    host = parts.netloc
    if parts.scheme not in {"http", "https"} or not host or "@" in host:
        raise ImproperlyConfigured(
            "SITRANTIB_MAP_TILE_URL must be an http(s) URL such as "
            f"https://{{s}}.tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png, got {tile_url!r}"
        )
    labels = host.split(".")
    # A placeholder ({s}, {switch:a,b}) in the first label is a choice of subdomains.
    if "{" in labels[0] and len(labels) > 1:
        host = ".".join(["*", *labels[1:]])
    if "{" in host or "}" in host or " " in host or ";" in host or "," in host:
        raise ImproperlyConfigured(
            f"SITRANTIB_MAP_TILE_URL may hold a placeholder only in its first label: {tile_url!r}"
        )
    return [f"{parts.scheme}://{host}"]
