"""URL sources on the import screen, against a throwaway HTTP server on loopback."""

import pytest

from advice_blocks.models import AdviceArticlePage
from importers.store.jobs import ImportJob
from tests.http_server import loopback_server

from .conftest import article_html, job_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def loopback(settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": True,
        "FETCH_TIMEOUT": 5,
    }
    html = {"Content-Type": "text/html; charset=utf-8"}
    with loopback_server() as httpd:
        httpd.routes.update(
            {
                "/stairs/": (200, html, article_html("Three reasons to take the stairs")),
                "/lifts/": (200, html, article_html("Three reasons to take the lift")),
            }
        )
        yield httpd


@pytest.fixture
def server(loopback):
    return loopback.base


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
    server, loopback, settings, admin_client, upload
):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "ALLOW_PRIVATE_URLS": False}
    _, job = upload(urls=f"{server}/stairs/")
    (source,) = job.sources.all()
    assert source.status == "failed"
    assert "non-public address 127.0.0.1" in source.error
    assert loopback.hits == []
