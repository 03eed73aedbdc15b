"""Source URLs as a reader should see them: host in lower case, no trailing dot, no default port.

`https://exim.gov./x` and `https://www.exim.gov:443/x` open the same page as their plain forms but look
broken in a citation and defeat host matching, so the loader stores every URL normalised and the
knowledge check names the files that still spell one the long way.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_of(url: str) -> str:
    """The normalised host of `url` ('' when it has none)."""
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: leave the URL for the check to report
        return url.strip()
    netloc = host
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        netloc = f"{netloc}:{port}"
    return urlunsplit(SplitResult(parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def host_problems(url: str) -> list[str]:
    """What is wrong with how `url` spells its host; empty when nothing is."""
    parts = urlsplit(url.strip())
    raw = parts.netloc.rsplit("@", 1)[-1]
    problems: list[str] = []
    if not parts.hostname:
        return ["no host"]
    if parts.hostname.endswith("."):
        problems.append("trailing dot in the host")
    try:
        port = parts.port
    except ValueError:
        problems.append("port is not a number")
        port = None
    if port is not None and port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        problems.append(f"default port :{port} written out")
    host_text = raw.rsplit(":", 1)[0] if ":" in raw and not raw.endswith("]") else raw
    if host_text != host_text.lower():
        problems.append("upper-case letters in the host")
    host = parts.hostname.rstrip(".")
    if _is_ip(host):
        problems.append("a bare IP address instead of a host name")
    elif host.split(".")[0] in {"http", "https"}:
        problems.append(f"'{host.split('.')[0]}' read as part of the host name")
    return problems


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
