"""XSS in a real browser: pages built from hostile articles and comments open no dialog.

The same vectors as ``tests/reliability/test_xss.py`` (which checks the parsed HTML and the
API) are imported for real and commented through the public form, then every page is
loaded in chromium with a listener on ``dialog`` (``alert``, ``confirm``, ``prompt``) and
every request outside the live server refused and recorded: nothing may fire and nothing
may be fetched from elsewhere.
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

#: Give onerror/onload/ontoggle/autofocus handlers time to run after the load event.
SETTLE_MS = 150


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
    # Refusals are in the JSON document; the reliability suite checks their messages.
    with contextlib.suppress(CommandError):
        call_command("import_articles", str(folder), "--publish", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_no_dialog_fires_on_pages_built_from_xss_vectors(
    page, live_server, tmp_path, settings, site_tree
):
    settings.ADVICE_BLOCKS = {"COMMENT_RATE_LIMIT": 100_000}
    import_vectors(tmp_path)
    articles = list(AdviceArticlePage.objects.live().order_by("pk"))
    assert len(articles) > len(VECTORS) // 2

    # Submitted comments on the first article, through the real form, then approved.
    host = articles[0]
    for vector in VECTORS:
        page.request.post(
            f"/advice/api/comments/{host.pk}/",
            data=json.dumps({"name": vector[:100], "body": f"Reader says {vector}"}),
            headers={"Content-Type": "application/json"},
        )
    Comment.objects.filter(source_key="").update(status=Comment.Status.APPROVED)

    dialogs, outside = [], []
    page.on(
        "dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss())
    )
    local_host = urlsplit(live_server.url).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    for article in articles:
        response = page.goto(article.url, wait_until="load")
        assert response.status == 200, article.url
        page.wait_for_timeout(SETTLE_MS)
    assert dialogs == []
    assert outside == []
