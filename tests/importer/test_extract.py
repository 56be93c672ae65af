"""Extraction rules on small synthetic pages: numbering forms, listicle shapes, FAQs,
author boxes, comments, images, intro and conclusion."""

from __future__ import annotations

import json

import pytest

from importers.pipeline import extract_article
from importers.pipeline.extract.listicle import split_number, title_count
from importers.pipeline.model import Figure, Heading, Paragraph

from .conftest import PROSE, faqs, item_headings, listicles, page, questions


def extract(html: str, **kwargs):
    return extract_article(html.encode("utf-8"), "test.html", **kwargs)


@pytest.mark.parametrize(
    "text, number, rest",
    [
        ("1. Men like challenges", 1, "Men like challenges"),
        ("1) Men like challenges", 1, "Men like challenges"),
        ("12: Sleep more", 12, "Sleep more"),
        ("#1 Sleep more", 1, "Sleep more"),
        ("#3 – Sleep more", 3, "Sleep more"),
        ("No. 1 Sleep more", 1, "Sleep more"),
        ("No. 4: Sleep more", 4, "Sleep more"),
        ("Reason 1: Sleep more", 1, "Sleep more"),
        ("Tip #3 – Sleep more", 3, "Sleep more"),
        ("Step 2 - Sleep more", 2, "Sleep more"),
        ("ᐊ 7 ᐅ Mondly – A fine app", 7, "Mondly – A fine app"),
        ("(2) Sleep more", 2, "Sleep more"),
        ("10 – Sleep more", 10, "Sleep more"),
    ],
)
def test_number_prefix_forms(text, number, rest):
    parsed = split_number(text)
    assert parsed is not None and parsed[:2] == (number, rest)


@pytest.mark.parametrize(
    "text",
    [
        "10 Reasons Why Walking Away Will Work",
        "2025 in review",
        "2.1 A table of contents entry",
        "Why 3 is a magic number",
        "1.5 million people",
        "Top tips",
    ],
)
def test_not_item_numbers(text):
    assert split_number(text) is None


@pytest.mark.parametrize(
    "title, count",
    [
        ("13 Ways To Compliment Women", 13),
        ("Top Nine Financial Tips", 9),
        ("Top 10: Best Language Learning App", 10),
        ("Why It Works (10 Logical Reasons)", 10),
        ("Fitness Trends 2025: 9 Things to Watch", 9),
        ("I Tested 10 Top Rated Desks", 10),
        ("Plumbing Pricing Guide 2025", None),
        ("How to Grow a Lemon Tree", None),
        ("Save 20% on 2 items", None),
    ],
)
def test_title_count(title, count):
    assert title_count([title]) == count


def numbered_page(headings: list[str], *, title="Some Advice", level=3, extra="") -> str:
    body = f"<p>{PROSE}</p><h2>The list</h2>"
    for heading in headings:
        body += f"<h{level}>{heading}</h{level}><p>{PROSE}</p><p>{PROSE}</p>"
    return page(body + extra, title=title)


@pytest.mark.parametrize(
    "fmt",
    [
        "{n}. Item {n}",
        "{n}) Item {n}",
        "#{n} Item {n}",
        "No. {n} Item {n}",
        "Reason {n}: Item {n}",
        "Tip #{n} – Item {n}",
        "Step {n}: Item {n}",
    ],
)
def test_numbered_heading_forms_become_a_listicle(fmt):
    article = extract(numbered_page([fmt.format(n=n) for n in range(1, 6)]))
    [listicle] = listicles(article)
    assert [i.heading for i in listicle.items] == [f"Item {n}" for n in range(1, 6)]
    assert [i.number for i in listicle.items] == [1, 2, 3, 4, 5]
    assert listicle.heading == "The list"
    assert all(PROSE in i.body_html for i in listicle.items)


def test_countdown():
    article = extract(numbered_page([f"{n}. Item {n}" for n in range(10, 0, -1)]))
    [listicle] = listicles(article)
    assert listicle.direction == "countdown" and listicle.start == 10
    assert [i.number for i in listicle.items] == list(range(10, 0, -1))


def test_skipped_and_repeated_numbers_are_kept_with_warnings():
    article = extract(numbered_page(["1. A", "2. B", "4. C", "4. D", "5. E"]))
    assert [i.number for i in listicles(article)[0].items] == [1, 2, 4, 4, 5]
    assert any("jumps from 2 to 4" in w for w in article.warnings)
    assert any("4 is repeated" in w for w in article.warnings)


def test_two_numbered_steps_are_not_a_listicle():
    article = extract(numbered_page(["1. First", "2. Second"]))
    assert listicles(article) == []


def test_news_article_has_no_listicle():
    body = "".join(f"<p>{PROSE} Some 3 people said 2 things.</p>" for _ in range(6))
    body += "<h2>Reaction</h2>" + f"<p>{PROSE}</p>" * 3
    article = extract(page(body, title="Council delays vote on garden"))
    assert listicles(article) == [] and faqs(article) == []


def test_headings_inside_ol_items():
    items = "".join(f"<li><h3>Idea {n}</h3><p>{PROSE}</p></li>" for n in range(1, 6))
    article = extract(page(f"<p>{PROSE}</p><h2>Ideas</h2><ol>{items}</ol>", title="Five Ideas"))
    [listicle] = listicles(article)
    assert [(i.number, i.heading) for i in listicle.items] == [
        (n, f"Idea {n}") for n in range(1, 6)
    ]


def test_ol_with_bold_lead_ins_when_the_title_promises_the_count():
    items = "".join(f"<li><strong>Lead {n}:</strong> {PROSE}</li>" for n in range(1, 5))
    html = page(f"<p>{PROSE}</p><ol>{items}</ol>", title="4 Ways to Relax")
    [listicle] = listicles(extract(html))
    assert [i.heading for i in listicle.items] == [f"Lead {n}" for n in range(1, 5)]
    assert listicle.items[0].body_html == f"<p>{PROSE}</p>"
    # Without the promise in the title the same list is just a list.
    assert listicles(extract(page(f"<p>{PROSE}</p><ol>{items}</ol>", title="Relaxing"))) == []


def test_unnumbered_parallel_headings_promised_by_the_title():
    body = f"<p>{PROSE}</p>" + "".join(f"<h2>Way {n}</h2><p>{PROSE}</p>" for n in range(1, 4))
    body += f"<h2>Conclusion</h2><p>{PROSE}</p>"
    article = extract(page(body, title="3 Ways To Be Kind"))
    assert item_headings(article) == ["Way 1", "Way 2", "Way 3"]
    assert [i.number for i in listicles(article)[0].items] == [None, None, None]
    assert isinstance(article.body[-2], Heading) and article.body[-2].text == "Conclusion"


def test_bold_only_paragraphs_promised_by_the_title():
    body = f"<p>{PROSE}</p>" + "".join(
        f"<p><b>Habit {n}</b></p><p>{PROSE}</p>" for n in range(1, 4)
    )
    assert item_headings(extract(page(body, title="3 Habits Worth Keeping"))) == [
        "Habit 1",
        "Habit 2",
        "Habit 3",
    ]


def test_reason_images_and_base_url():
    body = (
        f"<h3>1. A</h3><p>{PROSE}</p><figure><img src='/img/a.jpg' alt='Alt A'>"
        f"<figcaption>Cap A</figcaption></figure><h3>2. B</h3><p>{PROSE}</p>"
        f"<h3>3. C</h3><p>{PROSE}</p><p>{PROSE}</p>"
    )
    article = extract(page(body, title="3 Reasons"), base_url="https://example.com/post/")
    image = listicles(article)[0].items[0].images[0]
    assert (image.src, image.alt, image.caption) == (
        "https://example.com/img/a.jpg",
        "Alt A",
        "Cap A",
    )


def test_data_url_images_are_dropped_with_a_warning():
    body = f"<p>{PROSE}</p><figure><img src='data:image/png;base64,AAAA' alt='x'></figure>"
    article = extract(page(body + f"<p>{PROSE}</p>"))
    assert not any(isinstance(s, Figure) for s in article.body)
    assert any("data: image" in w for w in article.warnings)


def test_figures_in_body():
    body = (
        f"<p>{PROSE}</p><h2>Part</h2><p>{PROSE}</p><figure><img src='https://x.example/"
        f"a.jpg' alt='A'><figcaption>Cap</figcaption></figure><p>{PROSE}</p>"
    )
    article = extract(page(body))
    figures = [s for s in article.body if isinstance(s, Figure)]
    assert [(f.image.alt, f.image.caption) for f in figures] == [("A", "Cap")]


def test_intro_and_conclusion():
    body = (
        f"<p>Intro one. {PROSE}</p><p>Intro two.</p><h2>Middle</h2><p>{PROSE}</p>"
        f"<h2>Final thoughts</h2><p>Closing words.</p>"
    )
    article = extract(page(body))
    assert article.intro_html == f"<p>Intro one. {PROSE}</p><p>Intro two.</p>"
    assert [type(s) for s in article.body] == [Heading, Paragraph, Heading, Paragraph]
    assert article.body[-1].html == "<p>Closing words.</p>"


def faq_page(faq_html: str, *, head: str = "", title="Some Advice") -> str:
    return page(f"<p>{PROSE}</p><h2>Part</h2><p>{PROSE}</p>{faq_html}", head=head, title=title)


def test_faq_heading_with_question_subheadings():
    html = faq_page(
        "<h2>Frequently Asked Questions</h2><h3>Is it safe?</h3><p>Yes.</p>"
        "<h3>How long?</h3><p>A week.</p>"
    )
    [faq] = faqs(extract(html))
    assert faq.heading == "Frequently Asked Questions"
    assert [(q.question, q.answer_html) for q in faq.items] == [
        ("Is it safe?", "<p>Yes.</p>"),
        ("How long?", "<p>A week.</p>"),
    ]


def test_numbered_faq_questions_are_not_listicle_items():
    questions_html = "".join(f"<h3>{n}. Question {n}?</h3><p>Answer {n}.</p>" for n in range(1, 6))
    article = extract(faq_page(f"<h2>FAQs</h2>{questions_html}"))
    assert listicles(article) == []
    assert questions(article) == [f"Question {n}?" for n in range(1, 6)]


def test_yoast_faq_block():
    items = "".join(
        f'<div class="schema-faq-section"><strong class="schema-faq-question">Q{n}?</strong>'
        f'<p class="schema-faq-answer">A{n}.</p></div>'
        for n in range(1, 3)
    )
    html = faq_page(f'<div class="schema-faq wp-block-yoast-faq-block">{items}</div>')
    assert [(q.question, q.answer_html) for q in faqs(extract(html))[0].items] == [
        ("Q1?", "<p>A1.</p>"),
        ("Q2?", "<p>A2.</p>"),
    ]


def test_rank_math_faq_block():
    items = "".join(
        f'<div class="rank-math-list-item"><h3 class="rank-math-question">Q{n}?</h3>'
        f'<div class="rank-math-answer"><p>A{n}.</p></div></div>'
        for n in range(1, 3)
    )
    html = faq_page(
        f'<div class="wp-block-rank-math-faq-block"><div class="rank-math-list">'
        f"{items}</div></div>"
    )
    assert questions(extract(html)) == ["Q1?", "Q2?"]


def test_details_summary_and_hidden_answers():
    items = "".join(
        f"<details><summary>Q{n}?</summary><p style='display:none'>A{n}.</p></details>"
        for n in range(1, 4)
    )
    faq = faqs(extract(faq_page(items)))[0]
    assert [(q.question, q.answer_html) for q in faq.items] == [
        (f"Q{n}?", f"<p>A{n}.</p>") for n in range(1, 4)
    ]


def test_microdata_faq():
    items = "".join(
        f'<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">'
        f'<h3 itemprop="name">Q{n}?</h3><div itemscope itemprop="acceptedAnswer" '
        f'itemtype="https://schema.org/Answer"><div itemprop="text"><p>A{n}.</p></div></div>'
        f"</div>"
        for n in range(1, 3)
    )
    html = faq_page(f'<div itemscope itemtype="https://schema.org/FAQPage">{items}</div>')
    assert questions(extract(html)) == ["Q1?", "Q2?"]


def test_question_run_after_the_list():
    html = numbered_page(
        [f"{n}. Item {n}" for n in range(1, 5)],
        extra="<h2>Does it work?</h2><p>Yes.</p><h2>Why?</h2><p>Because.</p>",
    )
    article = extract(html)
    assert questions(article) == ["Does it work?", "Why?"]


def test_jsonld_only_questions_are_a_warning():
    jsonld = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": "Only in data?",
                "acceptedAnswer": {"@type": "Answer", "text": "Hidden."},
            }
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    article = extract(faq_page("", head=head))
    assert faqs(article) == []
    assert any("Only in data?" in w and "structured data" in w for w in article.warnings)


def test_author_box_and_jsonld_graph_dates():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "headline": "A Test Article",
                "datePublished": "2020-01-02",
                "dateModified": "2021-03-04T10:00:00+00:00",
                "author": {"@id": "#me"},
            },
            {
                "@type": "Person",
                "@id": "#me",
                "name": "Ada Writer",
                "jobTitle": "Editor",
                "sameAs": ["https://social.example/ada"],
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    box = (
        '<div class="author-box"><img src="https://x.example/ada.jpg" alt="">'
        '<h4 class="author-name"><a href="https://x.example/author/ada" rel="author">'
        'Ada Writer</a></h4><p class="author-description">Ada writes about gardens and '
        "weather, and has done so for years.</p>"
        '<a href="https://twitter.example/ada">Twitter</a></div>'
    )
    html = page(f"<p>{PROSE}</p>{box}", head=head)
    article = extract(html)
    author = article.author
    assert author.name == "Ada Writer" and author.role == "Editor"
    assert author.bio_html.startswith("<p>Ada writes")
    assert author.photo_url == "https://x.example/ada.jpg"
    assert author.url == "https://x.example/author/ada"
    assert "https://twitter.example/ada" in author.links
    assert str(article.published) == "2020-01-02" and str(article.updated) == "2021-03-04"


@pytest.mark.parametrize(
    "byline, name, published, updated",
    [
        ("Last updated on June 8, 2022 by April Maccario", "April Maccario", None, "2022-06-08"),
        ("Posted by Sam Lee on March 3, 2021", "Sam Lee", "2021-03-03", None),
        ("Updated: 4 May 2020", None, None, "2020-05-04"),
    ],
)
def test_visible_bylines(byline, name, published, updated):
    html = page(f"<p>{PROSE}</p><p>{PROSE}</p>").replace(
        "</h1>", f"</h1><div class='entry-meta'>{byline}</div>"
    )
    article = extract(html)
    assert (article.author.name if article.author else None) == name
    assert (str(article.published) if article.published else None) == published
    assert (str(article.updated) if article.updated else None) == updated


def test_title_is_h1_not_title_tag():
    html = page(f"<p>{PROSE}</p>", title="Shown Headline").replace(
        "<title>Shown Headline - Site</title>", "<title>SEO Title | Site</title>"
    )
    assert extract(html).title == "Shown Headline"


def test_comment_tree_and_pingbacks():
    comments = (
        '<ol class="comment-list">'
        '<li class="comment" id="comment-1"><div class="comment-author"><cite class="fn">Ann'
        '</cite> says</div><time datetime="2022-01-02T10:00:00+00:00">Jan 2</time>'
        '<div class="comment-content"><p>First.</p><p>Second para.</p></div>'
        '<ol class="children"><li class="comment" id="comment-2"><div class="comment-author">'
        '<b class="fn">Bob</b></div><div class="comment-content"><p>Reply.</p></div></li>'
        "</ol></li>"
        '<li class="pingback" id="comment-3"><div class="comment-content"><p>Ping</p></div></li>'
        '</ol><div id="respond"><h3>Leave a Reply</h3></div>'
    )
    html = page(f"<p>{PROSE}</p>").replace(
        "</article>", f"</article><div id='comments'>{comments}</div>"
    )
    article = extract(html)
    assert len(article.comments) == 1
    first = article.comments[0]
    assert (first.author, first.body, str(first.date)) == (
        "Ann",
        "First.\n\nSecond para.",
        "2022-01-02",
    )
    assert [(r.author, r.body) for r in first.replies] == [("Bob", "Reply.")]
    assert first.source_id == "comment-1"


def test_microdata_comments():
    comments = "".join(
        f'<div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">U{n}'
        f'</span><div itemprop="text"><p>Body {n}</p></div></div>'
        for n in range(2)
    )
    html = page(f"<p>{PROSE}</p>").replace("</article>", f"</article>{comments}")
    assert [(c.author, c.body) for c in extract(html).comments] == [
        ("U0", "Body 0"),
        ("U1", "Body 1"),
    ]


def test_chrome_is_stripped():
    body = (
        f"<p>{PROSE}</p><div class='sharedaddy'><h3>Share this:</h3><ul><li><a href='?s=f'>"
        f"Facebook</a></li></ul></div><div class='ez-toc-container'><p>Table of Contents"
        f"</p></div><div class='wp-block-buttons'><a href='/quiz'>Take the quiz</a></div>"
        f"<p><strong>Related:</strong> <a href='/x'>Another post</a></p><p>{PROSE}</p>"
    )
    article = extract(page(body))
    text = article.intro_html + "".join(getattr(s, "html", "") for s in article.body)
    for phrase in (
        "Share this",
        "Facebook",
        "Table of Contents",
        "Take the quiz",
        "Related",
        "Recent Posts",
        "Home",
    ):
        assert phrase not in text
