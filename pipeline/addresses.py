"""Which addresses are private and which URLs are one site: pure helpers that the fetcher, the
configuration check and ``discover`` share (issue 17: a neutral module, not the fetcher)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# IPv6 prefixes that carry an IPv4 address: NAT64 (RFC 6052, and the local-use RFC 8215 prefix)
# and 6to4 (RFC 3056). Python calls them global, but they reach whatever IPv4 address they embed.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def is_private_address(host: str) -> bool:
    """True for loopback, private, link-local and other non-public literal addresses, also when
    wrapped in IPv6 (IPv4-mapped, NAT64, 6to4: those count as the IPv4 address inside, issue 20)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.lower() in ("localhost",) or host.lower().endswith(".localhost")
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif address in _NAT64[1]:
            return True  # a local-use translator: by definition not the public internet
        elif address in _NAT64[0]:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        elif address in _SIX_TO_FOUR:
            address = address.sixtofour or address
    return not address.is_global


def same_site(url: str, site_url: str) -> bool:
    """Is ``url`` on the same site as ``site_url``: the same host (a leading 'www.' aside) and the
    same port? Default ports count as one, so http and https pages of a site stay one site, but
    another service on a non-default port of the host is another site (issue 20)."""

    def site(u: str) -> tuple[str, int | None]:
        parts = urlsplit(u)
        h = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:  # an impossible port: never the same site
            return "", None
        return (h[4:] if h.startswith("www.") else h), (None if port in (None, 80, 443) else port)

    here = site(url)
    return bool(here[0]) and here == site(site_url)
