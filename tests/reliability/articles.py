"""Team-made HTML articles for the reliability tests: many of them, or one carrying payloads.

Every article has what the importer turns into blocks: a byline, an intro, a numbered
listicle, an FAQ (``<details>``), an author box with a bio and a threaded comment list in
WordPress's markup. ``slots`` put arbitrary markup into each of those places, which is how
the XSS suite plants its vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Where the generated articles claim to live; ``.example`` never resolves (RFC 2606).
SITE = "https://advice.example"


@dataclass
class Slots:
    """Markup placed verbatim into each part of a generated article."""

    head: str = ""
    title: str = ""
    intro: str = ""
    reason_heading: str = ""
    reason_body: str = ""
    paragraph: str = ""
    faq_question: str = ""
    faq_answer: str = ""
    bio: str = ""
    author_name: str = ""
    comment: str = ""
    comment_author: str = ""
    comment_url: str = ""
    extra_body: str = ""
    tail: list[str] = field(default_factory=list)


def article_html(number: int, slots: Slots | None = None, *, canonical: bool = True) -> str:
    """One complete article page; ``number`` makes its title, slug and canonical URL unique."""
    s = slots or Slots()
    slug = f"article-{number:04d}"
    canonical_link = f'<link rel="canonical" href="{SITE}/{slug}/">' if canonical else ""
    author = f"Mira Holt{s.author_name}"
    comment_url = s.comment_url or f"{SITE}/readers/ann/"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Five habits worth keeping, part {number}{s.title} | Advice Example</title>
{canonical_link}
<meta name="author" content="Mira Holt">
{s.head}
</head><body>
<header class="site-header"><a href="/">Advice Example</a></header>
<main><article class="post">
<h1>Five habits worth keeping, part {number}{s.title}</h1>
<p class="byline">By <span class="author vcard"><span class="fn">{author}</span></span>
 &middot; <time datetime="2024-03-{1 + number % 27:02d}">March 2024</time></p>
<p>Some opening words about why these habits matter to you, and to everyone else who
reads this far, part {number}.{s.intro}</p>
<p>{s.paragraph}Habits work because they remove decisions from the busiest part of the day.</p>
<h2>1. Start early{s.reason_heading}</h2>
<p>Early starts leave room for mistakes and a calm second try at whatever went wrong.
{s.reason_body}</p>
<h2>2. Keep notes</h2>
<p>Notes turn a vague memory into something you can act on later in the week.</p>
<h2>3. Ask for help</h2>
<p>Someone else has solved this before; their hour saves your week of guessing.</p>
<h2>4. Rest on purpose</h2>
<p>A planned break beats an accidental collapse at the end of a long month.</p>
<h2>5. Review on Sundays</h2>
<p>Ten minutes looking back makes the next week's plan much more honest.</p>
{s.extra_body}
<h2>Frequently asked questions</h2>
<details><summary>How long does a habit take to stick?{s.faq_question}</summary>
<p>Usually a few weeks of steady repetition, longer for harder habits.{s.faq_answer}</p>
</details>
<details><summary>What if I miss a day?</summary>
<p>Carry on the next day; one gap changes nothing in the long run.</p></details>
<div class="author-box author-bio">
<h3 class="author-name">About {author}</h3>
<p class="author-description">Mira writes about routines and small changes.{s.bio}</p>
</div>
</article>
<section id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on this</h2>
<ol class="comment-list">
<li id="comment-{number}01" class="comment depth-1 parent">
<article id="div-comment-{number}01" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard">
<b class="fn"><a href="{comment_url}" class="url" rel="ugc">Ann Reader{s.comment_author}</a></b>
</div><div class="comment-metadata"><a href="{SITE}/{slug}/#comment-{number}01">
<time datetime="2024-04-02T10:00:00+00:00">2 April 2024</time></a></div></footer>
<div class="comment-content"><p>This helped a lot, thank you.{s.comment}</p></div>
</article>
<ol class="children">
<li id="comment-{number}02" class="comment depth-2">
<article id="div-comment-{number}02" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Mira Holt</b>
</div><div class="comment-metadata"><a href="{SITE}/{slug}/#comment-{number}02">
<time datetime="2024-04-03T10:00:00+00:00">3 April 2024</time></a></div></footer>
<div class="comment-content"><p>Glad to hear it, Ann.</p></div>
</article></li></ol></li></ol>
</section>
</main>
{"".join(s.tail)}
</body></html>
"""


def write_articles(
    directory: Path, count: int, *, start: int = 1, canonical: bool = True
) -> list[Path]:
    """Write ``count`` distinct articles as ``directory/article-NNNN.html``.

    Without ``canonical`` links, articles are told apart by their file (as the importer
    does), so two folders of them are different articles with the same titles.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = directory / f"article-{number:04d}.html"
        path.write_text(article_html(number, canonical=canonical), encoding="utf-8")
        paths.append(path)
    return paths
