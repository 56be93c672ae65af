"""Listicle and FAQ accuracy on hand-annotated WCXB development pages, and blocks invented on
the development set's non-article pages.

The annotated corpus (``../shared/corpus``) is what the detectors were tuned on, so its figures
say little about pages they have not seen. This report scores them on WCXB development pages
annotated by hand (``benchmarks/listicle_annotations.json``): a person read each page's
ground-truth ``main_content`` (and its HTML where the text alone was ambiguous) and wrote down
the listicle item labels in order and the FAQ questions; pages without a listicle or an FAQ
carry empty lists, so anything produced there counts as invented. No page text is stored: each
label is kept as the SHA-1 of its normalised form (:func:`normalise_label`) and of its first
:data:`PREFIX_WORDS` words, so the file holds counts and hashes only.

The first 74 annotated pages are split in two halves by domain (:func:`half`), ``tune`` and
``report``; from the second round on both may be looked at page by page while changing the
detectors (``tuned`` is their sum). A third group, ``report2``, holds pages annotated later on
domains that neither half nor the annotated corpus has (the record says so in its ``half``
field): it is never tuned on and only ever reported in aggregate. ``report3`` is a further
round of the same kind, on domains in no earlier group, annotated once ``report2`` had been
reported often enough to be worn. Holdout pages of ``benchmarks/wcxb_split.json`` are never
annotated nor read.

Usage::

    python benchmarks/listicles.py [--half tune|report|report2|report3|all] [--pages ID,ID]
        [--details] [--no-non-articles] [--json out.json]

``--details`` prints per-page misses and is refused for the ``report2`` and ``report3`` groups.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import wcxb  # noqa: E402
from importers.errors import ArticleImportError  # noqa: E402
from importers.pipeline import extract_article  # noqa: E402
from importers.pipeline.model import FAQ, Listicle  # noqa: E402

ANNOTATIONS = Path(__file__).resolve().parent / "listicle_annotations.json"
#: Salt of the domain hash that puts an annotated page in the tune or the report half.
HALF_SALT = "wagtail-advice-blocks/listicle-halves/v1"
HALVES = ("tune", "report")
#: Groups of pages annotated after the halves, never tuned on (the record names its group).
REPORTED = ("report2", "report3")
#: Every group of annotated pages.
GROUPS = (*HALVES, *REPORTED)
#: Groups that may be read page by page.
TUNED = HALVES
#: Labels are also matched on their first words, so that a label the ground truth cut short
#: (or a trailing "(2025)" one side kept) still counts; fewer words would be ambiguous.
PREFIX_WORDS = 4

#: A leading item number with its word and punctuation ("1.", "#2", "#3 Label", "Step 3:",
#: "No. 4 –", "Myth 5:", "Q:"); the labels are compared without it, on both sides.
_LEADING_NUMBER_RE = re.compile(
    r"^\s*(?:(?:step|tip|trend|myth|reason|rank|no|number|item|q)\s*\.?\s*)?[#№]?\s*"
    r"(?:\d{1,3}\s*(?:\.\)|[.):\]]|\s[-–—])|(?<=q)\s*[:.]|(?<=[#№])\d{1,3}(?=\s))\s*[-–—:]?\s*",
    re.IGNORECASE,
)
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_label(text: str) -> str:
    """NFKC, case-folded, leading item number removed, every run of non-word characters one
    space (quotes, dashes and punctuation fall away)."""
    text = unicodedata.normalize("NFKC", text or "").casefold().strip()
    text = _LEADING_NUMBER_RE.sub("", text, count=1)
    return _NON_WORD_RE.sub(" ", text).strip()


def label_hashes(text: str) -> tuple[str, str]:
    """SHA-1 of the normalised label and of its first :data:`PREFIX_WORDS` words."""
    norm = normalise_label(text)
    prefix = " ".join(norm.split()[:PREFIX_WORDS])
    return _sha1(norm), _sha1(prefix)


def _sha1(text: str) -> str:
    # A fingerprint to compare labels without storing them, not a security measure.
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def half(domain: str) -> str:
    """``tune`` or ``report``: a fixed hash of the domain, so a site is on one side only."""
    digest = hashlib.sha256(f"{HALF_SALT}:{domain}".encode()).digest()
    return HALVES[digest[0] % 2]


def group(record: dict, domain: str) -> str:
    """The record's group: one of :data:`REPORTED` when it says so, else its domain's half."""
    named = record.get("half")
    return named if named in REPORTED else half(domain)


def matched(predicted: list[str], gold: list[list[str]]) -> int:
    """How many predicted labels match a gold label (full or prefix hash), each gold once."""
    free = list(range(len(gold)))
    hits = 0
    for label in predicted:
        full, prefix = label_hashes(label)
        for position in free:
            if full == gold[position][0] or (
                len(normalise_label(label).split()) >= PREFIX_WORDS and prefix == gold[position][1]
            ):
                free.remove(position)
                hits += 1
                break
    return hits


def predictions(data: bytes, source: str) -> tuple[list[str], list[str], int, int] | None:
    """Item labels, FAQ questions and the number of listicle and FAQ blocks; ``None`` when
    the importer refuses the page."""
    try:
        article = extract_article(data, source)
    except ArticleImportError:
        return None
    listicles = [s for s in article.body if isinstance(s, Listicle)]
    faqs = [s for s in article.body if isinstance(s, FAQ)]
    items = [item.heading for s in listicles for item in s.items]
    questions = [q.question for s in faqs for q in s.items]
    return items, questions, len(listicles), len(faqs)


def _prf(tp: int, predicted: int, gold: int) -> dict:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "predicted": predicted,
        "gold": gold,
    }


def evaluate(records: list[dict], pages: dict[str, wcxb.Page], details: bool) -> dict:
    totals: Counter = Counter()
    invented_listicle, invented_faq, rows = [], [], []
    for record in records:
        page = pages[record["id"]]
        result = predictions(page.html_bytes(), page.id)
        items, questions = (result[0], result[1]) if result else ([], [])
        gold_items = record["items"]
        gold_faq = record["faq"]
        item_tp = matched(items, gold_items)
        faq_tp = matched(questions, gold_faq)
        totals.update(
            item_tp=item_tp,
            item_pred=len(items),
            item_gold=len(gold_items),
            faq_tp=faq_tp,
            faq_pred=len(questions),
            faq_gold=len(gold_faq),
        )
        if items and not gold_items:
            invented_listicle.append(page.id)
        if questions and not gold_faq:
            invented_faq.append(page.id)
        if details:
            rows.append(
                {
                    "id": page.id,
                    "items": f"{item_tp}/{len(items)}/{len(gold_items)}",
                    "faq": f"{faq_tp}/{len(questions)}/{len(gold_faq)}",
                    "refused": result is None,
                }
            )
    return {
        "pages": len(records),
        "reasons": _prf(totals["item_tp"], totals["item_pred"], totals["item_gold"]),
        "faq": _prf(totals["faq_tp"], totals["faq_pred"], totals["faq_gold"]),
        "invented_listicle": invented_listicle,
        "invented_faq": invented_faq,
        "rows": rows,
    }


def non_articles(pages: dict[str, wcxb.Page], side: dict[str, str]) -> dict:
    """Development non-article pages on which the importer produced a listicle or an FAQ."""
    listicle, faq, total = [], [], 0
    for page in sorted(pages.values(), key=lambda p: p.id):
        if page.page_type == "article" or side.get(page.id) != "dev":
            continue
        total += 1
        result = predictions(page.html_bytes(), page.id)
        if result is None:
            continue
        if result[2]:
            listicle.append(page.id)
        if result[3]:
            faq.append(page.id)
    return {"pages": total, "invented_listicle": listicle, "invented_faq": faq}


def print_half(name: str, entry: dict) -> None:
    reasons, faq = entry["reasons"], entry["faq"]
    print(f"{name}: {entry['pages']} annotated pages")
    for label, score in (("reason headings", reasons), ("FAQ questions", faq)):
        print(
            f"  {label:16} P {score['precision']:.3f}  R {score['recall']:.3f}  "
            f"F1 {score['f1']:.3f}  ({score['tp']}/{score['predicted']} predicted, "
            f"{score['gold']} gold)"
        )
    print(
        f"  invented listicle on {len(entry['invented_listicle'])}: "
        f"{', '.join(entry['invented_listicle']) or '–'}; invented FAQ on "
        f"{len(entry['invented_faq'])}: {', '.join(entry['invented_faq']) or '–'}"
    )
    for row in entry["rows"]:
        if not (_exact(row["items"]) and _exact(row["faq"])):
            refused = "  refused" if row["refused"] else ""
            print(f"    {row['id']}  items {row['items']}  faq {row['faq']}{refused}")


def _exact(score: str) -> bool:
    """Whether a "matched/predicted/gold" triple is all one number."""
    return len(set(score.split("/"))) == 1


def run(halves: tuple[str, ...], ids: set[str] | None, details: bool, with_non_articles: bool):
    """Score the chosen halves (and the non-article pages); return the report as a dict."""
    stored = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    all_pages, _metadata = wcxb.load_pages()
    side = wcxb.load_split(all_pages)
    pages = {p.id: p for p in all_pages}
    report: dict = {}
    if any(side[r["id"]] != "dev" for r in stored["pages"]):
        raise SystemExit("listicle_annotations.json names a holdout page; remove it")
    domains = {name: set() for name in GROUPS}
    for record in stored["pages"]:
        domains[group(record, pages[record["id"]].domain)].add(pages[record["id"]].domain)
    seen = {pages[i].domain for i in wcxb.seen_page_ids() if i in pages}
    earlier = domains["tune"] | domains["report"] | seen
    for name in REPORTED:
        if domains[name] & earlier:
            raise SystemExit(f"a {name} page shares its domain with an earlier group or corpus")
        earlier |= domains[name]
    for name in halves:
        records = [
            r
            for r in stored["pages"]
            if group(r, pages[r["id"]].domain) == name and (not ids or r["id"] in ids)
        ]
        report[name] = evaluate(records, pages, details and name in TUNED)
    if all(name in report for name in TUNED):
        report["tuned"] = _sum(report[name] for name in TUNED)
    if with_non_articles:
        report["non_articles"] = non_articles(pages, side)
    return report


def _sum(entries) -> dict:
    """One entry for several groups: pages, counts and lists added, scores recomputed."""
    entries = list(entries)
    total = {"pages": sum(e["pages"] for e in entries), "rows": []}
    for key in ("reasons", "faq"):
        counts = (sum(e[key][k] for e in entries) for k in ("tp", "predicted", "gold"))
        total[key] = _prf(*counts)
    for key in ("invented_listicle", "invented_faq"):
        total[key] = [page for e in entries for page in e[key]]
    return total


def print_report(report: dict) -> None:
    for name in (*HALVES, "tuned", *REPORTED):
        if name in report:
            print_half(name, report[name])
    if "non_articles" in report:
        info = report["non_articles"]
        print(
            f"non-articles (dev): {info['pages']} pages; invented listicle on "
            f"{len(info['invented_listicle'])}: {', '.join(info['invented_listicle']) or '–'}; "
            f"invented FAQ on {len(info['invented_faq'])}: "
            f"{', '.join(info['invented_faq']) or '–'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=(*GROUPS, "all"), default="all")
    parser.add_argument("--pages", help="comma-separated page ids")
    parser.add_argument(
        "--details", action="store_true", help="per-page misses (tune and report halves)"
    )
    parser.add_argument("--no-non-articles", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    # Parser notes about odd pages ("tags over 100000 characters") would bury the report.
    logging.basicConfig(level=logging.ERROR)
    if wcxb.shared_missing():
        print(f"{wcxb.WCXB_DIR} is missing; nothing to score")
        return 0
    halves = GROUPS if args.half == "all" else (args.half,)
    if args.details and args.half not in TUNED:
        parser.error("--details is for the tuned halves only (--half tune or --half report)")
    ids = set(args.pages.split(",")) if args.pages else None
    report = run(halves, ids, args.details, not args.no_non_articles)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
