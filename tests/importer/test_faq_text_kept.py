"""An FAQ never loses text: answers written before the next bold question in the same
paragraph, an FAQ's lead-in sentence, and text between questions that no answer holds."""

from __future__ import annotations

import dataclasses

from importers.pipeline import extract_article
from importers.pipeline.extract.blocks import Block
from importers.pipeline.extract.faq import FAQSpan
from importers.pipeline.extract.sections import build_body
from importers.pipeline.model import FAQ, Paragraph

from .conftest import PROSE, page

PROSE_BLOCKS = "".join(f"<p>{PROSE}</p>" for _ in range(4))


def faqs(html: str) -> list[FAQ]:
    article = extract_article(html.encode(), "f.html")
    return [section for section in article.body if isinstance(section, FAQ)]


def test_answer_before_the_next_bold_question_in_one_paragraph():
    # Each paragraph: the answer to the question before, then the next question in bold.
    body = (
        PROSE_BLOCKS + "<h2>Questions and answers</h2>"
        "<p><strong>Which pots drain best?</strong></p>"
        "<p>Terracotta pots with a wide hole drain best of all.<br><br>"
        "<strong>How often should I water?</strong></p>"
        "<p>Water when the top two centimetres of compost feel dry.<br><br>"
        "<strong>Do tomatoes need feeding?</strong></p>"
        "<p>Feed them weekly once the first flowers open.</p>"
    )
    (faq,) = faqs(page(body, title="Balcony tomatoes"))
    answers = {item.question: item.answer_html for item in faq.items}
    assert "Terracotta" in answers["Which pots drain best?"]
    assert "top two centimetres" in answers["How often should I water?"]
    assert "weekly" in answers["Do tomatoes need feeding?"]


def test_a_paragraph_of_prose_ending_in_a_bold_question_is_not_an_faq():
    body = (
        PROSE_BLOCKS + "<h2>Questions</h2>"
        "<p>Most growers water too often, and the roots rot long before the fruit sets."
        "<br><strong>So how often is right?</strong></p>"
    )
    article = extract_article(page(body, title="Balcony tomatoes").encode(), "f.html")
    assert "Most growers water too often" in str(dataclasses.asdict(article))


def test_an_faqs_lead_in_is_kept_before_it():
    body = (
        PROSE_BLOCKS + "<h2>Frequently asked questions</h2>"
        "<p>Readers often write in with the same few questions about balcony growing, "
        "so here are the short answers.</p>"
        "<h3>Which pots drain best?</h3><p>Terracotta pots with a wide hole.</p>"
        "<h3>How often should I water?</h3><p>When the top of the compost is dry.</p>"
    )
    article = extract_article(page(body, title="Balcony tomatoes").encode(), "f.html")
    kinds = [type(section) for section in article.body]
    faq_at = kinds.index(FAQ)
    assert kinds[faq_at - 1] is Paragraph
    assert "Readers often write in" in article.body[faq_at - 1].html
    assert [item.question for item in article.body[faq_at].items] == [
        "Which pots drain best?",
        "How often should I water?",
    ]


def test_text_between_questions_that_no_answer_holds_joins_the_answer_before():
    blocks = [
        Block("heading", text="FAQ", level=2),
        Block("heading", text="Which pots drain best?", level=3),
        Block("text", text="Terracotta pots with a wide hole.", html="<p>Terracotta.</p>"),
        Block("text", text=PROSE + " " + PROSE, html=f"<p>{PROSE} {PROSE}</p>"),
        Block("heading", text="How often should I water?", level=3),
        Block("text", text="When the top of the compost is dry.", html="<p>When dry.</p>"),
    ]
    # The finder's (mis)reading: the long middle paragraph is in no answer.
    span = FAQSpan(
        0,
        len(blocks),
        "FAQ",
        [
            ("Which pots drain best?", "<p>Terracotta pots with a wide hole.</p>"),
            ("How often should I water?", "<p>When the top of the compost is dry.</p>"),
        ],
    )
    warnings: list[str] = []
    _, sections = build_body(blocks, [], [span], warnings)
    (faq,) = [section for section in sections if isinstance(section, FAQ)]
    first, second = faq.items
    assert "Terracotta" in first.answer_html
    assert "enough words to look like real prose" in first.answer_html
    assert "enough words" not in second.answer_html
    assert warnings and "1 block(s) between its questions" in warnings[0]
