"""Questions under an FAQ heading whose answers the page does not hold (a script fills
them in) are an FAQ only when the page's own FAQPage structured data lists them."""

from __future__ import annotations

import json

from importers.pipeline import extract_article
from importers.pipeline.model import FAQ

from .conftest import PROSE, page

QUESTIONS = ["How often should I water seedlings?", "Can I reuse potting compost?"]
BODY = (
    f"<p>{PROSE}</p><p>{PROSE} Seedlings need light.</p><h2>Frequently asked questions</h2>"
    + "".join(f"<h3>{q}</h3><div class='answer' data-load='later'></div>" for q in QUESTIONS)
)


def faq_questions(html: str) -> list[str]:
    article = extract_article(html.encode(), "faq.html")
    return [item.question for s in article.body if isinstance(s, FAQ) for item in s.items]


def test_unanswered_questions_alone_are_not_an_faq():
    assert faq_questions(page(BODY)) == []


def test_unanswered_questions_the_pages_faqpage_lists_are_an_faq():
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": "A."}}
            for q in QUESTIONS
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert faq_questions(page(BODY, head=head)) == QUESTIONS


def test_an_faqpage_serialised_in_a_scripts_state_confirms_the_questions_too():
    """Script frameworks ship their JSON-LD inside an escaped string of page state."""
    entities = ",".join(
        f'{{\\"@type\\":\\"Question\\",\\"name\\":\\"{q}\\",\\"acceptedAnswer\\":{{}}}}'
        for q in QUESTIONS
    )
    state = f'self.__state.push([1,"{{\\"@type\\":\\"FAQPage\\",\\"mainEntity\\":[{entities}]}}"])'
    assert faq_questions(page(BODY + f"<script>{state}</script>")) == QUESTIONS


def test_a_script_naming_other_questions_confirms_nothing():
    state = '{"@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Is tea good?"}]}'
    assert faq_questions(page(BODY + f"<script>var s = {state};</script>")) == []
