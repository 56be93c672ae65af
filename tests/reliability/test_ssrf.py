"""URL imports refuse private, loopback, link-local and other non-public addresses.

Nothing here sends a packet off this machine: DNS is a fake resolver (names resolve to the
addresses the test chooses; unknown names do not resolve), the only server is a loopback
one, and the suite's network guard fails any connection to another address. Refused
addresses must not even be connected to, which the guard's log shows.
"""

from __future__ import annotations

import io
import ipaddress
import json
import socket
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from importers.errors import SourceReadError
from importers.sources import documents as sources
from importers.sources.documents import FetchLimits, check_host, fetch
from tests.http_server import loopback_server, make_certificate

from .conftest import OutsideNetworkError
from .figures import FIGURES

FAKE_DNS = {
    "public.example": ["93.184.216.34"],
    "public6.example": ["2606:2800:220:1:248:1893:25c8:1946"],
    "internal.example": ["10.1.2.3"],
    "corp.example": ["172.20.0.5"],
    "home.example": ["192.168.0.10"],
    "metadata.example": ["169.254.169.254"],
    "loopback.example": ["127.0.0.1"],
    "localhost": ["127.0.0.1", "::1"],
    "v6-loopback.example": ["::1"],
    "v6-unique-local.example": ["fd00::1"],
    "v6-link-local.example": ["fe80::1"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],
    "carrier-nat.example": ["100.64.1.1"],
}

REFUSED = [
    # loopback, in every spelling getaddrinfo accepts
    "http://127.0.0.1/",
    "http://127.8.9.10:8000/x",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://localhost/",
    "http://loopback.example/",
    "http://LOOPBACK.example./",
    "http://[::1]/",
    "http://v6-loopback.example/",
    "http://[::ffff:127.0.0.1]/",
    # private ranges
    "http://10.0.0.1/",
    "https://10.255.255.254:8443/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://internal.example/admin",
    "http://corp.example/",
    "http://home.example/",
    "http://[fc00::1]/",
    "http://[fd12:3456:789a::1]/",
    "http://v6-unique-local.example/",
    # link-local, cloud metadata
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.example/computeMetadata/v1/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://v6-link-local.example/",
    # unspecified, carrier-grade NAT, multicast, broadcast
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://100.64.0.1/",
    "http://carrier-nat.example/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    # one private address among public ones is enough
    "http://mixed.example/",
]
#: IPv6 addresses that carry an IPv4 one, which is where a packet to them ends up:
#: (id, address, the IPv4 address it carries or None where none can be read off).
EMBEDDED_IPV4 = [
    ("v4-compatible-hex", "::7f00:1", "127.0.0.1"),
    ("v4-compatible-dotted", "::127.0.0.1", "127.0.0.1"),
    ("v4-compatible-metadata", "::169.254.169.254", "169.254.169.254"),
    ("v4-compatible-private", "::a00:1", "10.0.0.1"),
    ("v4-compatible-public", "::93.184.216.34", "93.184.216.34"),  # deprecated form
    ("v4-mapped-hex", "::ffff:7f00:1", "127.0.0.1"),
    ("v4-mapped-private", "::ffff:192.168.0.1", "192.168.0.1"),
    ("v4-translated", "::ffff:0:127.0.0.1", "127.0.0.1"),
    ("nat64-loopback", "64:ff9b::127.0.0.1", "127.0.0.1"),
    ("nat64-hex-loopback", "64:ff9b::7f00:1", "127.0.0.1"),
    ("nat64-metadata", "64:ff9b::a9fe:a9fe", "169.254.169.254"),
    ("nat64-private", "64:ff9b::10.0.0.1", "10.0.0.1"),
    ("nat64-carrier-nat", "64:ff9b::100.64.0.1", "100.64.0.1"),
    ("nat64-reserved", "64:ff9b::240.0.0.1", "240.0.0.1"),
    ("nat64-local-use", "64:ff9b:1::7f00:1", None),
    ("nat64-local-use-public", "64:ff9b:1:5db8:d822::", None),  # not globally reachable
    ("6to4-loopback", "2002:7f00:1::1", "127.0.0.1"),
    ("6to4-metadata", "2002:a9fe:a9fe::1", "169.254.169.254"),
    ("6to4-private", "2002:c0a8:1::1", "192.168.0.1"),
    ("6to4-public", "2002:5db8:d822::1", "93.184.216.34"),  # deprecated (RFC 7526)
    # Teredo keeps the client's IPv4 address inverted in the last 32 bits.
    ("teredo-loopback", "2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),
    ("teredo-private", "2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"),
]
for _name, _address, _carried in EMBEDDED_IPV4:
    FAKE_DNS[f"{_name}.example"] = [_address]

BAD_SCHEMES = [
    "file:///etc/passwd",
    "ftp://public.example/x",
    "gopher://public.example/",
    "http:///x",
]


def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """Resolve IP literals as the C library does and names from ``FAKE_DNS``; no network."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    name = name.strip("[]")
    try:
        addresses = [str(ipaddress.ip_address(name.split("%", 1)[0]))]
    except ValueError:
        try:  # inet_aton takes 127.1, 2130706433, 0x7f000001 and 0177.0.0.1 as getaddrinfo does
            addresses = [socket.inet_ntoa(socket.inet_aton(name))]
        except OSError:
            addresses = FAKE_DNS.get(name.lower().rstrip("."))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    port = int(port or 0)
    return [
        (
            socket.AF_INET6 if ":" in address else socket.AF_INET,
            socket.SOCK_STREAM,
            socket.IPPROTO_TCP,
            "",
            (address, port, 0, 0) if ":" in address else (address, port),
        )
        for address in addresses
    ]


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


LIMITS = FetchLimits(timeout=5, max_bytes=1_000_000, max_redirects=3, allow_private=False)


@pytest.mark.parametrize("url", REFUSED)
def test_non_public_addresses_are_refused_and_never_connected_to(url, loopback_only):
    with pytest.raises(SourceReadError) as refused:
        check_host(url, allow_private=False)
    assert "refused:" in str(refused.value)
    assert "ALLOW_PRIVATE_URLS" in str(refused.value)
    with pytest.raises(SourceReadError, match="refused:"):
        fetch(url, LIMITS)
    assert loopback_only == []  # not one connection attempt
    FIGURES["ssrf addresses refused"] += 1


def embedded_cases():
    for name, address, carried in EMBEDDED_IPV4:
        yield pytest.param(f"http://[{address}]:8080/x", carried, id=f"{name}-literal")
        yield pytest.param(f"http://{name}.example/x", carried, id=f"{name}-resolved")


@pytest.mark.parametrize("url,carried", list(embedded_cases()))
def test_ipv6_addresses_carrying_a_non_public_ipv4_address_are_refused(
    url, carried, loopback_only
):
    """The IPv4 address inside an IPv6 one is checked too, as a literal host or a DNS answer."""
    with pytest.raises(SourceReadError) as refused:
        check_host(url, allow_private=False)
    assert "refused:" in str(refused.value)
    if carried:
        assert f"(it carries the IPv4 address {carried})" in str(refused.value)
    with pytest.raises(SourceReadError, match="refused:"):
        fetch(url, LIMITS)
    assert loopback_only == []
    FIGURES["ssrf addresses refused"] += 1


FAKE_DNS["dns64.example"] = ["64:ff9b::5db8:d822"]


@pytest.mark.parametrize("url", ["http://[64:ff9b::93.184.216.34]/", "http://dns64.example/"])
def test_nat64_addresses_of_public_sites_pass_the_check(url):
    """On an IPv6-only network with DNS64, every IPv4-only site resolves into 64:ff9b::/96."""
    assert check_host(url, allow_private=False) == "64:ff9b::5db8:d822"


@pytest.mark.parametrize("url", BAD_SCHEMES)
def test_other_schemes_and_hostless_urls_are_refused(url, loopback_only):
    with pytest.raises(SourceReadError):
        fetch(url, LIMITS)
    assert loopback_only == []


@pytest.mark.parametrize(
    "url", ["https://public.example/a", "http://93.184.216.34/", "https://public6.example/"]
)
def test_public_addresses_pass_the_check(url):
    check_host(url, allow_private=False)


def test_unresolvable_names_are_reported_not_raised(loopback_only):
    with pytest.raises(SourceReadError, match="could not be resolved"):
        fetch("http://no-such-host.example/", LIMITS)
    assert loopback_only == []


def test_the_setting_allows_private_addresses():
    for url in REFUSED:
        check_host(url, allow_private=True)


# --- Redirects, through a real server on loopback ----------------------------------------

ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Stairs</title></head><body><article>"
    b"<h1>Three reasons to take the stairs</h1>"
    b"<p>Lifts are convenient, but the stairs quietly do more for you than you think.</p>"
    b"<h2>1. It is free exercise</h2><p>Two flights a day add up over a year.</p>"
    b'<figure><img src="http://169.254.169.254/latest/photo.png" alt="x"></figure>'
    b"<h2>2. It is often faster</h2><p>At rush hour the lift stops at every floor.</p>"
    b"<h2>3. It wakes you up</h2><p>A short climb beats a second coffee.</p>"
    b"</article></body></html>"
)


@pytest.fixture
def loopback():
    with loopback_server() as httpd:
        port = httpd.port
        httpd.routes.update(
            {
                "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE),
                "/secret": (200, {"Content-Type": "text/html"}, b"<h1>internal only</h1>"),
                "/to-metadata": (
                    302,
                    {"Location": "http://169.254.169.254/latest/meta-data/"},
                    b"",
                ),
                "/to-internal-name": (301, {"Location": "http://internal.example/admin"}, b""),
                "/to-loopback-decimal": (
                    307,
                    {"Location": f"http://2130706433:{port}/secret"},
                    b"",
                ),
                "/to-loopback-v6": (308, {"Location": f"http://[::1]:{port}/secret"}, b""),
                "/to-localhost": (302, {"Location": f"http://localhost:{port}/secret"}, b""),
                "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
                "/hop": (302, {"Location": "/hop2"}, b""),
                "/hop2": (302, {"Location": "http://192.168.0.1/router"}, b""),
            }
        )
        yield httpd


@pytest.fixture
def server(loopback):
    return loopback.base


@pytest.fixture
def public_origin(server, monkeypatch):
    """Treat the loopback server as a public site: only its own URLs skip the real check.

    That lets the first hop through (as a public page would be) while every redirect
    target goes through ``check_host`` exactly as in production.
    """
    real_check = sources.check_host

    def check(url, allow_private):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == server:
            return None
        return real_check(url, allow_private)

    monkeypatch.setattr(sources, "check_host", check)
    return server


@pytest.mark.parametrize(
    "path",
    [
        "/to-metadata",
        "/to-internal-name",
        "/to-loopback-decimal",
        "/to-loopback-v6",
        "/to-localhost",
        "/hop",
    ],
)
def test_redirects_to_non_public_addresses_are_refused(
    public_origin, loopback, path, loopback_only
):
    with pytest.raises(SourceReadError, match="refused:"):
        fetch(public_origin + path, LIMITS)
    port = int(public_origin.rsplit(":", 1)[1])
    assert {address[:2] for address in loopback_only} == {("127.0.0.1", port)}
    assert "/secret" not in loopback.hits
    FIGURES["ssrf redirects refused"] += 1


def test_redirect_to_another_scheme_is_refused(public_origin):
    with pytest.raises(SourceReadError, match="unsupported URL scheme"):
        fetch(public_origin + "/to-file", LIMITS)


@pytest.mark.django_db
def test_the_command_refuses_private_urls_and_images(public_origin, settings, loopback_only):
    """End to end: a page from a "public" site whose image points at the metadata service."""
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": False,
        "FETCH_TIMEOUT": 5,
    }
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            public_origin + "/article",
            "http://internal.example/article",
            public_origin + "/to-metadata",
            "--download-images",
            "--dry-run",
            "--format",
            "json",
            stdout=out,
            stderr=io.StringIO(),
        )
    document = json.loads(out.getvalue())
    errors = {error["source"]: error["error"] for error in document["errors"]}
    assert errors["http://internal.example/article"].startswith("refused:")
    assert errors[public_origin + "/to-metadata"].startswith("refused:")
    (article,) = document["articles"]
    assert not any(block["type"] == "image" for block in article["body"])


@pytest.mark.django_db
def test_the_command_refuses_loopback_without_the_setting(server, loopback, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "ALLOW_PRIVATE_URLS": False}
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles", server + "/article", "--dry-run", "--format", "json", stdout=out
        )
    (error,) = json.loads(out.getvalue())["errors"]
    assert "refused: 127.0.0.1 resolves to the non-public address 127.0.0.1" in error["error"]
    assert loopback.hits == []


def test_a_name_that_resolves_differently_the_second_time_is_still_refused(
    server, loopback, monkeypatch, loopback_only
):
    """The fetch connects to the address it checked, never to a second answer.

    The name first answers with a public address (the check passes) and then with
    loopback. A fetch that resolved again would reach the loopback server; ours connects
    to the checked public address, which the suite's network guard stops before any
    packet leaves.
    """
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    FAKE_DNS["rebinding.example"] = []

    def rebinding(host, port, *args, **kwargs):
        if str(host).strip("[]") == "rebinding.example":
            FAKE_DNS["rebinding.example"] = [next(answers)]
        return fake_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = server.rsplit(":", 1)[1]
    try:
        with pytest.raises(OutsideNetworkError, match="93.184.216.34"):
            fetch(f"http://rebinding.example:{port}/secret", LIMITS)
    finally:
        del FAKE_DNS["rebinding.example"]
    assert "/secret" not in loopback.hits
    assert [address[0] for address in loopback_only] == ["93.184.216.34"]


# --- The production path, end to end: a public name, no check bypassed ---------------------

PUBLIC_NAME = "articles.example.com"
PUBLIC_ADDRESS = "93.184.216.34"
FAKE_DNS[PUBLIC_NAME] = [PUBLIC_ADDRESS]
SITE_ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Stairs</title>"
    b'<link rel="canonical" href="/articles/stairs/"></head><body><article>'
    b"<h1>Three reasons to take the stairs</h1>"
    b"<p>Lifts are convenient, but the stairs quietly do more for you than you think.</p>"
    b"<h2>1. It is free exercise</h2><p>Two flights a day add up over a year.</p>"
    b'<figure><img src="/img/stairs.png" alt="A stairwell"></figure>'
    b"<h2>2. It is often faster</h2><p>At rush hour the lift stops at every floor.</p>"
    b"<h2>3. It wakes you up</h2><p>A short climb beats a second coffee.</p>"
    b"</article></body></html>"
)


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "orange").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def resolved_to_loopback(monkeypatch):
    """``articles.example.com`` is a public site whose address leads to the loopback server.

    The resolver is the one patched step. Asked for the name (by ``check_host``) it answers
    a public address, so the real check passes with private addresses refused; asked for
    that address (by urllib3, opening the socket the fetcher pinned to it) it answers
    loopback. Everything between is production code: the check, the pinned session,
    urllib3's connection with its Host header, TLS server name and certificate check, and
    the socket's connect (under the suite's guard). Returns every host asked for.
    """
    asked = []

    def resolve(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        asked.append(name)
        if name == PUBLIC_ADDRESS:
            return fake_getaddrinfo("127.0.0.1", port, *args, **kwargs)
        return fake_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return asked


def site_routes(httpd):
    httpd.routes.update(
        {
            "/articles/stairs/": (200, {"Content-Type": "text/html"}, SITE_ARTICLE),
            "/img/stairs.png": (200, {"Content-Type": "image/png"}, png_bytes()),
            "/moved": (301, {"Location": "/articles/stairs/"}, b""),
        }
    )
    return httpd


@pytest.fixture
def http_site():
    with loopback_server() as httpd:
        yield site_routes(httpd)


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path / "tls", PUBLIC_NAME)


@pytest.fixture
def https_site(certificate, monkeypatch):
    """The site over HTTPS, its certificate signed by a CA the fetcher is told to trust."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate.ca))
    with loopback_server(certificate) as httpd:
        yield site_routes(httpd)


def test_a_public_site_is_fetched_by_its_name_from_the_checked_address(
    http_site, resolved_to_loopback, loopback_only
):
    port = http_site.port
    body, final = fetch(f"http://{PUBLIC_NAME}:{port}/moved", LIMITS)
    assert body == SITE_ARTICLE
    assert final == f"http://{PUBLIC_NAME}:{port}/articles/stairs/"
    assert http_site.hits == ["/moved", "/articles/stairs/"]
    assert http_site.hosts == [f"{PUBLIC_NAME}:{port}"] * 2
    # Each hop: the check resolves the name, the connection the checked address (only).
    assert resolved_to_loopback == [PUBLIC_NAME, PUBLIC_ADDRESS] * 2
    assert [address[:2] for address in loopback_only] == [("127.0.0.1", port)] * 2


def test_a_public_site_is_fetched_over_https_with_its_name_as_server_name(
    https_site, resolved_to_loopback, loopback_only
):
    """The TLS server name and the certificate check use the URL's host, not the address."""
    port = https_site.port
    body, final = fetch(f"https://{PUBLIC_NAME}:{port}/moved", LIMITS)
    assert body == SITE_ARTICLE
    assert final == f"https://{PUBLIC_NAME}:{port}/articles/stairs/"
    assert https_site.hosts == [f"{PUBLIC_NAME}:{port}"] * 2
    assert https_site.server_names == [PUBLIC_NAME] * 2
    assert resolved_to_loopback == [PUBLIC_NAME, PUBLIC_ADDRESS] * 2


def test_a_certificate_the_fetcher_does_not_trust_is_refused(
    https_site, resolved_to_loopback, monkeypatch
):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    with pytest.raises(SourceReadError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(f"https://{PUBLIC_NAME}:{https_site.port}/articles/stairs/", LIMITS)
    assert https_site.hits == []


@pytest.mark.django_db
def test_the_command_imports_a_public_https_site_with_its_images(
    https_site, resolved_to_loopback, settings
):
    """End to end: ``import_articles`` over HTTPS, private addresses refused, image fetched."""
    from wagtail.images import get_image_model

    from advice_blocks.models import AdviceArticlePage

    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": False,
        "FETCH_TIMEOUT": 5,
    }
    port = https_site.port
    call_command(
        "import_articles",
        f"https://{PUBLIC_NAME}:{port}/moved",
        "--download-images",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    page = AdviceArticlePage.objects.get()
    assert page.source_url == f"https://{PUBLIC_NAME}:{port}/articles/stairs/"
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (30, 20)
    assert https_site.hits == ["/moved", "/articles/stairs/", "/img/stairs.png"]
    assert https_site.server_names == [PUBLIC_NAME] * 3
    assert https_site.hosts == [f"{PUBLIC_NAME}:{port}"] * 3
