"""XSS: known vectors planted in imported articles and submitted comments stay inert.

Each vector goes into every part of a team-made article (title, intro, paragraphs, reason
headings and bodies, FAQ questions and answers, the author's name and bio, imported
comments, and URL vectors into links, canonical and commenter URLs), which is imported for
real with ``import_articles --publish``. The rendered page and the API response are parsed
and searched for anything executable (see :mod:`tests.reliability.xss`). Submitted comments
go through the HTML form and the JSON endpoint, are approved, then rendered the same way.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import URLValidator
from django.urls import reverse

from advice_blocks.models import AdviceArticlePage, Comment

from .articles import SITE, Slots, article_html
from .figures import FIGURES
from .xss import URL_VECTORS, VECTORS, api_problems, page_problems

pytestmark = pytest.mark.django_db


def slots_for(vector: str, url_vector: str) -> Slots:
    return Slots(
        head=vector,
        title=vector,
        intro=vector,
        paragraph=f'{vector}<a href="{url_vector}">a link</a> ',
        reason_heading=vector,
        reason_body=vector,
        faq_question=vector,
        faq_answer=vector,
        bio=f'{vector} <a href="{url_vector}">site</a>',
        author_name=vector,
        comment=vector,
        comment_author=vector,
        comment_url=url_vector,
        extra_body=f"<p>{vector}</p><figure><img src=\"{url_vector}\" alt='{vector}'></figure>",
        tail=[vector],
    )


def numbered(url_vector: str, number: int) -> str:
    """The same URL payload, unique to article ``number``.

    Articles whose canonical links the importer reads as one URL are one page: each import
    would update the last, and only one article's vectors would ever be rendered. The
    number goes in the path of web URLs (a quote in the payload cuts off whatever follows
    it) and after the payload of the others.
    """
    if url_vector.startswith("https://ok.example/"):
        return url_vector.replace("https://ok.example/", f"https://ok.example/{number}/", 1)
    return f"{url_vector}//{number}"


def import_articles(folder) -> dict:
    out = io.StringIO()
    with contextlib.suppress(CommandError):  # failures are in the JSON document
        call_command("import_articles", str(folder), "--publish", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def is_web_url(url: str) -> bool:
    """Whether the comment form's URL field (Django's URL validator) takes ``url``."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def check_page(client, page, label) -> list[str]:
    response = client.get(page.url)
    assert response.status_code == 200, label
    action = reverse("advice_blocks:comment_submit", args=[page.pk])
    problems = page_problems(response.content, f"{label} page", action)
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=*")
    assert api.status_code == 200, label
    return problems + api_problems(api.json(), f"{label} API")


def test_vectors_in_imported_articles_are_inert_on_the_page_and_in_the_api(client, tmp_path):
    for number, vector in enumerate(VECTORS, start=1):
        url_vector = URL_VECTORS[number % len(URL_VECTORS)]
        html = article_html(number, slots_for(vector, url_vector))
        # The canonical link carries a URL vector too (it becomes the page's source URL).
        canonical = numbered(url_vector, number)
        html = html.replace(f'href="{SITE}/article-{number:04d}/"', f'href="{canonical}"', 1)
        (tmp_path / f"vector-{number:03d}.html").write_text(html)

    document = import_articles(tmp_path)

    # Every article was imported, or refused with the importer's own message.
    for error in document["errors"]:
        assert not error["error"].startswith("unexpected error"), error
    problems = []
    pages = AdviceArticlePage.objects.live().order_by("pk")
    for page in pages:
        problems += check_page(client, page, page.source_url)
    FIGURES["xss vectors tried (markup)"] = len(VECTORS)
    FIGURES["xss vectors tried (URL)"] = len(URL_VECTORS)
    FIGURES["xss vector articles imported and checked"] = len(pages)
    FIGURES["xss vector articles refused by the importer"] = len(document["errors"])
    # One page per vector, each created once: none overwrote another's vectors.
    assert document["errors"] == []
    assert [article["status"] for article in document["articles"]] == ["created"] * len(VECTORS)
    assert len(pages) == len(VECTORS)
    assert len({page.source_url for page in pages}) == len(VECTORS)
    assert not problems, "\n".join(problems[:40])


def test_vectors_in_submitted_comments_are_inert_once_approved(client, settings, tmp_path):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_RATE_LIMIT": 100_000}
    (tmp_path / "host.html").write_text(article_html(1))
    import_articles(tmp_path)
    page = AdviceArticlePage.objects.get()
    form_url = reverse("advice_blocks:comment_submit", args=[page.pk])
    api_url = reverse("advice_blocks:comment_api_submit", args=[page.pk])
    outcomes = {"stored": 0, "refused": 0}

    def submit(fields, number, stored):
        form = client.post(form_url, {**fields, "website_confirm": ""})
        api = client.post(api_url, json.dumps(fields), content_type="application/json")
        expected = (302, 201) if stored else (400, 400)
        assert (form.status_code, api.status_code) == expected, (number, fields)
        outcomes["stored" if stored else "refused"] += 2
        if not stored:
            # A refused comment's form is shown again, with what was sent: inert there too.
            assert not page_problems(form.content, f"re-shown form {number}", form_url)

    for number, vector in enumerate(VECTORS + URL_VECTORS):
        # The name starts with text: a name that is all markup is refused as empty, and
        # the vector in the body would never be stored.
        name = f"Reader {number} {vector}"[:100]
        fields = {"name": name, "body": f"Comment {number}: {vector}"}
        url = URL_VECTORS[number % len(URL_VECTORS)]
        submit({**fields, "url": url}, number, stored=is_web_url(url))
        submit(fields, number, stored=True)  # without the URL, which is mostly refused

    submitted = Comment.objects.filter(source_key="")
    assert submitted.count() == outcomes["stored"]
    # Every vector's comment was stored, from the form and from the JSON endpoint.
    numbers = Counter(
        int(body.split(":", 1)[0].split()[1]) for body in submitted.values_list("body", flat=True)
    )
    assert all(numbers[n] >= 2 for n in range(len(VECTORS) + len(URL_VECTORS))), numbers
    assert not submitted.exclude(status=Comment.Status.PENDING).exists()
    assert all(
        not url or url.startswith(("http://", "https://"))
        for url in submitted.values_list("author_url", flat=True)
    )
    submitted.update(status=Comment.Status.APPROVED)

    problems = check_page(client, page, "submitted comments")
    FIGURES["xss comment submissions tried (form and JSON)"] = sum(outcomes.values())
    FIGURES["xss comment submissions stored, approved and rendered"] = outcomes["stored"]
    assert not problems, "\n".join(problems[:40])


#: Vectors that are text, not markup, when a browser reads them raw (entities, CDATA in
#: HTML, JSON escapes, tricks aimed at filters that delete inner tags, a script inside an
#: attribute value): the checks rightly find nothing in them.
INERT_WHEN_RAW = {
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<![CDATA[<script>alert(1)</script>]]>",
}


@pytest.mark.parametrize("vector", [v for v in VECTORS if v not in INERT_WHEN_RAW])
def test_the_checks_find_each_vector_when_it_is_left_raw(vector):
    """The checks are not vacuous: every vector, pasted raw into a page, is reported."""
    page = (
        '<!DOCTYPE html><html><head><script type="application/ld+json">[]</script></head>'
        f"<body><main><p>{vector}</p></main></body></html>"
    ).encode()
    api = {"intro": f"<p>{vector}</p>"}
    assert page_problems(page, "raw", "/advice/comments/1/")
    if not vector.lower().startswith(("</title>", "</textarea>", "</style>", "<body", "<base")):
        assert api_problems(api, "raw")
