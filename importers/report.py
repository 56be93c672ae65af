"""Plain-data views of import results, for the dry run's JSON and the text report."""

from __future__ import annotations

from . import model
from .runner import ImportResult


def comment_data(comment: model.Comment) -> dict:
    return {
        "author": comment.author,
        "date": comment.date.isoformat() if comment.date else None,
        "body": comment.body,
        "replies": [comment_data(reply) for reply in comment.replies],
    }


def count_comments(comments) -> int:
    return sum(1 + count_comments(c.replies) for c in comments)


def article_data(result: ImportResult) -> dict:
    article, built = result.article, result.built
    author = article.author
    return {
        "source": result.source,
        "title": built.title,
        "slug": built.slug,
        "canonical_url": article.canonical_url or None,
        "author": (
            {"name": author.name, "bio": author.bio_html, "url": author.url or None}
            if author
            else None
        ),
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
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
    return sum(1 + count_comments_data(c["replies"]) for c in comments)
