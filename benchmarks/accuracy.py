"""Accuracy and speed of the importer's extraction on the real-page corpus.

Runs :func:`importers.pipeline.extract_article` over every page in ``shared/corpus/pages``,
scores it against ``shared/corpus/annotations.json`` (conventions in ``ANNOTATIONS.md``) and
prints a table; trafilatura is scored on the fields it also extracts (title, author, date)
and timed on the same pages.

Usage::

    python benchmarks/accuracy.py [--corpus PATH] [--json out.json] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import interleaved_medians  # noqa: E402
from importers.model import FAQ, Article, Listicle  # noqa: E402
from importers.pipeline import extract_article  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
#: Number prefixes removed from item labels before comparing (both sides).
_PREFIX_RE = re.compile(
    r"^[\Wᐊ]*(?:(?:step|tip|reason|rank|no|number|way|day)\.?\s*)?[#№]?\s*\d{1,3}\s*"
    r"(?:\.\)|[.):\]ᐅ])?\s*[-–—:]?\s*",
    re.IGNORECASE,
)
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)
#: How many times each page is extracted for timing (the median run counts).
TIMING_RUNS = 5


def normalise(text: str | None, *, strip_number: bool = False) -> str:
    """Lower-case, unify quotes/dashes, drop punctuation (and a number prefix)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"')
    if strip_number:
        text = _PREFIX_RE.sub("", text.strip())
    return _NON_WORD_RE.sub(" ", text.lower()).strip()


def _items(article: Article) -> list[str]:
    return [r.heading for s in article.body if isinstance(s, Listicle) for r in s.items]


def _questions(article: Article) -> list[str]:
    return [q.question for s in article.body if isinstance(s, FAQ) for q in s.items]


def _count_comments(comments) -> int:
    total = 0
    stack = list(comments)
    while stack:
        comment = stack.pop()
        total += 1
        stack.extend(comment.replies)
    return total


def _match(predicted: list[str], gold: list[str]) -> int:
    """Multiset overlap of normalised labels."""
    a = Counter(normalise(p, strip_number=True) for p in predicted)
    b = Counter(normalise(g, strip_number=True) for g in gold)
    return sum((a & b).values())


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _trafilatura():
    try:
        import trafilatura
    except ImportError:
        return None
    return trafilatura


def evaluate(corpus: Path, with_trafilatura: bool = True) -> dict:
    """Score every annotated page; return per-page rows and totals."""
    annotations = json.loads((corpus / "annotations.json").read_text(encoding="utf-8"))
    trafilatura = _trafilatura() if with_trafilatura else None
    rows = []
    for record in annotations:
        path = corpus / "pages" / record["file"]
        data = path.read_bytes()
        row: dict = {"file": record["file"], "category": record["category"]}
        try:
            article = extract_article(data, record["file"])
            row["error"] = None
        except Exception as error:  # noqa: BLE001 - the report must cover every page
            row["error"] = f"{type(error).__name__}: {error}"
            rows.append(row)
            continue
        html = data.decode("utf-8", "replace")
        timed = [lambda d=data, f=record["file"]: extract_article(d, f)]
        if trafilatura is not None:
            timed.append(
                lambda h=html: trafilatura.extract(h, with_metadata=True, include_comments=True)
            )
        # Alternate the two, so that a change in machine load cannot favour either.
        times = interleaved_medians(timed, TIMING_RUNS)
        row["ms"] = times[0] * 1000
        if trafilatura is not None:
            row["traf_ms"] = times[1] * 1000
        items, gold_items = _items(article), record.get("items") or []
        row.update(
            items_pred=len(items), items_gold=len(gold_items), items_tp=_match(items, gold_items)
        )
        row["invented_listicle"] = bool(items) and not record.get("is_listicle")
        questions, gold_faq = _questions(article), record.get("faq") or []
        row.update(
            faq_pred=len(questions), faq_gold=len(gold_faq), faq_tp=_match(questions, gold_faq)
        )
        row["title_ok"] = normalise(article.title) == normalise(record.get("title"))
        name = article.author.name if article.author else None
        row["author_ok"] = normalise(name) == normalise(record.get("author"))
        dates = {d.isoformat() for d in (article.published, article.updated) if d}
        gold_date = record.get("date")
        row["date_ok"] = (gold_date in dates) if gold_date else not dates
        gold_published = record.get("date_published")
        row["published_ok"] = (
            (article.published and article.published.isoformat()) == gold_published
            if gold_published
            else None
        )
        gold_comments = record.get("comment_count") or 0
        row["comments_pred"] = _count_comments(article.comments)
        row["comments_ok"] = row["comments_pred"] == gold_comments
        row["bio_ok"] = bool(article.author and article.author.bio_html) == bool(
            record.get("has_author_bio")
        )
        row["warnings"] = article.warnings
        if trafilatura is not None:
            document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=True)
            title = getattr(document, "title", None)
            author = getattr(document, "author", None)
            date = getattr(document, "date", None)
            row["traf_title_ok"] = normalise(title) == normalise(record.get("title"))
            row["traf_author_ok"] = normalise(author) == normalise(record.get("author"))
            row["traf_date_ok"] = (date == gold_date) if gold_date else not date
        rows.append(row)
    return {"rows": rows, "totals": _totals(rows)}


def _totals(rows: list[dict]) -> dict:
    ok = [r for r in rows if not r["error"]]
    totals: dict = {"pages": len(rows), "errors": len(rows) - len(ok)}
    for key in ("items", "faq"):
        tp = sum(r[f"{key}_tp"] for r in ok)
        predicted = sum(r[f"{key}_pred"] for r in ok)
        gold = sum(r[f"{key}_gold"] for r in ok)
        precision, recall, f1 = _prf(tp, predicted, gold)
        totals[key] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": tp,
            "predicted": predicted,
            "gold": gold,
        }
    for key in (
        "title_ok",
        "author_ok",
        "date_ok",
        "comments_ok",
        "bio_ok",
        "traf_title_ok",
        "traf_author_ok",
        "traf_date_ok",
    ):
        values = [r[key] for r in ok if key in r]
        if values:
            totals[key.replace("_ok", "")] = sum(values) / len(values)
    published = [r["published_ok"] for r in ok if r.get("published_ok") is not None]
    if published:
        totals["published"] = sum(published) / len(published)
    totals["invented_listicles"] = sum(1 for r in ok if r["invented_listicle"])
    if ok:
        totals["median_ms"] = statistics.median(r["ms"] for r in ok)
    traf = [r["traf_ms"] for r in ok if "traf_ms" in r]
    if traf:
        totals["traf_median_ms"] = statistics.median(traf)
        totals["time_ratio"] = totals["median_ms"] / totals["traf_median_ms"]
        ratios = [r["ms"] / r["traf_ms"] for r in ok if "traf_ms" in r]
        totals["median_page_ratio"] = statistics.median(ratios)
    return totals


def _print(report: dict) -> None:
    print(f"{'page':48} {'items tp/pred/gold':>18} {'faq tp/pred/gold':>16} T A D C B   ms")
    for r in report["rows"]:
        if r["error"]:
            print(f"{r['file'][:48]:48} ERROR {r['error']}")
            continue
        flags = " ".join(
            "✓" if r[k] else "✗"
            for k in ("title_ok", "author_ok", "date_ok", "comments_ok", "bio_ok")
        )
        items = f"{r['items_tp']}/{r['items_pred']}/{r['items_gold']}"
        faq = f"{r['faq_tp']}/{r['faq_pred']}/{r['faq_gold']}"
        print(f"{r['file'][:48]:48} {items:>18} {faq:>16} {flags} {r['ms']:5.1f}")
    t = report["totals"]
    print()
    print(
        f"pages {t['pages']}, errors {t['errors']}, invented listicles {t['invented_listicles']}"
    )
    for key, label in (("items", "reason headings"), ("faq", "FAQ questions")):
        v = t[key]
        print(
            f"{label:16} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
            f"({v['tp']}/{v['predicted']} predicted, {v['gold']} gold)"
        )
    print(f"{'field':16} {'ours':>6} {'trafilatura':>12}")
    for key in ("title", "author", "date", "published", "comments", "bio"):
        ours = t.get(key)
        theirs = t.get(f"traf_{key}")
        print(
            f"{key:16} {ours if ours is None else f'{ours:.3f}':>6} "
            f"{'' if theirs is None else f'{theirs:.3f}':>12}"
        )
    if "traf_median_ms" in t:
        print(
            f"median ms: ours {t['median_ms']:.1f}, trafilatura {t['traf_median_ms']:.1f} "
            f"(ratio {t['time_ratio']:.2f}; median per-page ratio "
            f"{t['median_page_ratio']:.2f})"
        )
    elif "median_ms" in t:
        print(f"median ms: ours {t['median_ms']:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="also write the full report as JSON")
    parser.add_argument("--no-trafilatura", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not (args.corpus / "annotations.json").exists():
        print(f"No corpus at {args.corpus}", file=sys.stderr)
        return 2
    report = evaluate(args.corpus, with_trafilatura=not args.no_trafilatura)
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
