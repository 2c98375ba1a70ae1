"""Which host names the server answers to, and at which addresses phones reach it.

`make run` serves the laptop only (127.0.0.1). `make run HOST=0.0.0.0` serves the office network:
then the laptop's own addresses are accepted as well, so a phone on the office Wi-Fi can open
`http://<laptop address>:8000/`. See docs/adr/0052-serving-the-office-network.md.

Run as a script (`python -m config.settings.hosts HOST PORT`) it prints the addresses to open,
computed by the same functions the settings use, so what `make run` prints is what is accepted.
"""

import ipaddress
import os
import socket
import sys
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]"]
# Binding to these serves every interface of the machine.
ALL_INTERFACES = {"0.0.0.0", "::", "[::]"}  # noqa: S104  # nosec B104  # names compared, not bound


def public_origin(raw: str) -> str:
    """The scheme, host and port of SITRANTIB_PUBLIC_URL ("" when unset), checked.

    Only an origin is accepted (`http://192.168.1.10:8000`, `https://trantib.example.go.id`):
    the paths of the links are added by the code that builds them.
    """
    value = raw.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITRANTIB_PUBLIC_URL must start with http:// or https:// and name a host, got {raw!r}"
        )
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITRANTIB_PUBLIC_URL must be an address without a path, e.g. "
            f"http://192.168.1.10:8000, got {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _is_usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def machine_addresses() -> list[str]:
    """The IPv4 addresses of this machine that another device on the network can reach.

    Two sources, neither of which sends a packet: the addresses the machine's name resolves to,
    and the source address the system would use for an outgoing UDP "connection" (connecting a
    UDP socket only chooses a route). Loopback and link-local addresses are left out.
    """
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        found.append(str(info[4][0]))
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            # A documentation address (TEST-NET-1): nothing is sent, only the route is looked up.
            probe.connect(("192.0.2.1", 9))
            found.append(str(probe.getsockname()[0]))
    except OSError:
        pass
    return sorted({a for a in found if _is_usable(a)}, key=ipaddress.ip_address)


def allowed_hosts(
    *,
    explicit: list[str] | None,
    serve_host: str,
    public_url: str,
    addresses: list[str] | None = None,
) -> list[str]:
    """ALLOWED_HOSTS: the explicit list when SITRANTIB_ALLOWED_HOSTS is set, otherwise derived.

    Derived: the loopback names; the address the server was told to bind to (`HOST`); when that
    is every interface (0.0.0.0), the machine's network addresses and its name. The host of
    SITRANTIB_PUBLIC_URL is always accepted: links printed on posters and cards point there.
    """
    public_host = urlsplit(public_url).hostname if public_url else None
    if explicit is not None:
        hosts = list(explicit)
    else:
        hosts = list(LOCAL_NAMES)
        host = serve_host.strip()
        if host in ALL_INTERFACES:
            hosts += machine_addresses() if addresses is None else addresses
            name = socket.gethostname()
            if name:
                hosts += [name, f"{name}.local"]
        elif host:
            hosts.append(host)
    if public_host:
        hosts.append(f"[{public_host}]" if ":" in public_host else public_host)
    return list(dict.fromkeys(hosts))


def phone_urls(serve_host: str, port: str, addresses: list[str] | None = None) -> list[str]:
    """The addresses another device opens: one per network address when serving them all."""
    host = serve_host.strip()
    if host in ALL_INTERFACES:
        return [
            f"http://{a}:{port}/" for a in (machine_addresses() if addresses is None else addresses)
        ]
    if host and _is_usable(host):
        return [f"http://{host}:{port}/"]
    return []


def main(argv: list[str]) -> int:
    """Print the lines `make run` shows about where SiTrantib can be opened (Indonesian)."""
    host, port = [*argv, "127.0.0.1", "8000"][:2]
    local_host = "127.0.0.1" if host in ALL_INTERFACES else host
    print(f"SiTrantib berjalan di http://{local_host}:{port}/")
    urls = phone_urls(host, port)
    if urls:
        print("Dari ponsel dan komputer lain di jaringan kantor, buka:")
        for url in urls:
            print(f"  {url}")
    elif host in ALL_INTERFACES:
        print("Alamat jaringan laptop ini tidak ditemukan: sambungkan ke Wi-Fi/LAN kantor dulu.")
    else:
        print(
            "Hanya laptop ini yang bisa membukanya. Untuk ponsel di kantor: make run HOST=0.0.0.0"
        )
    try:
        public = public_origin(os.environ.get("SITRANTIB_PUBLIC_URL", ""))
    except ImproperlyConfigured as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return 1
    if public:
        print(f"Tautan di kode QR, poster dan pengingat memakai: {public}/")
    elif urls:
        print(
            "Agar kode QR dan pengingat memakai alamat ini, jalankan misalnya: "
            f"make run HOST=0.0.0.0 SITRANTIB_PUBLIC_URL={urls[0].rstrip('/')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
