"""Sign-up boxes inside an article (newsletter, SMS deals, "get in touch") are page chrome:
the form goes with its pitch and small print; other forms, and content around any form,
stay."""

from __future__ import annotations

import pytest

from importers.pipeline import extract_article

from .conftest import PROSE, page
from .test_content_patterns import body_text


def extract(body: str) -> str:
    return body_text(extract_article(page(body).encode(), "signup.html"))


ARTICLE = f"<p>{PROSE}</p><h2>Watering in the evening</h2><p>{PROSE} Roots drink slowly.</p>"

BOXES = {
    "newsletter, email input": (
        "<div class='promo'><div><h3>Get the weekly digest</h3><p>Seasonal jobs in your "
        "inbox every Friday.</p></div><form action='/subscribe'><input type='email' "
        "name='address'><button>Join</button></form><p>By signing up you accept our terms. "
        "Unsubscribe at any time.</p></div>"
    ),
    "SMS deals, tel input": (
        "<section><div>Garden Deals</div><div><div>Be first to hear about offers!</div>"
        "<form><input type='tel' placeholder='Your number'><button>Sign me up</button></form>"
        "<div>Message rates may apply. Reply STOP to opt out.</div></div></section>"
    ),
    "text input named for an address": (
        "<div><p>Want our planting calendar?</p><form><input type='text' "
        "name='EMAIL' placeholder='you@example.com'><input type='submit' value='Send it'>"
        "</form></div>"
    ),
}


@pytest.mark.parametrize("box", BOXES.values(), ids=list(BOXES))
def test_a_signup_box_in_the_article_leaves_with_its_form(box):
    text = extract(ARTICLE + box + f"<p>{PROSE} Mulch keeps it in.</p>")
    assert "Roots drink slowly." in text and "Mulch keeps it in." in text
    for pitch in ("digest", "Seasonal jobs", "By signing up", "Deals", "Be first", "STOP"):
        assert pitch not in text
    assert "planting calendar" not in text


def test_the_box_stops_at_the_article_around_a_short_article():
    """A form placed straight in a short article takes nothing of the article with it."""
    text = extract(f"<p>{PROSE}</p><form><input type='email'></form><p>{PROSE} Done.</p>")
    assert text.count("full stop at the end of it") == 2 and "Done." in text


def test_a_form_in_a_list_item_keeps_the_item():
    items = "".join(
        f"<li><h3>Kit {n}</h3><p>A trowel, gloves and twine for plot {n}.</p>"
        "<form><input type='email'><button>Notify me</button></form></li>"
        for n in range(3)
    )
    text = extract(ARTICLE + f"<ul>{items}</ul>")
    assert all(f"gloves and twine for plot {n}" in text for n in range(3))


def test_other_forms_leave_their_surroundings():
    """A search or a quiz form is not a sign-up: only the form itself goes."""
    quiz = (
        "<div><p>Which soil do you have? Pick one below to see our advice.</p><form>"
        "<input type='radio' name='soil' value='clay'><input type='search' name='q'>"
        "</form></div>"
    )
    assert "Which soil do you have?" in extract(ARTICLE + quiz)
