"""Content a theme prints twice, placeholder text, and "You might also like" card sections."""

from __future__ import annotations

import dataclasses

from importers.pipeline import extract_article

from .conftest import PROSE

STEPS = [
    "Loosen the soil in the planter with a hand fork before the seedlings go in, so that "
    "the roots find their way down quickly and the plant does not sit in a hard crust.",
    "Water in the morning rather than the evening; wet leaves overnight on a sheltered "
    "balcony invite blight, and a morning soak carries the plant through a hot afternoon.",
    "Pinch out the side shoots of cordon varieties every week or so, since each one you "
    "leave takes water and feeding away from the trusses that are already setting fruit.",
    "Feed with a high-potash liquid once the first truss has set, and keep feeding every "
    "ten days until the end of summer, when the last green fruit can ripen on a windowsill.",
]


def page(body: str, title: str = "How to Grow Tomatoes on a Balcony") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><main><article>"
        f"<h1>{title}</h1><div class='entry-content'>{body}</div></article></main></body></html>"
    ).encode()


def stored(html: bytes) -> str:
    """Everything the article would store, as one string."""
    return str(dataclasses.asdict(extract_article(html, "test.html")))


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


# -- a second copy of the content ---------------------------------------------------------


def test_a_second_copy_of_a_stretch_of_the_article_is_dropped():
    # A theme's mobile layout repeats the article; only CSS hides one copy.
    article = paragraphs([PROSE] * 3 + STEPS)
    body = stored(page(article + "<div class='mobile-only'>" + paragraphs(STEPS) + "</div>"))
    for step in STEPS:
        assert body.count(step[:50]) == 1


def test_a_copy_that_differs_only_in_quotation_marks_is_still_a_copy():
    curly = [step.replace("'", "’") for step in STEPS]
    straight = [step.replace(" the ", " the '") for step in STEPS]  # stray marks only
    body = stored(page(paragraphs([PROSE] * 3 + straight) + paragraphs(curly)))
    assert body.count("Pinch out") == 1


def test_a_repeated_line_or_two_is_the_authors_and_stays():
    # A weekly plan repeats its warm-up line: single repeats are not a copy.
    week = "Warm up with ten minutes of easy watering and a look under every leaf for pests."
    days = [f"<h2>Week {n}</h2><p>{week}</p><p>{STEPS[n % 4]}</p>" for n in range(1, 6)]
    body = stored(page(paragraphs([PROSE] * 3) + "".join(days)))
    assert body.count(week[:40]) == 5


def test_a_short_repeated_run_stays():
    short = ["Sun: six hours.", "Water: daily.", "Feed: weekly."]
    body = stored(page(paragraphs([PROSE] * 4 + short + [PROSE] + short)))
    assert body.count("Water: daily.") == 2


# -- placeholder text ---------------------------------------------------------------------


def test_lorem_ipsum_placeholders_are_dropped():
    placeholder = (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua."
    )
    body = stored(page(paragraphs([PROSE] * 5) + f"<div class='promo'><p>{placeholder}</p></div>"))
    assert "Lorem ipsum" not in body
    assert body.count(PROSE[:40]) == 5


def test_a_paragraph_that_talks_about_lorem_ipsum_stays():
    about = (
        "Designers call the dummy text they use lorem ipsum, after a passage of Cicero that "
        "printers scrambled centuries ago."
    )
    assert "lorem ipsum, after a passage" in stored(page(paragraphs([PROSE] * 5 + [about])))


# -- "You might also like" ----------------------------------------------------------------


def cards(count: int, href=lambda n: f"/blog/post-{n}") -> str:
    """Cards of other posts: a linked title beside an excerpt too long for link density."""
    return "".join(
        f"<li><article class='entry loop-entry'><img src='/thumb-{n}.jpg' alt=''>"
        f"<div><p><a href='{href(n)}'>Balcony project {n}</a> We tried a new variety "
        f"this year and kept notes on every plant, every feed and every harvest, week by "
        f"week, from sowing in March to the last green fruit in October.</p></div>"
        f"</article></li>"
        for n in range(1, count + 1)
    )


def test_a_you_might_also_like_section_of_cards_is_dropped():
    html = page(paragraphs([PROSE] * 12) + f"<h2>You might also like</h2><ul>{cards(5)}</ul>")
    body = stored(html)
    assert "Balcony project" not in body
    assert "You might also like" not in body
    assert body.count(PROSE[:40]) == 12


def test_a_section_longer_than_the_article_before_it_stays():
    html = page(f"<p>{PROSE}</p><h2>You might also like</h2><ul>{cards(5)}</ul>")
    assert stored(html).count("Balcony project") == 5


def test_a_section_with_a_paragraph_without_links_stays():
    own = "<p>" + STEPS[0] + "</p>"
    html = page(paragraphs([PROSE] * 12) + f"<h2>You might also like</h2>{own}<ul>{cards(3)}</ul>")
    body = stored(html)
    assert STEPS[0][:40] in body
    assert body.count("Balcony project") == 3


def test_one_paragraph_said_many_times_is_not_a_copy_of_a_run():
    body = stored(page(paragraphs([PROSE] * 12)))
    assert body.count(PROSE[:40]) == 12


def test_a_copy_longer_than_one_comparison_is_dropped_whole():
    steps = [f"Step {n}: {STEPS[n % 4]}" for n in range(450)]
    body = stored(page(paragraphs([PROSE] * 3 + steps) + paragraphs(steps)))
    assert body.count("Step 449:") == 1
    assert body.count("Step 0:") == 1
