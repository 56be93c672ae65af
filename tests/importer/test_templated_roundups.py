"""Round-ups whose title promises picks without counting them (issue 11)."""

import pytest

from importers.pipeline import extract_article, patterns
from importers.pipeline.model import Listicle


@pytest.mark.parametrize(
    "title",
    [
        "The Best Trail Shoes of 2026",
        "Best Portable Projectors For 2026",
        "Top Espresso Machines for Small Kitchens",
        "Best Cheap Laptops for College Students",
    ],
)
def test_round_up_titles(title):
    assert patterns.ROUNDUP_TITLE_RE.search(title)


@pytest.mark.parametrize(
    "title",
    [
        "Cybersecurity Best Practices",
        "Best Practice for Query Plans",
        "How to Choose the Best for Your Project",
        "Why Lessons Are the Best Form of Self-Care for Kids",
        "What's the Best Editing App for Creators?",
        "Top of the Morning",
        "Our Holiday Cottages",
    ],
)
def test_titles_that_promise_no_round_up(title):
    assert not patterns.ROUNDUP_TITLE_RE.search(title)


def _pick(name: str) -> str:
    return (
        f"<h3>{name}</h3><p>A sturdy choice that held up through a long and muddy spring.</p>"
        "<p><strong>Pros:</strong></p><ul><li>Light</li></ul>"
        "<p><strong>Cons:</strong></p><ul><li>Pricey</li></ul>"
    )


def _page(title: str, guide_paragraphs: int) -> str:
    picks = "".join(_pick(name) for name in ("Alder", "Birch", "Cedar", "Damson"))
    guide = "<p>" + "Long buying advice about soil, slopes and handles. " * 12 + "</p>"
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>We pushed every barrow up the same slope for a month.</p>"
        f"<h2>Our picks</h2>{picks}<h2>Buying guide</h2>{guide * guide_paragraphs}"
        "</article></body></html>"
    )


def _items(html: str) -> list[str]:
    article = extract_article(html, "roundup.html")
    return [i.heading for s in article.body if isinstance(s, Listicle) for i in s.items]


def test_templated_picks_under_a_round_up_title_are_items():
    assert _items(_page("The Best Barrows for Clay", 2)) == ["Alder", "Birch", "Cedar", "Damson"]


def test_the_same_picks_without_a_round_up_title_are_not_a_listicle():
    assert _items(_page("Barrows on Clay Soil", 2)) == []


def test_picks_that_are_a_sliver_of_the_page_are_not_a_listicle():
    # A deals page's few templated offers beside a long page: the share floor holds.
    assert _items(_page("The Best Barrows for Clay", 40)) == []


def test_template_headings_at_the_picks_level():
    picks = "".join(
        f"<h3>{name}</h3><p>Carried loads of wet clay up the slope all spring long.</p>"
        "<h3>Pros</h3><p>Light and easy to tip.</p><h3>Cons</h3><p>Shallow tray.</p>"
        for name in ("Alder", "Birch", "Cedar")
    )
    html = (
        "<html><head><title>Best Barrows for Clay</title></head><body><article>"
        f"<h1>Best Barrows for Clay</h1><p>We tested them all.</p><h2>Our picks</h2>{picks}"
        "</article></body></html>"
    )
    assert _items(html) == ["Alder", "Birch", "Cedar"]
    assert _items(html.replace("Best Barrows", "Barrows")) == []


def _spec_page(sections: str) -> str:
    return (
        "<html><head><title>The Best Barrows for Clay</title></head><body><article>"
        f"<h1>The Best Barrows for Clay</h1><p>We tested them all.</p>{sections}"
        "</article></body></html>"
    )


def _specs(price: str) -> str:
    return (
        f"<ul><li><strong>Price:</strong> about {price}</li>"
        "<li><strong>Ideal for:</strong> sloping plots and heavy loads</li></ul>"
    )


def test_picks_whose_spec_lists_share_their_labels_are_items():
    sections = "".join(
        f"<h2>{name}</h2><p>Carried wet clay up the slope all spring long.</p>{_specs(price)}"
        for name, price in (("Alder", "£80"), ("Birch", "£95"), ("Cedar", "£60"))
    )
    assert _items(_spec_page(sections)) == ["Alder", "Birch", "Cedar"]


def test_categories_holding_several_templated_picks_are_not_the_items():
    # Each h2 is a category over two picks written to the template: the template repeats
    # within a section, so the h2s are not picks.
    sections = "".join(
        f"<h2>{category}</h2>"
        + "".join(
            f"<p><strong>{pick}</strong></p><p>Carried wet clay all spring.</p>{_specs('£70')}"
            for pick in picks
        )
        for category, picks in (
            ("Small plots", ("Alder", "Birch")),
            ("Big loads", ("Cedar", "Damson")),
            ("Budget", ("Elder", "Fir")),
        )
    )
    assert _items(_spec_page(sections)) == []


def test_a_catalogue_of_thousands_of_templated_entries_is_not_a_listicle():
    entries = "".join(
        f"<h2>Item {n}</h2><p><b>Price:</b> £{n}</p><p><b>Ideal for:</b> anyone</p>"
        for n in range(2000)
    )
    html = (
        "<html><head><title>The Best Things Ever</title></head><body><article>"
        f"<h1>The Best Things Ever</h1>{entries}</article></body></html>"
    )
    assert _items(html) == []


def _awards_page(title: str, headings: list[str]) -> str:
    sections = "".join(f"<h2>{h}</h2><p>Carried wet clay all spring long.</p>" for h in headings)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>We tested them all.</p>{sections}<h2>How we tested</h2><p>On a slope.</p>"
        "</article></body></html>"
    )


def test_award_headings_need_a_round_up_title_and_three_picks():
    awards = ["Best overall: Alder", "Best budget: Birch", "Most rugged: Cedar"]
    assert _items(_awards_page("The Best Barrows for Clay", awards)) == awards
    assert _items(_awards_page("Our Year on the Plot", awards)) == []
    assert _items(_awards_page("The Best Barrows for Clay", awards[:2])) == []


def test_a_site_name_in_the_metadata_title_does_not_make_a_round_up():
    steps = "".join(
        f"<h2>{step}</h2><p>Do this carefully.</p>"
        "<p><b>Time needed:</b> ten minutes</p><p><b>Tools:</b> a trowel</p>"
        for step in ("Water the plant", "Loosen the roots", "Repot it", "Top up the soil")
    )
    html = (
        "<html><head><title>How to Repot a Houseplant | Best Plants Blog</title></head><body>"
        f"<article><h1>How to Repot a Houseplant</h1><p>Spring is the time.</p>{steps}"
        "</article></body></html>"
    )
    assert _items(html) == []


def test_an_award_that_every_pick_repeats_is_a_template_not_the_picks():
    watches = "".join(
        f"<h2>{name}</h2><p>A watch for the first year of running.</p>"
        f"<h3>Best for: {best}</h3><p>Simple.</p><h3>Top feature: {feature}</h3><p>Fast.</p>"
        f"<h3>Most annoying flaw: {flaw}</h3><p>Stiff.</p>"
        for name, best, feature, flaw in (
            ("Garmin Trail 55", "new runners", "GPS", "the strap"),
            ("Coros Pace Lite", "long runs", "battery", "the app"),
            ("Polar Step", "small wrists", "weight", "the charger"),
        )
    )
    html = (
        "<html><head><title>The Best Running Watches for Beginners</title></head><body>"
        f"<article><h1>The Best Running Watches for Beginners</h1><p>Intro.</p>{watches}"
        "</article></body></html>"
    )
    assert _items(html) in ([], ["Garmin Trail 55", "Coros Pace Lite", "Polar Step"])


def test_the_first_pick_is_kept_when_a_guide_section_shares_part_of_its_template():
    def pick(name: str, labels: tuple[str, ...]) -> str:
        return f"<h3>{name}</h3><p>Rides well.</p>" + "".join(
            f"<p><b>{label}:</b> yes</p>" for label in labels
        )

    html = (
        "<html><head><title>The Best Electric Scooters for Commuting</title></head><body>"
        "<article><h1>The Best Electric Scooters for Commuting</h1><p>Intro.</p>"
        + pick("What to look for", ("Battery", "Weight"))
        + pick("Apollo", ("Battery", "Weight", "Pros", "Cons"))
        + "".join(pick(name, ("Pros", "Cons")) for name in ("Segway", "Niu", "Unagi"))
        + "</article></body></html>"
    )
    assert _items(html) == ["Apollo", "Segway", "Niu", "Unagi"]


def test_a_long_bold_run_is_no_label_and_its_text_is_not_read_whole():
    from lxml import etree

    from importers.pipeline.extract.listicle import _short_text

    nested = "<b>" * 50 + "word " * 5000 + "</b>" * 50
    paragraph = etree.fromstring(f"<p><b>Price:</b> {nested}</p>")
    outer, label = paragraph[1], paragraph[0]
    assert _short_text(label, 60) == "Price:"
    # Each nested run stops being read once it passes the limit: asking every run costs
    # the limit per run, not the article's length (the text is never joined whole).
    assert all(_short_text(run, 60) is None for run in outer.iter("b"))


def test_hundreds_of_award_headings_are_a_catalogue():
    awards = [f"Best for room {n}: Widget {n}" for n in range(400)]
    assert _items(_awards_page("The Best Widgets for Home", awards)) == []
