"""Write a large WordPress export (WXR) of advice posts, for memory and speed tests.

    python scripts/make_big_wxr.py /tmp/big.xml --megabytes 500

Posts rotate through block-editor listicles with a Yoast or Rank Math FAQ, classic-markup
listicles, threaded comments (with pingbacks, spam and pending ones), attachments and menu
items, like a real advice site's export. The text is the team's own, varied by post number;
the output depends only on the size asked for, so tests can rely on it. Generated files
belong in a temporary folder, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["write_wxr"]

MEGABYTE = 1 << 20
#: Every so many posts, one attachment and one menu item are written too.
EXTRAS_EVERY = 5
#: Every so many posts, one is classic markup instead of block-editor markup.
CLASSIC_EVERY = 3

TIPS = [
    ("Rinse the salt off after each wet ride", "Road salt keeps working long after you park."),
    ("Oil the chain little and often", "A thin film protects; a thick one collects grit."),
    ("Lay out tomorrow's clothes tonight", "Anything found in the morning takes twice as long."),
    ("Keep a fixed weekday breakfast", "Fewer choices leave one less decision half awake."),
    ("Charge the phone outside the bedroom", "An alarm clock keeps the first hour your own."),
    ("Write the morning jobs on a note", "Times turn a vague rush into a routine."),
    ("Check the tyres every week", "Cold air lets them go soft sooner than you expect."),
    ("Store tools off the floor", "Damp rises; a hook on the wall keeps blades dry."),
    ("Wear the socks you run in when buying shoes", "A thick sock changes the fit by a size."),
    ("Start with one habit a week", "Adding them one at a time makes each one stick."),
    ("Label the spare keys", "A tag saves a search through the drawer at 7:40."),
    ("Replace worn brake pads early", "Pads that are gone score the rim within a week."),
]
DETAILS = [
    "It takes five minutes and saves an afternoon later.",
    "Most people skip this step and regret it by the end of the month.",
    "You need nothing more than a bucket, a rag and a little patience.",
    "If you share the house, agree on it together so it lasts.",
    "Do it the same way each time and it soon becomes automatic.",
    "The cost is small compared with the repair it prevents.",
]
QUESTIONS = [
    ("How long does this take each week?", "About ten minutes once it is a habit."),
    ("Do I need special equipment?", "No. Everything here uses things most homes have."),
    ("What if I miss a day?", "Pick it up again the next day; one gap changes little."),
    ("Is it worth it for beginners?", "Yes, beginners gain the most from simple routines."),
]
COMMENTERS = ["Priya", "Jonas", "Amara", "Ken", "Lucía", "Oskar"]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _listicle_blocks(number: int, count: int) -> str:
    parts = [
        "<!-- wp:paragraph -->\n<p>These habits come from readers who tried them for a month "
        f"(post {number}). {DETAILS[number % len(DETAILS)]}</p>\n<!-- /wp:paragraph -->"
    ]
    for index in range(count):
        heading, body = TIPS[(number + index) % len(TIPS)]
        detail = DETAILS[(number * 7 + index) % len(DETAILS)]
        parts.append(
            f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{index + 1}. {heading}</h2>\n'
            f"<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>{body} {detail}</p>\n"
            "<!-- /wp:paragraph -->"
        )
    return "\n\n".join(parts)


def _yoast_faq(number: int) -> str:
    questions = [
        {
            "id": f"faq-question-{number}{index}",
            "question": [question],
            "answer": [answer],
            "jsonQuestion": question,
            "jsonAnswer": answer,
        }
        for index, (question, answer) in enumerate(QUESTIONS)
    ]
    sections = " ".join(
        f'<div class="schema-faq-section" id="faq-question-{number}{index}">'
        f'<strong class="schema-faq-question">{question}</strong> '
        f'<p class="schema-faq-answer">{answer}</p> </div>'
        for index, (question, answer) in enumerate(QUESTIONS)
    )
    return (
        f"<!-- wp:yoast/faq-block {json.dumps({'questions': questions})} -->\n"
        f'<div class="schema-faq wp-block-yoast-faq-block">{sections}</div>\n'
        "<!-- /wp:yoast/faq-block -->"
    )


def _rank_math_faq(number: int) -> str:
    questions = [
        {"id": f"faq-question-{number}{index}", "title": q, "content": a, "visible": True}
        for index, (q, a) in enumerate(QUESTIONS)
    ]
    items = "".join(
        f'<div class="rank-math-faq-item"><h3 class="rank-math-question">{q}</h3>'
        f'<div class="rank-math-answer">{a}</div></div>'
        for q, a in QUESTIONS
    )
    return (
        f"<!-- wp:rank-math/faq-block {json.dumps({'questions': questions})} -->\n"
        f'<div class="wp-block-rank-math-faq-block">{items}</div>\n'
        "<!-- /wp:rank-math/faq-block -->"
    )


def _classic_listicle(number: int, count: int) -> str:
    lines = [f"Readers sent these in after post {number}.\n\n{DETAILS[number % len(DETAILS)]}"]
    for index in range(count):
        heading, body = TIPS[(number + index) % len(TIPS)]
        lines.append(
            f"<h2>{index + 1}. {heading}</h2>\n{body}\n"
            f"{DETAILS[(number + index) % len(DETAILS)]}\n"
        )
    return "\n".join(lines)


def _comments(number: int) -> str:
    base = number * 10
    rows = [
        # (id offset, parent offset, approved, type)
        (1, 0, "1", "comment"),
        (2, 1, "1", "comment"),
        (3, 2, "1", ""),
        (4, 0, "1", "pingback"),
        (5, 0, "spam", "comment"),
        (6, 0, "0", "comment"),
    ]
    out = []
    for offset, parent, approved, kind in rows:
        author = COMMENTERS[(number + offset) % len(COMMENTERS)]
        out.append(
            "<wp:comment>"
            f"<wp:comment_id>{base + offset}</wp:comment_id>"
            f"<wp:comment_author>{_cdata(author)}</wp:comment_author>"
            f"<wp:comment_author_email>{_cdata(author.lower() + '@mail.example.net')}"
            "</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
            "<wp:comment_date>2024-01-13 08:15:00</wp:comment_date>"
            "<wp:comment_date_gmt>2024-01-13 08:15:00</wp:comment_date_gmt>"
            f"<wp:comment_content>{_cdata(DETAILS[(number + offset) % len(DETAILS)])}"
            f"</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>"
            f"<wp:comment_type>{kind}</wp:comment_type>"
            f"<wp:comment_parent>{base + parent if parent else 0}</wp:comment_parent>"
            "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
        )
    return "\n".join(out)


def _item(post_id: int, post_type: str, title: str, content: str, extra: str = "") -> str:
    return (
        "<item>\n"
        f"<title>{_cdata(title)}</title>\n"
        f"<link>https://advice.example.org/?p={post_id}</link>\n"
        "<dc:creator><![CDATA[maria]]></dc:creator>\n"
        f'<guid isPermaLink="false">https://advice.example.org/?p={post_id}</guid>\n'
        f"<content:encoded>{_cdata(content)}</content:encoded>\n"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n"
        "<wp:post_date>2024-01-12 09:30:00</wp:post_date>\n"
        "<wp:post_date_gmt>2024-01-12 09:30:00</wp:post_date_gmt>\n"
        f"<wp:post_name>post-{post_id}</wp:post_name>\n"
        "<wp:status>publish</wp:status>\n"
        f"<wp:post_type>{post_type}</wp:post_type>\n"
        '<category domain="category" nicename="routines"><![CDATA[Routines]]></category>\n'
        f"{extra}</item>\n"
    )


def _post(number: int) -> str:
    count = 5 + number % 5
    if number % CLASSIC_EVERY == 0:
        content = _classic_listicle(number, count)
    else:
        faq = _yoast_faq(number) if number % 2 else _rank_math_faq(number)
        content = _listicle_blocks(number, count) + "\n\n" + faq
    heading = TIPS[number % len(TIPS)][0]
    title = f"{count} Habits for Easier Weeks, Part {number}: {heading}"
    return _item(number, "post", title, content, _comments(number) + "\n")


HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Practical Everyday Advice (generated)</title>
<link>https://advice.example.org</link>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>maria</wp:author_login>
<wp:author_display_name><![CDATA[Maria Okafor]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>routines</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>Routines</wp:cat_name></wp:category>
"""
FOOTER = "</channel>\n</rss>\n"


def write_wxr(path: Path, megabytes: float) -> dict[str, int]:
    """Write an export of about ``megabytes`` MiB to ``path``.

    Returns:
        The number of items written by post type.
    """
    target = int(megabytes * MEGABYTE)
    counts = {"post": 0, "attachment": 0, "nav_menu_item": 0}
    with open(path, "w", encoding="utf-8") as file:
        written = file.write(HEADER)
        number = 0
        while written < target:
            number += 1
            written += file.write(_post(number))
            counts["post"] += 1
            if number % EXTRAS_EVERY == 0:
                written += file.write(
                    _item(10_000_000 + number, "attachment", f"photo-{number}", "")
                )
                written += file.write(_item(20_000_000 + number, "nav_menu_item", "Home", ""))
                counts["attachment"] += 1
                counts["nav_menu_item"] += 1
        file.write(FOOTER)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="the file to write (in a temporary folder)")
    parser.add_argument("--megabytes", type=float, default=500.0, help="size in MiB")
    args = parser.parse_args(argv)
    counts = write_wxr(args.output, args.megabytes)
    size = args.output.stat().st_size / MEGABYTE
    print(f"{args.output}: {size:.1f} MiB, items {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
