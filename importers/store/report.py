"""Plain-data views of import results, for the dry run's JSON and the text report."""

from __future__ import annotations

from importers.pipeline import model
from importers.store.runner import FAILED, ImportResult
from importers.store.save import SKIPPED


def comment_data(comment: model.Comment) -> dict:
    """The comment and its replies as plain data (iteratively: threads can be deep)."""

    def one(node):
        return {
            "author": node.author,
            "url": node.url or None,
            "date": node.date.isoformat() if node.date else None,
            "body": node.body,
            # Only sources that say (a WordPress export); a comment shown on a page was public.
            **({"status": node.status} if node.status else {}),
            "replies": [],
        }

    root = one(comment)
    stack = [(comment, root)]
    while stack:
        node, data = stack.pop()
        for reply in node.replies:
            child = one(reply)
            data["replies"].append(child)
            stack.append((reply, child))
    return root


def _count(nodes, replies) -> int:
    count, stack = 0, list(nodes)
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(replies(node))
    return count


def count_comments(comments) -> int:
    return _count(comments, lambda c: c.replies)


def _shown_src(src: str, source: str) -> str:
    """A local file as a path relative to the article's folder (the same on every
    machine), anything else as it is."""
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(src)
    if parts.scheme != "file":
        return src
    folder = Path(source).resolve().parent
    path = Path(unquote(parts.path))
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return src


def article_data(result: ImportResult) -> dict:
    article, built = result.article, result.built
    author = article.author
    return {
        "source": result.source,
        "title": built.title,
        "slug": built.slug,
        "canonical_url": article.canonical_url or None,
        "language": built.language or None,
        "author": (
            {
                "name": author.name,
                "role": author.role or None,
                "bio": author.bio_html,
                "url": author.url or None,
                "photo": _shown_src(author.photo_url, result.source) or None,
                "links": list(author.links),
            }
            if author
            else None
        ),
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "intro": built.intro,
        "body": built.body,
        "comments": [comment_data(c) for c in article.comments],
        "warnings": list(built.warnings),
    }


def outline(body: list[dict]) -> dict:
    """Counts an editor cares about: reasons, questions, blocks by type."""
    reasons = sum(len(b["value"]["items"]) for b in body if b["type"] == "listicle")
    questions = sum(len(b["value"]["items"]) for b in body if b["type"] == "faq")
    return {"reasons": reasons, "questions": questions, "blocks": [b["type"] for b in body]}


def count_comments_data(comments: list[dict]) -> int:
    return _count(comments, lambda c: c["replies"])


def posts_document(source: dict, posts: list[dict], summary: dict, notes, errors=()) -> dict:
    """The JSON report of a WordPress import (an export file or a live site).

    ``source`` describes where the posts came from; ``posts`` are the per-post reports, split
    here into articles, skipped and failed ones; ``errors`` are the problems that belong to
    no post (a file that stopped being readable, a listing that broke off).
    """
    failed = [
        {"source": p["source"], "post_id": p["post_id"], "error": p["error"]}
        for p in posts
        if p["status"] == FAILED
    ]
    return {
        **source,
        "articles": [p for p in posts if p["status"] not in (FAILED, SKIPPED)],
        "skipped": [p for p in posts if p["status"] == SKIPPED],
        "errors": failed + list(errors),
        "summary": summary,
        "notes": notes,
    }
