"""Accuracy of the importer's extraction: WCXB pages and the annotated corpus.

Two reports, one command (``make accuracy``):

1. WCXB (``../shared/wcxb-dev``, see :mod:`benchmarks.wcxb` for the measures): body word F1,
   title, author and date accuracy, lost pages and parse time of ours, trafilatura and
   htmldate on the same pages in the same run, for the development and holdout sets
   (``benchmarks/wcxb_split.json``) and for article and non-article pages; what the importer
   does with non-article pages; the worst pages.
2. The annotated corpus (``../shared/corpus``, conventions in its ``ANNOTATIONS.md``): reason
   and FAQ headings, title, author, date, comments and author bio, beside trafilatura; then
   listicle and FAQ scores on hand-annotated WCXB development pages, in a tune and a report
   half, and blocks invented on non-article pages (:mod:`benchmarks.listicles`).

A full run writes ``benchmarks/results/accuracy-latest.json``; partial runs (``--only``,
``--set``, ``--limit``, ``--pages``) write only where ``--json`` says.

Usage::

    python benchmarks/accuracy.py [--only wcxb|corpus] [--set dev|holdout|all] [--limit N]
        [--pages ID,ID] [--jobs N] [--timing-runs N] [--explain ID,ID] [--json out.json]
        [--corpus PATH] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import wcxb  # noqa: E402
from benchmarks.common import RESULTS, interleaved_medians, machine_info  # noqa: E402
from importers.pipeline import extract_article  # noqa: E402
from importers.pipeline.model import FAQ, Article, Listicle  # noqa: E402

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


def run_corpus(args: argparse.Namespace) -> dict | None:
    if not (args.corpus / "annotations.json").exists():
        print(f"No annotated corpus at {args.corpus}: corpus report skipped.", file=sys.stderr)
        return None
    print(f"Annotated corpus ({args.corpus})\n")
    report = evaluate(args.corpus, with_trafilatura=not args.no_trafilatura)
    _print(report)
    if not wcxb.shared_missing():
        # The corpus is what the detectors were tuned on; hand-annotated WCXB pages are the
        # honest second measure (benchmarks/listicles.py).
        from benchmarks import listicles

        print("\nListicles and FAQs on hand-annotated WCXB development pages\n")
        report["wcxb_listicles"] = listicles.run(listicles.HALVES, None, False, True)
        listicles.print_report(report["wcxb_listicles"])
    return report


def _wcxb_pages(args: argparse.Namespace) -> tuple[list, dict, dict]:
    pages, metadata = wcxb.load_pages()
    side = wcxb.load_split(pages)
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",") if p.strip()}
        unknown = wanted - {p.id for p in pages}
        if unknown:
            raise SystemExit(f"Unknown WCXB page ids: {', '.join(sorted(unknown))}")
        pages = [p for p in pages if p.id in wanted]
    if args.set != "all":
        pages = [p for p in pages if side[p.id] == args.set]
    if args.limit:
        pages = pages[: args.limit]
    return pages, metadata, side


def run_wcxb(args: argparse.Namespace) -> dict | None:
    if wcxb.shared_missing():
        print(f"No WCXB pages at {wcxb.WCXB_DIR}: WCXB report skipped.", file=sys.stderr)
        return None
    pages, metadata, side = _wcxb_pages(args)
    timing = "parallel, indicative" if args.jobs > 1 else "one process"
    print(
        f"WCXB development pages ({metadata.get('source')} @ {metadata.get('commit', '')[:10]},"
        f" CC-BY-4.0): {len(pages)} pages, timing {timing}, {args.timing_runs} run(s) per page"
    )
    rows = wcxb.evaluate(pages, timing_runs=args.timing_runs, jobs=args.jobs)
    summary = wcxb.summarise(rows, side, args.jobs)
    wcxb.print_report(summary, rows)
    return wcxb.report_json(summary, rows, side, metadata)


def make_split() -> int:
    if wcxb.SPLIT_FILE.exists():
        print(f"{wcxb.SPLIT_FILE} exists; the split is made once and never regenerated.")
        return 1
    pages, metadata = wcxb.load_pages()
    split = wcxb.make_split(pages, metadata, wcxb.seen_page_ids())
    wcxb.SPLIT_FILE.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    for name in wcxb.SETS:
        counts = {group: len(split[name][group]) for group in wcxb.GROUPS}
        print(f"{name}: {counts}, {split[name]['domains']} domains")
    return 0


def explain(ids: str) -> int:
    pages, _ = wcxb.load_pages()
    side = wcxb.load_split(pages)
    by_id = {p.id: p for p in pages}
    for page_id in (i.strip() for i in ids.split(",") if i.strip()):
        if page_id not in by_id:
            print(f"Unknown WCXB page id {page_id}")
            return 2
        if side[page_id] != "dev":
            print(f"{page_id} is a holdout page: not explained (do not tune on it).")
            continue
        print(wcxb.explain(by_id[page_id]))
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("wcxb", "corpus"), help="run one report only")
    parser.add_argument("--set", choices=("dev", "holdout", "all"), default="all")
    parser.add_argument("--limit", type=int, help="first N WCXB pages (by id) of the set")
    parser.add_argument("--pages", help="comma-separated WCXB page ids")
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (timings become indicative)"
    )
    parser.add_argument("--timing-runs", type=int, default=wcxb.TIMING_RUNS)
    parser.add_argument("--explain", metavar="IDS", help="explain development pages and stop")
    parser.add_argument("--make-split", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--no-trafilatura", action="store_true", help="corpus report without trafilatura"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    wants_wcxb, wants_corpus = args.only != "corpus", args.only != "wcxb"
    missing_wcxb = wants_wcxb and wcxb.shared_missing()
    missing_corpus = wants_corpus and not (args.corpus / "annotations.json").exists()
    if (missing_wcxb or not wants_wcxb) and (missing_corpus or not wants_corpus):
        print(
            f"Nothing to measure: no WCXB pages at {wcxb.WCXB_DIR} and no annotated corpus at "
            f"{args.corpus}. Both live outside the repository, in ../shared (see README, "
            f"Importer accuracy).",
            file=sys.stderr,
        )
        return 1 if wcxb.ci() else 0
    if args.make_split:
        return make_split()
    if args.explain:
        return explain(args.explain)

    results: dict = {
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["benchmarks/accuracy.py", *(argv or sys.argv[1:])]),
        "machine": {**machine_info(), "htmldate": _version("htmldate")},
        "code": _git_state(),
    }
    if wants_wcxb:
        results["wcxb"] = run_wcxb(args)
    if wants_corpus:
        if wants_wcxb:
            print("\n")
        results["corpus"] = run_corpus(args)
    partial = args.only or args.set != "all" or args.limit or args.pages
    out = args.json or (None if partial else RESULTS / "accuracy-latest.json")
    if out:
        out.write_text(_dump(results), encoding="utf-8")
        print(f"\nResults written to {out}", file=sys.stderr)
    return 0


def _dump(results: dict) -> str:
    """JSON with one line per development page, so a run's diff reads page by page."""
    wcxb_results = results.get("wcxb") or {}
    pages = wcxb_results.pop("dev_pages", None)
    text = json.dumps(results, indent=1, default=str, ensure_ascii=False)
    if pages is None:
        return text + "\n"
    wcxb_results["dev_pages"] = pages
    rows = ",\n".join(
        "  " + json.dumps(_rounded(row), default=str, ensure_ascii=False, separators=(",", ":"))
        for row in pages
    )
    return text[: text.rindex("}")].rstrip() + f',\n "wcxb_dev_pages": [\n{rows}\n ]\n}}\n'


def _rounded(value):
    """Scores to four decimals, milliseconds to two: enough for a page row."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def _git_state() -> dict:
    """The commit measured, and whether the importer had uncommitted changes."""

    executable = shutil.which("git")

    def git(*args: str) -> str | None:
        if executable is None:
            return None
        try:
            done = subprocess.run(
                [executable, "-C", str(ROOT), *args], capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    status = git("status", "--porcelain", "--", "importers")
    return {"commit": git("rev-parse", "HEAD"), "importers_dirty": bool(status)}


def _version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
