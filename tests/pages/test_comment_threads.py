"""Threads of any depth: shown nested up to ``COMMENT_THREAD_DEPTH`` levels, deeper replies
flattened under the last level, in the page, its JSON-LD and the API alike."""

import datetime
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from advice_blocks.models import Comment, comment_tree
from tests.factories import make_article

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def add(page, name, parent=None, minute=0):
    return Comment.objects.create(
        page=page,
        parent=parent,
        author_name=name,
        body=f"Words from {name}.",
        status=Comment.Status.APPROVED,
        created_at=START + datetime.timedelta(minutes=minute),
    )


def chain(page, length):
    parent = None
    for n in range(length):
        parent = add(page, f"C{n}", parent=parent, minute=n)
    return page


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def html_levels(root):
    """Each shown comment's author and nesting level (1 for the top of the thread)."""
    return [
        (
            li.xpath("string(.//*[@class='comment__author'][1])"),
            len(li.xpath("ancestor::li[@class='comment']")) + 1,
        )
        for li in root.xpath("//section[@id='comments']//li[@class='comment']")
    ]


def json_ld_levels(root):
    (article,) = [
        obj
        for obj in json.loads(root.xpath("//script[@type='application/ld+json']/text()")[0])
        if obj["@type"] == "Article"
    ]
    return article["commentCount"], walk(article.get("comment", []), "comment", "author")


def walk(nodes, key, name):
    """``(name, level)`` of every node, in document order, without recursion."""
    out, stack = [], [(iter(nodes), 1)]
    while stack:
        node = next(stack[-1][0], None)
        if node is None:
            stack.pop()
            continue
        level = stack[-1][1]
        label = node[name]["name"] if isinstance(node[name], dict) else node[name]
        out.append((label, level))
        stack.append((iter(node.get(key, [])), level + 1))
    return out


def test_a_200_deep_chain_renders_every_comment_with_bounded_nesting(client):
    """The chain that used to end in a RecursionError: five levels, then flattened."""
    page = chain(make_article(), 200)
    expected = [(f"C{n}", min(n + 1, 5)) for n in range(200)]

    root = page_html(client, page)
    assert html_levels(root) == expected
    assert root.xpath("string(//section[@id='comments']/h2)") == "200 comments"
    count, ld = json_ld_levels(root)
    assert count == 200
    assert ld == expected
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=comments").json()["comments"]
    assert walk(api, "replies", "author") == expected


def test_flattened_replies_say_whom_they_answer(client):
    page = chain(make_article(), 7)
    root = page_html(client, page)
    replies = root.xpath("//li[@class='comment']//*[@class='comment__reply-to']")
    assert [r.text_content().split() for r in replies] == [
        ["in", "reply", "to", "C4"],
        ["in", "reply", "to", "C5"],
    ]
    c4 = Comment.objects.get(author_name="C4")
    assert replies[0].xpath(".//a/@href") == [f"#comment-{c4.pk}"]
    # Comments shown at their own level need no such note.
    own_level = f"//li[@id='comment-{c4.pk}']/article//*[@class='comment__reply-to']"
    assert not root.xpath(own_level)
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=comments").json()["comments"]
    level4 = api[0]["replies"][0]["replies"][0]["replies"][0]
    assert [(r["author"], r["parent"]) for r in level4["replies"]] == [
        ("C4", Comment.objects.get(author_name="C3").pk),
        ("C5", c4.pk),
        ("C6", Comment.objects.get(author_name="C5").pk),
    ]


def test_the_depth_is_a_setting_and_deeper_replies_keep_their_order(client, settings):
    """Replies past the last level join it in the order they were written."""
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_THREAD_DEPTH": 2}
    page = make_article()
    ann = add(page, "Ann", minute=0)
    bob = add(page, "Bob", parent=ann, minute=1)
    cy = add(page, "Cy", parent=ann, minute=2)
    add(page, "Dee", parent=bob, minute=3)
    add(page, "Eve", parent=cy, minute=4)
    add(page, "Fay", parent=bob, minute=5)
    add(page, "Gus", minute=6)
    expected = [
        ("Ann", 1),
        ("Bob", 2),
        ("Cy", 2),
        ("Dee", 2),
        ("Eve", 2),
        ("Fay", 2),
        ("Gus", 1),
    ]
    root = page_html(client, page)
    assert html_levels(root) == expected
    assert json_ld_levels(root) == (7, expected)
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=comments").json()["comments"]
    assert walk(api, "replies", "author") == expected


def test_a_depth_of_one_shows_a_flat_thread_in_order(client, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_THREAD_DEPTH": 1}
    page = chain(make_article(), 4)
    add(page, "Root2", minute=1.5)
    root = page_html(client, page)
    assert html_levels(root) == [("C0", 1), ("C1", 1), ("Root2", 1), ("C2", 1), ("C3", 1)]
    assert not root.xpath("//ol[@class='comment-replies']")


def test_a_deep_thread_costs_one_comment_query(client):
    page = chain(make_article(), 60)
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    assert len([q for q in queries if "advice_blocks_comment" in q["sql"]]) == 1


def test_comment_tree_handles_any_depth_and_loops_without_recursion():
    """Built breadth first: 5,000 levels are no harder than five, and replies that never
    reach a top-level comment (a loop of parents) are left out rather than followed."""
    comments = [
        Comment(pk=n, parent_id=n - 1 if n else None, author_name=f"C{n}") for n in range(5000)
    ]
    loop = [Comment(pk=9001, parent_id=9002), Comment(pk=9002, parent_id=9001)]
    thread = comment_tree(comments + loop, max_depth=3)
    assert [c.pk for c in thread] == [0]
    assert [c.pk for c in thread.in_order] == list(range(5000))
    assert [c.thread_depth for c in thread.in_order[:5]] == [1, 2, 3, 3, 3]
    assert len(thread[0].thread_replies[0].thread_replies) == 4998


@pytest.mark.parametrize("value", [0, -1, 101, "5", 2.5, True, None])
def test_the_depth_setting_is_checked(settings, value):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_THREAD_DEPTH": value}
    with pytest.raises(ImproperlyConfigured, match=r"ADVICE_BLOCKS\['COMMENT_THREAD_DEPTH'\]"):
        comment_tree([])
