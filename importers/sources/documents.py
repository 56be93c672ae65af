"""Where articles come from: files, folders (recursively) and http(s) URLs.

Reading a URL is the dangerous part: an import screen or command that fetches whatever URL
it is given can be pointed at the site's own network. Every hop of a fetch is checked
against private, loopback, link-local and reserved addresses (after DNS resolution), and
each fetch has a timeout, a size cap and a redirect limit. No Django here: the caller
passes the limits in.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from importers.errors import SourceReadError

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
URL_SCHEMES = ("http", "https")
CHUNK_SIZE = 64 * 1024
USER_AGENT = "wagtail-advice-blocks importer"


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 10.0
    max_bytes: int = 25 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True)
class Source:
    """One document to import: a local file path or a URL."""

    location: str
    is_url: bool = False

    @property
    def key(self) -> str:
        """The URL a re-import is matched on when the page names no canonical URL."""
        return self.location if self.is_url else Path(self.location).resolve().as_uri()

    @property
    def base_url(self) -> str:
        return self.location if self.is_url else Path(self.location).resolve().as_uri()

    @property
    def directory(self) -> Path | None:
        return None if self.is_url else Path(self.location).resolve().parent

    def __str__(self) -> str:
        return self.location


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in URL_SCHEMES


def collect_sources(arguments: list[str]) -> tuple[list[Source], list[tuple[str, str]]]:
    """Expand command-line arguments into sources, plus ``(argument, error)`` pairs.

    Folders are searched recursively for HTML files, in a stable (sorted) order so that
    repeated runs import in the same order.
    """
    sources: list[Source] = []
    errors: list[tuple[str, str]] = []
    for argument in arguments:
        if not argument.strip():
            # An empty argument is almost always an unset shell variable; as a path it would
            # mean the current folder, and import whatever HTML (templates…) lies there.
            errors.append((repr(argument), "empty source; give a file, folder or URL"))
            continue
        if "\x00" in argument or argument != argument.strip():
            errors.append((repr(argument), "not a usable file name or URL"))
            continue
        if is_url(argument):
            sources.append(Source(argument, is_url=True))
            continue
        if "://" in argument:
            errors.append((argument, f"unsupported URL scheme; use {' or '.join(URL_SCHEMES)}"))
            continue
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in HTML_SUFFIXES
                and not _skipped_folder(p.relative_to(path))
            )
            if not found:
                errors.append((argument, "folder holds no .html files"))
            sources.extend(Source(str(p)) for p in found)
        elif path.exists():
            sources.append(Source(str(path)))
        else:
            errors.append((argument, "no such file or folder"))
    return sources, errors


#: Folders a search never enters: hidden ones (.git, .venv…) and installed packages, whose
#: HTML files are templates and documentation, not articles.
SKIPPED_FOLDERS = {"node_modules", "site-packages", "__pycache__"}


def _skipped_folder(relative: Path) -> bool:
    return any(part.startswith(".") or part in SKIPPED_FOLDERS for part in relative.parts[:-1])


def read_file(path: str | Path, max_bytes: int) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceReadError(
                str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceReadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise SourceReadError(str(path), "is a folder, not a file") from None
    except PermissionError:
        raise SourceReadError(str(path), "permission denied") from None
    except OSError as error:
        raise SourceReadError(str(path), f"cannot be read ({error.strerror or error})") from None


#: IPv6 ranges whose last 32 bits are an IPv4 address that packets to them end up at:
#: IPv4-mapped, IPv4-translated (SIIT), IPv4-compatible and NAT64's well-known prefix.
_LAST_32_BITS_IPV4 = tuple(
    ipaddress.ip_network(network)
    for network in ("::ffff:0:0/96", "::ffff:0:0:0/96", "::/96", "64:ff9b::/96")
)
#: Refused whatever IPv4 address they carry. IPv4-compatible addresses (RFC 4291) and 6to4
#: (RFC 7526) are deprecated and only reach anything through relays; Teredo and NAT64's
#: local-use prefix (RFC 8215, where the IPv4 part may sit anywhere) are not globally
#: reachable. Python's own ``is_global`` disagrees on 6to4 between 3.11 and 3.13: naming
#: them here gives every supported Python the same answer.
_ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(network)
    for network in ("::/96", "2002::/16", "2001::/32", "64:ff9b:1::/48")
)


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address inside an IPv6 address that carries one (else ``None``).

    A packet to such an address is delivered to the IPv4 host (by the kernel for mapped
    addresses, by a NAT64 gateway or a 6to4/Teredo relay otherwise), so the IPv4 address
    decides where a fetch really goes. For Teredo it is the client's address.
    """
    if address.version != 6 or int(address) <= 1:  # "::" and "::1" are not IPv4-compatible
        return None
    if any(address in network for network in _LAST_32_BITS_IPV4):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_non_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the importer must not connect to ``address``."""
    if not address.is_global or address.is_multicast:
        return True
    if address.version == 6 and any(address in network for network in _ALWAYS_REFUSED):
        return True
    embedded = embedded_ipv4(address)
    return embedded is not None and is_non_public(embedded)


def check_host(url: str, allow_private: bool) -> str | None:
    """Refuse URLs whose host resolves to an address the importer must not reach.

    Returns:
        The checked address to connect to (``None`` when private addresses are allowed and
        nothing was resolved). Connecting to it, rather than resolving the name again,
        keeps a name that answers differently the second time (DNS rebinding) out.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES:
        raise SourceReadError(url, f"unsupported URL scheme {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise SourceReadError(url, "URL has no host")
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, parts.port or None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise SourceReadError(url, f"host {host!r} could not be resolved ({error})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if is_non_public(address):
            embedded = embedded_ipv4(address)
            carries = f" (it carries the IPv4 address {embedded})" if embedded else ""
            raise SourceReadError(
                url,
                f"refused: {host} resolves to the non-public address {address}{carries} "
                "(set ADVICE_BLOCKS['ALLOW_PRIVATE_URLS'] to allow it)",
            )
    if not infos:
        raise SourceReadError(url, f"host {host!r} could not be resolved")
    return infos[0][4][0]


def _ca_bundle() -> str | bool:
    """The CA bundle TLS certificates are checked against (``True``: requests' default).

    ``trust_env`` is off for the sake of proxies, which also drops the bundle variables
    requests would read; an operator behind a TLS-inspecting gateway needs them, and they
    can only narrow or extend whom the fetcher trusts, never where it connects.
    """
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True


def _pinned_session(address: str | None) -> requests.Session:
    """A session whose connections go to ``address`` whatever the URL's host resolves to.

    The Host header and the TLS server name (and certificate check) still use the URL's
    host: only the socket's destination is pinned.
    """
    session = requests.Session()
    session.trust_env = False  # proxies from the environment would bypass the address check
    session.verify = _ca_bundle()
    if address is None:
        return session

    class Pinned:
        def _new_conn(self):
            # urllib3 reads ``host`` (the Host header, the TLS server name and the name the
            # certificate must match) from ``_dns_host`` as well: point it at the checked
            # address only while the socket is opened, or HTTPS checks the certificate
            # against the bare address and every real https:// import fails.
            name = self._dns_host
            self._dns_host = address
            try:
                return super()._new_conn()
            finally:
                self._dns_host = name

    class PinnedHTTPConnection(Pinned, HTTPConnection):
        pass

    class PinnedHTTPSConnection(Pinned, HTTPSConnection):
        pass

    class PinnedHTTPPool(HTTPConnectionPool):
        ConnectionCls = PinnedHTTPConnection

    class PinnedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    class PinnedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": PinnedHTTPPool,
                "https": PinnedHTTPSPool,
            }

    adapter = PinnedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class FetchedResponse:
    """A response read within the limits: its body (capped), final URL, status, headers."""

    body: bytes
    url: str
    status: int
    #: Case-insensitive, as HTTP header names are.
    headers: CaseInsensitiveDict


def fetch(url: str, limits: FetchLimits, *, accept: str = "text/html") -> tuple[bytes, str]:
    """GET ``url`` within ``limits``; return the body and the final URL after redirects.

    An error status (4xx, 5xx) is a :class:`SourceReadError`.
    """
    response = fetch_response(url, limits, accept=accept)
    if response.status >= 400:
        raise SourceReadError(
            url, f"server answered HTTP {response.status}", status=response.status
        )
    return response.body, response.url


def fetch_response(
    url: str,
    limits: FetchLimits,
    *,
    accept: str = "text/html",
    headers: dict | None = None,
) -> FetchedResponse:
    """GET ``url`` within ``limits`` and return the response, error statuses included.

    For clients that read status and headers (an API's paging, ``Retry-After``): every hop
    is checked and pinned as in :func:`fetch`, and the body is capped whatever the status.
    """
    current = url
    session = None
    request_headers = {"User-Agent": USER_AGENT, "Accept": accept, **(headers or {})}
    try:
        for _hop in range(limits.max_redirects + 1):
            if session is not None:
                session.close()
            session = _pinned_session(check_host(current, limits.allow_private))
            response = session.get(
                current,
                timeout=limits.timeout,
                stream=True,
                allow_redirects=False,
                headers=request_headers,
            )
            if response.is_redirect:
                location = response.headers.get("Location", "")
                response.close()
                current = urljoin(current, location)
                continue
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                response.close()
                raise SourceReadError(
                    url,
                    f"response is {int(declared):,} bytes, "
                    f"over the {limits.max_bytes:,}-byte limit",
                )
            body = bytearray()
            for chunk in response.iter_content(CHUNK_SIZE):
                body.extend(chunk)
                if len(body) > limits.max_bytes:
                    response.close()
                    raise SourceReadError(
                        url, f"response is over the {limits.max_bytes:,}-byte limit"
                    )
            return FetchedResponse(
                bytes(body),
                current,
                response.status_code,
                CaseInsensitiveDict(response.headers),
            )
        raise SourceReadError(url, f"more than {limits.max_redirects} redirects")
    except requests.Timeout:
        raise SourceReadError(url, f"timed out after {limits.timeout:g} seconds") from None
    except requests.ConnectionError as error:
        raise SourceReadError(url, f"could not connect ({_short(error)})") from None
    except requests.RequestException as error:
        raise SourceReadError(url, f"request failed ({_short(error)})") from None
    finally:
        if session is not None:
            session.close()


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 200 else text[:197] + "..."
