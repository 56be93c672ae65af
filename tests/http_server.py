"""A throwaway HTTP(S) server on loopback for the URL-source tests.

Each route maps a path to ``(status, headers, body)``; every requested path is recorded in
``hits`` so a test can show a refused address was never contacted, and every ``Host``
header in ``hosts`` (and, over TLS, every server name the client sent in ``server_names``)
so a test can show which name the client asked for.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.hits.append(self.path)
        self.server.hosts.append(self.headers.get("Host"))
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LoopbackServer(ThreadingHTTPServer):
    def __init__(self, certificate: Certificate | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.hits: list[str] = []
        self.hosts: list[str | None] = []
        self.server_names: list[str | None] = []
        self.scheme = "http"
        if certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate.cert, certificate.key)
            context.sni_callback = self._record_server_name
            # The handshake happens in the handler's thread, so one slow or failed client
            # cannot hold up the next.
            self.socket = context.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )
            self.scheme = "https"

    def _record_server_name(self, ssl_socket, server_name, context):
        self.server_names.append(server_name)

    def finish_request(self, request, client_address):
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # a client that refused our certificate: nothing to answer
        super().finish_request(request, client_address)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"


@contextmanager
def loopback_server(certificate: Certificate | None = None):
    """Start a :class:`LoopbackServer` in a thread; fill its ``routes`` before requesting.

    With a ``certificate`` it speaks HTTPS only.
    """
    httpd = LoopbackServer(certificate)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class Certificate:
    """A test certificate authority and a server certificate it signed, as PEM files."""

    ca: Path
    cert: Path
    key: Path


def make_certificate(directory: Path, hostname: str) -> Certificate:
    """A throwaway CA and a certificate for ``hostname`` signed by it (``openssl`` CLI).

    A CA plus a leaf, rather than one self-signed certificate, is what a real site serves,
    and it passes the strict X.509 checks newer Pythons turn on.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("the openssl command is needed to make a test certificate", pytrace=False)
    directory.mkdir(parents=True, exist_ok=True)
    ca, ca_key = directory / "ca.pem", directory / "ca.key"
    cert, key, request = directory / "server.pem", directory / "server.key", directory / "csr"
    extensions = directory / "server.ext"
    extensions.write_text(
        f"subjectAltName=DNS:{hostname}\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid\n"
    )
    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    commands = [
        [openssl, "req", "-x509", *new_key, "-keyout", ca_key, "-out", ca, "-days", "2"]
        + ["-subj", "/CN=Advice blocks test CA"]
        + ["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        [openssl, "req", *new_key, "-keyout", key, "-out", request, "-subj", f"/CN={hostname}"],
        [openssl, "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-out", cert]
        + ["-days", "2", "-set_serial", "1001", "-extfile", extensions],
    ]
    for command in commands:
        result = subprocess.run(list(map(str, command)), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    return Certificate(ca=ca, cert=cert, key=key)
