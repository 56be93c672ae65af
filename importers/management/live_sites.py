"""``import_articles --wordpress-site`` and ``--sitemap``: importing a live site.

Kept out of the command's module, which calls :func:`handle_wordpress_site` and
:func:`handle_sitemap` with itself and its options; the storing is
:mod:`importers.store.site`.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.core.management.base import CommandError

from importers.errors import SourceReadError
from importers.sources.documents import URL_SCHEMES
from importers.sources.web import Politeness
from importers.store import report
from importers.store.runner import FAILED, PREVIEWED, limits_from_settings
from importers.store.save import CONFLICT, SKIPPED, SaveOptions

USAGE_ERROR = 2
PUBLISH_IGNORED = (
    "--publish is ignored with --wordpress-site: each post's status decides (the REST API "
    "shows visitors only published posts, which go live)."
)
#: Options that only go with --sitemap, and those that go with a live site.
SITEMAP_ONLY = ("include", "exclude")
WORDPRESS_ONLY = ("wordpress_uploads", "include_pages", "timezone")


def add_arguments(parser, wordpress) -> None:
    """``--wordpress-site`` in the command's WordPress group; the sitemap options."""
    wordpress.add_argument(
        "--wordpress-site",
        metavar="URL",
        help=(
            "Import the published posts of this live WordPress site through its REST API "
            "(/wp-json/), with the same mapping as --wordpress-export: authors, categories, "
            "tags, featured images, approved comments and redirects. Re-runs, and runs of "
            "the site's export, update the same pages. Password-protected posts, drafts "
            "and comments awaiting moderation are not public: import an export for them."
        ),
    )
    live = parser.add_argument_group("Sitemaps and live sites")
    live.add_argument(
        "--sitemap",
        metavar="URL",
        help=(
            "Import the pages a site's sitemaps list, each through the HTML path: a sitemap "
            "or sitemap index (gzipped or not), or a site root whose robots.txt names them. "
            "URLs robots.txt disallows are skipped; every URL is accounted for."
        ),
    )
    live.add_argument(
        "--include",
        action="append",
        metavar="PATTERN",
        help=(
            "With --sitemap: import only URLs whose path matches this glob (/blog/*; "
            "* crosses /). Repeatable."
        ),
    )
    live.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="With --sitemap: skip URLs whose path matches this glob (*/tag/*). Repeatable.",
    )
    live.add_argument(
        "--delay",
        type=float,
        metavar="SECONDS",
        help=(
            "Seconds between two requests to one host with --wordpress-site or --sitemap "
            "(default 1; a longer robots.txt Crawl-delay wins for --sitemap, up to 10)."
        ),
    )


def check_options(options) -> None:
    """Refuse options that do not go together, before anything is read."""
    site, sitemap = options.get("wordpress_site"), options.get("sitemap")
    chosen = [
        flag
        for flag, given in (
            ("--wordpress-export", options.get("wordpress_export")),
            ("--wordpress-site", site),
            ("--sitemap", sitemap),
        )
        if given
    ]
    if len(chosen) > 1:
        raise CommandError(f"Give one of {', '.join(chosen)}, not both.", returncode=USAGE_ERROR)
    if (site or sitemap) and options["sources"]:
        raise CommandError(
            f"Give SOURCE arguments or {chosen[0]}, not both.", returncode=USAGE_ERROR
        )
    wordpress_only = [name for name in WORDPRESS_ONLY if options.get(name)]
    if sitemap and wordpress_only:
        flags = ", ".join("--" + name.replace("_", "-") for name in wordpress_only)
        raise CommandError(
            f"{flags} go with --wordpress-export or --wordpress-site.", returncode=USAGE_ERROR
        )
    if not sitemap and any(options.get(name) for name in SITEMAP_ONLY):
        raise CommandError("--include and --exclude go with --sitemap.", returncode=USAGE_ERROR)
    if not (site or sitemap) and options.get("delay") is not None:
        raise CommandError(
            "--delay goes with --wordpress-site or --sitemap.", returncode=USAGE_ERROR
        )
    if options.get("delay") is not None and options["delay"] < 0:
        raise CommandError("--delay must be 0 or more seconds.", returncode=USAGE_ERROR)
    for flag, url in (("--wordpress-site", site), ("--sitemap", sitemap)):
        if url and not (urlsplit(url).scheme.lower() in URL_SCHEMES and urlsplit(url).netloc):
            raise CommandError(
                f"{flag} needs an http(s) URL, not {url!r}.", returncode=USAGE_ERROR
            )


def _delay(options) -> float:
    from importers.sources.web.politeness import DEFAULT_DELAY

    return DEFAULT_DELAY if options.get("delay") is None else float(options["delay"])


def _save_options(command, options, **extra) -> SaveOptions:
    return SaveOptions(
        parent=command.find_parent(options["parent"]),
        existing="skip" if options["skip_existing"] else "update",
        download_images=options["download_images"],
        limits=limits_from_settings(),
        user=command.find_user(options["user"]),
        overwrite_edits=options["overwrite_edits"],
        **extra,
    )


# -- WordPress REST API ----------------------------------------------------------------------


class _Label:
    """How the shared WordPress report names a live site (it names an export by file)."""

    def __init__(self, name: str):
        self.name = name


def handle_wordpress_site(command, options) -> None:
    from pathlib import Path

    from importers.store.site import WordPressSiteImport

    url = options["wordpress_site"]
    uploads = options["wordpress_uploads"]
    if uploads is not None and not Path(uploads).is_dir():
        raise CommandError(
            f"No such folder: {uploads!r} (--wordpress-uploads).", returncode=USAGE_ERROR
        )
    tz = command.find_timezone(options["timezone"])
    save_options = _save_options(
        command, options, uploads_dir=Path(uploads) if uploads is not None else None
    )
    notes = [PUBLISH_IGNORED] if options["publish"] else []
    dry_run = options["dry_run"]
    run = WordPressSiteImport(
        url,
        options=save_options,
        dry_run=dry_run,
        include_pages=options["include_pages"],
        tz=tz,
        limits=save_options.limits,
        delay=_delay(options),
    )
    try:
        run.connect()
    except SourceReadError as error:
        raise CommandError(
            f"Cannot import {url} through the WordPress REST API: {error.reason}.", returncode=1
        ) from None
    progress = command.progress_bar(None)
    posts = []
    for outcome in run:
        progress.update_for(outcome.result or _Named(f"{outcome.post_type} {outcome.post_id}"))
        posts.append(command.compact_post(outcome, dry_run))
    progress.close()
    summary = run.summary()
    incomplete = run.incomplete
    if options["format"] == "json":
        _write_site_json(command, run, posts, summary, notes)
    else:
        command.write_wordpress_text(
            _Label(f"the site {url}"), run, posts, summary, None, notes, dry_run
        )
        for problem in run.problems:
            label = "FAILED  " if problem.incomplete else "problem:"
            command.stderr.write(f"{label} {problem}")
    failed = [p for p in posts if p["status"] == FAILED]
    conflicts = [p for p in posts if p["status"] == CONFLICT]
    problems = []
    if incomplete:
        listings = "1 listing" if len(incomplete) == 1 else f"{len(incomplete)} listings"
        problems.append(
            f"the site could not be read to its end ({listings} broke off: "
            + "; ".join(str(p) for p in incomplete)
            + ")"
        )
    if failed:
        problems.append(f"{len(failed)} of {summary['items_read']} items failed")
    if conflicts:
        problems.append(
            f"{len(conflicts)} were not imported because editors changed their pages "
            "(see the conflicts above)"
        )
    if problems:
        raise CommandError("; ".join(problems) + ".", returncode=1)


def _write_site_json(command, run, posts, summary, notes) -> None:
    site = run.site
    source = {
        "url": run.url,
        "api": run.reader.api_root if run.reader else None,
        "title": site.title if site else None,
        "link": site.link if site else None,
        "language": site.language if site else None,
        "items_read": summary["items_read"],
    }
    broke_off = [
        {"source": problem.url, "error": str(problem)}
        for problem in run.problems
        if problem.incomplete
    ]
    document = report.posts_document({"site": source}, posts, summary, notes, broke_off)
    command.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))


class _Named:
    """What the progress bar shows for a skipped post."""

    def __init__(self, source):
        self.source = source


# -- sitemaps --------------------------------------------------------------------------------


def handle_sitemap(command, options) -> None:
    from importers.store.site import SitemapImport

    start = options["sitemap"]
    save_options = _save_options(command, options, publish=options["publish"])
    dry_run = options["dry_run"]
    try:
        run = SitemapImport(
            start,
            options=save_options,
            dry_run=dry_run,
            include=options["include"] or (),
            exclude=options["exclude"] or (),
            politeness=Politeness(delay=_delay(options)),
        )
    except ValueError as error:
        raise CommandError(f"{error}.", returncode=USAGE_ERROR) from None
    progress = command.progress_bar(None)
    outcomes = []
    for outcome in run:
        if outcome.result is not None:
            progress.update_for(outcome.result)
        outcomes.append(_compact_url(command, outcome, dry_run))
    progress.close()
    summary = run.summary()
    if options["format"] == "json":
        _write_sitemap_json(command, run, outcomes, summary)
    else:
        _write_sitemap_text(command, run, outcomes, summary, dry_run, options["verbosity"])
    failed = [o for o in outcomes if o["status"] == FAILED]
    conflicts = [o for o in outcomes if o["status"] == CONFLICT]
    problems = []
    if not summary["sitemaps_read"]:
        problems.append(
            f"no sitemap could be read from {start} ("
            + "; ".join(summary["problems"] or ["no reason given"])
            + ")"
        )
    if failed:
        problems.append(f"{len(failed)} of {summary['urls_found']} URLs failed")
    if conflicts:
        problems.append(
            f"{len(conflicts)} were not imported because editors changed their pages "
            "(see the conflicts above)"
        )
    if problems:
        raise CommandError("; ".join(problems) + ".", returncode=1)


def _compact_url(command, outcome, dry_run) -> dict:
    data = {"url": outcome.url, "status": outcome.status}
    if outcome.result is None:
        return {**data, "reason": outcome.reason}
    compact = command.compact(outcome.result, dry_run)
    compact.pop("source", None)
    if "url" in compact:
        compact["page_url"] = compact.pop("url")
    data.update(compact)
    data["lastmod"] = outcome.lastmod.isoformat() if outcome.lastmod else None
    data["sitemap"] = outcome.sitemap
    if outcome.reason:
        data["reason"] = outcome.reason
    return data


def _write_sitemap_json(command, run, outcomes, summary) -> None:
    document = {
        "sitemap": {
            "start": run.start,
            "sitemaps_read": summary["sitemaps_read"],
            "urls_found": summary["urls_found"],
        },
        "articles": [o for o in outcomes if o["status"] not in (FAILED, SKIPPED)],
        "skipped": [o for o in outcomes if o["status"] == SKIPPED],
        "errors": [
            {"source": o["url"], "error": o["error"]} for o in outcomes if o["status"] == FAILED
        ],
        "problems": [
            {"sitemap": problem.sitemap, "message": problem.message} for problem in run.problems
        ],
        "summary": summary,
    }
    command.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))


def _write_sitemap_text(command, run, outcomes, summary, dry_run, verbosity) -> None:
    for o in outcomes:
        status = o["status"]
        if status == FAILED:
            command.stderr.write(f"FAILED    {o['url']}: {o['error']}")
            continue
        if status == SKIPPED and "page_id" not in o:
            if verbosity >= 2:
                command.stdout.write(f"SKIPPED   {o['url']}: {o['reason']}")
            continue
        if dry_run:
            shape = report.outline(o["body"])
            command.stdout.write(
                f"{o['title']}\n  url: {o['url']}\n"
                f"  author: {(o['author'] or {}).get('name', '-')}, "
                f"published {o['published']}, updated {o['updated']}\n"
                f"  {shape['reasons']} reasons, {shape['questions']} questions; "
                f"blocks: {', '.join(shape['blocks']) or '-'}"
            )
        else:
            command.stdout.write(f"{status.upper():9} {o['title']}  ({o['page_url']})")
            if status == CONFLICT:
                command.stderr.write(f"CONFLICT  {o['url']}: {o['error']}")
        for warning in o.get("warnings") or []:
            command.stdout.write(f"  warning: {warning}")
    for problem in run.problems:
        command.stderr.write(f"problem: {problem}")
    imported = summary["imported"]
    shown = [PREVIEWED] if dry_run else ["created", "updated", "unchanged", CONFLICT]
    labels = {CONFLICT: "conflicts"}
    parts = ", ".join(f"{imported.get(k, 0)} {labels.get(k, k)}" for k in shown)
    skipped = summary["skipped"]
    lines = [
        f"Summary: {summary['urls_found']} URLs in {summary['sitemaps_read']} sitemaps of "
        f"{run.start}: {parts}; {sum(skipped.values())} skipped; {summary['failed']} failed."
    ]
    for reason, number in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  skipped {number}: {reason}")
    if skipped and verbosity < 2:
        lines.append("  (-v 2 lists every skipped URL)")
    command.stdout.write("\n".join(lines))
