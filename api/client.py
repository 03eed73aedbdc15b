"""Who the client is, for rate limits: the connection's peer, unless that peer is a trusted proxy.

`X-Forwarded-For` is a list anyone can write. It is read only when the connection comes from one of
TRUSTED_PROXIES, and then from the right: the first address that is not itself a trusted proxy is
the client (the left part could have been written by the client). The server runs with uvicorn's
own proxy-header rewriting off, so the peer address here is the real one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from fastapi import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """'10.0.0.5', '10.0.0.0/8', '::1' → networks; a bad entry is a configuration error, said at start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network") from exc
    return networks


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request, trusted: Sequence[Network]) -> str:
    peer = request.client.host if request.client else "unknown"
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage from a proxy we trust: count it against the proxy, not a fresh client
    return peer
