"""URL sources on the import screen, against a throwaway HTTP server on loopback."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from advice_blocks.models import AdviceArticlePage
from importers.jobs import ImportJob

from .conftest import article_html, job_url

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    routes = {}
    hits = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        status, body = self.routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.ADVICE_BLOCKS = {"ALLOW_PRIVATE_URLS": True, "FETCH_TIMEOUT": 5}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.routes = {
        "/stairs/": (200, article_html("Three reasons to take the stairs")),
        "/lifts/": (200, article_html("Three reasons to take the lift")),
    }
    Handler.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_pasted_urls_are_previewed_then_imported(server, admin_client, upload, confirm):
    urls = f"{server}/stairs/\n\n  {server}/lifts/  \n{server}/stairs/\n{server}/gone/"
    response, job = upload(urls=urls, publish="publish")
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY
    assert list(job.sources.values_list("name", flat=True)) == [
        f"{server}/stairs/",
        f"{server}/lifts/",
        f"{server}/gone/",
    ]
    assert (job.processed, job.failed) == (3, 1)
    assert AdviceArticlePage.objects.count() == 0
    html = admin_client.get(job_url(job)).content.decode()
    assert "Three reasons to take the stairs" in html
    assert "server answered HTTP 404" in html

    confirm(job)
    assert job.status == ImportJob.Status.DONE
    pages = AdviceArticlePage.objects.order_by("title")
    assert [p.title for p in pages] == [
        "Three reasons to take the lift",
        "Three reasons to take the stairs",
    ]
    assert all(p.live for p in pages)
    assert {p.source_url for p in pages} == {f"{server}/stairs/", f"{server}/lifts/"}


def test_private_addresses_are_refused_unless_the_setting_allows_them(
    server, settings, admin_client, upload
):
    settings.ADVICE_BLOCKS = {"ALLOW_PRIVATE_URLS": False}
    _, job = upload(urls=f"{server}/stairs/")
    (source,) = job.sources.all()
    assert source.status == "failed"
    assert "non-public address 127.0.0.1" in source.error
    assert Handler.hits == []
