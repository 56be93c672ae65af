"""XSS in a real browser: pages built from hostile articles and comments run none of them.

The same vectors as ``tests/reliability/test_xss.py`` (which checks the parsed HTML and the
API) are imported for real and commented through the public JSON endpoint, then every page
is loaded in chromium. A sentinel installed before any page script (``add_init_script``, in
every frame) replaces ``alert``, ``confirm``, ``prompt`` and ``print`` (what every vector
calls) with a recorder, and ``dialog`` events are recorded as well, for a frame the
sentinel could not reach. Each page is held until the network is idle, so handlers that
wait for a failed image or a toggle have run. Every request outside the live server is
refused and recorded: nothing may run and nothing may be fetched from elsewhere.
"""

import contextlib
import io
import json
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from advice_blocks.models import AdviceArticlePage, Comment
from tests.reliability.articles import Slots, article_html
from tests.reliability.xss import URL_VECTORS, VECTORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Runs in every frame before its own scripts: any call of these is a vector that ran.
SENTINEL = """
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => {
    window.xssRan(name, String(args[0]), location.href);
  };
}
"""
#: Handlers that fire late (after a failed load, a toggle, a focus, an animation, in a
#: child frame), left raw in a page: the sentinel must see every one of them.
CONTROL = (
    "<!DOCTYPE html><html><body>"
    "<img src=/no-such-image onerror=alert('img')>"
    "<details open ontoggle=alert('details')>x</details>"
    "<input onfocus=alert('focus') autofocus>"
    "<svg><animate onbegin=alert('animate') attributeName=x dur=1s></svg>"
    "<iframe srcdoc=\"<script>alert('frame')</script>\"></iframe>"
    "<script>confirm('script')</script>"
    "</body></html>"
)
CONTROL_MESSAGES = {"img", "details", "focus", "animate", "frame", "script"}


def import_vectors(folder):
    for number, vector in enumerate(VECTORS, start=1):
        url = URL_VECTORS[number % len(URL_VECTORS)]
        slots = Slots(
            intro=vector,
            paragraph=f'{vector}<a href="{url}">link</a> ',
            reason_heading=vector,
            reason_body=vector,
            faq_question=vector,
            faq_answer=vector,
            bio=vector,
            comment=vector,
            comment_author=vector,
            comment_url=url,
            extra_body=f"<p>{vector}</p>",
        )
        (folder / f"vector-{number:03d}.html").write_text(article_html(number, slots))
    out = io.StringIO()
    # Refusals are in the JSON document, which the test checks.
    with contextlib.suppress(CommandError):
        call_command("import_articles", str(folder), "--publish", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def watched(page, live_server):
    """The page with the sentinel installed; returns (scripts that ran, outside requests)."""
    ran, outside = [], []
    page.expose_function("xssRan", lambda *call: ran.append(call))
    page.add_init_script(SENTINEL)
    page.on("dialog", lambda dialog: (ran.append(("dialog", dialog.message)), dialog.dismiss()))
    local_host = urlsplit(live_server.url).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return ran, outside


def test_the_sentinel_sees_handlers_that_fire_late(page, watched):
    """The check is not vacuous: raw vectors that wait for an event are all recorded."""
    ran, _ = watched
    page.route(
        "**/xss-control/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=CONTROL),
    )
    page.goto("/xss-control/", wait_until="networkidle")
    assert {message for _name, message, *_where in ran} == CONTROL_MESSAGES


def test_no_script_runs_on_pages_built_from_xss_vectors(
    page, watched, live_server, tmp_path, settings, site_tree
):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_RATE_LIMIT": 100_000}
    document = import_vectors(tmp_path)
    assert document["errors"] == []
    articles = list(AdviceArticlePage.objects.live().order_by("pk"))
    assert len(articles) == len(VECTORS)

    # Submitted comments on the first article, through the JSON endpoint, then approved.
    # The name starts with text: a name that is all markup is refused as empty, and the
    # vector in its body would then never reach the page.
    host = articles[0]
    imported = Comment.objects.filter(page=host).count()
    statuses = []
    for number, vector in enumerate(VECTORS):
        fields = {"name": f"Reader {number} {vector}"[:100], "body": f"Reader says {vector}"}
        response = page.request.post(
            f"/advice/api/comments/{host.pk}/",
            data=json.dumps(fields),
            headers={"Content-Type": "application/json"},
        )
        statuses.append(response.status)
    assert statuses == [201] * len(VECTORS)
    submitted = Comment.objects.filter(source_key="")
    assert submitted.update(status=Comment.Status.APPROVED) == len(VECTORS)
    approved = Comment.objects.filter(page=host, status=Comment.Status.APPROVED).count()
    assert approved == imported + len(VECTORS)

    ran, outside = watched
    for article in articles:
        response = page.goto(article.url, wait_until="networkidle")
        assert response.status == 200, article.url
        if article == host:
            # Every approved comment is on the page, so every vector in them was tried.
            assert page.locator("li.comment").count() == approved
    assert ran == []
    assert outside == []
