"""``manage.py import_articles``: import HTML articles, or a WordPress export, as advice
article pages."""

from __future__ import annotations

import json
import sys
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page, Site

from advice_blocks.models import AdviceIndexPage
from importers.management import live_sites
from importers.management.commands import _background as background
from importers.sources.documents import collect_sources
from importers.store import report
from importers.store.runner import FAILED, PREVIEWED, limits_from_settings, run
from importers.store.save import CONFLICT, SKIPPED, SaveOptions, parent_problem

USAGE_ERROR = 2
WORDPRESS_ONLY = ("wordpress_uploads", "include_pages", "timezone")
PUBLISH_IGNORED = (
    "--publish is ignored with --wordpress-export: each post's status decides (published "
    "and private posts go live, scheduled ones are scheduled, drafts and pending posts "
    "stay drafts)."
)


class Command(BaseCommand):
    help = (
        "Import HTML articles (files, folders searched recursively, or http(s) URLs), or the "
        "posts of a WordPress export (--wordpress-export), as advice article pages. Exit "
        "status: 0 all imported, 1 some failed, 2 usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", metavar="SOURCE")
        parser.add_argument(
            "--parent",
            help="Parent page: an id or a URL path such as /blog/ (default: the site root).",
        )
        parser.add_argument("--publish", action="store_true", help="Publish (default: draft).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave pages that were imported before untouched.",
        )
        existing.add_argument(
            "--update",
            action="store_true",
            help="Update pages imported before with a new revision (the default).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=(
                "Import with this user's rights: pages they may not add, edit or publish "
                "are refused, and revisions are theirs (default: no user, full rights)."
            ),
        )
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help=(
                "Update pages even where editors changed them since the last import or "
                "locked them (default: leave such pages alone and report a conflict)."
            ),
        )
        parser.add_argument(
            "--download-images",
            action="store_true",
            help="Download remote images (with timeout and size cap); otherwise skip them.",
        )
        wordpress = parser.add_argument_group("WordPress exports")
        wordpress.add_argument(
            "--wordpress-export",
            metavar="FILE",
            help=(
                "Import the posts of this WordPress export (WXR, Tools > Export) instead of "
                "SOURCE arguments. Each post's status decides whether its page is live, "
                "scheduled or a draft (--publish is ignored); private posts need a login, "
                "password-protected ones their password. Old post URLs redirect to the new "
                "pages, and re-imports update the pages even where permalinks changed."
            ),
        )
        wordpress.add_argument(
            "--wordpress-uploads",
            metavar="DIR",
            help=(
                "A local copy of the site's wp-content/uploads: an image URL "
                ".../wp-content/uploads/2020/01/x.jpg is read from DIR/2020/01/x.jpg."
            ),
        )
        wordpress.add_argument(
            "--include-pages",
            action="store_true",
            help="Import the export's pages too (default: posts only).",
        )
        wordpress.add_argument(
            "--timezone",
            metavar="NAME",
            help=(
                "The WordPress site's timezone, such as Europe/Paris: dates the export "
                "gives only in local time are read in it, and publication days are counted "
                "in it (default: the TIME_ZONE setting)."
            ),
        )
        live_sites.add_arguments(parser, wordpress)
        background.add_arguments(parser)

    def handle(self, *args, **options):
        if background.wanted(options) or options["resume"] or options["wait"]:
            return background.handle(self, options)
        live_sites.check_options(options)
        if options["wordpress_site"]:
            return live_sites.handle_wordpress_site(self, options)
        if options["sitemap"]:
            return live_sites.handle_sitemap(self, options)
        if options["wordpress_export"]:
            return self.handle_wordpress(options)
        given = [name for name in WORDPRESS_ONLY if options[name]]
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise CommandError(
                f"{flags} go with --wordpress-export or --wordpress-site.", returncode=USAGE_ERROR
            )
        sources, argument_errors = collect_sources(options["sources"])
        if not sources and not argument_errors:
            raise CommandError("No sources given.", returncode=USAGE_ERROR)
        parent = self.find_parent(options["parent"])
        limits = limits_from_settings()
        save_options = SaveOptions(
            parent=parent,
            publish=options["publish"],
            existing="skip" if options["skip_existing"] else "update",
            download_images=options["download_images"],
            limits=limits,
            user=self.find_user(options["user"]),
            overwrite_edits=options["overwrite_edits"],
        )
        progress = self.progress_bar(len(sources)) if len(sources) > 1 else None
        results = []
        for result in run(
            sources,
            dry_run=options["dry_run"],
            options=save_options,
            limits=limits,
            progress=progress.update_for if progress else None,
        ):
            results.append(self.compact(result, options["dry_run"]))
        if progress:
            progress.close()
        errors = [{"source": s, "error": e} for s, e in argument_errors] + [
            {"source": r["source"], "error": r["error"]} for r in results if r["status"] == FAILED
        ]
        conflicts = [r for r in results if r["status"] == CONFLICT]
        if options["format"] == "json":
            self.write_json(results, errors, options["dry_run"])
        else:
            self.write_text(results, errors, options["dry_run"])
        if errors or conflicts:
            total = len(sources) + len(argument_errors)
            problems = [f"{len(errors)} of {total} sources failed"] if errors else []
            if conflicts:
                problems.append(
                    f"{len(conflicts)} of {total} were not imported because editors changed "
                    "their pages (see the conflicts above)"
                )
            # Django's command runner exits with the CommandError's return code.
            raise CommandError("; ".join(problems) + ".", returncode=1)

    def find_user(self, username):
        if username is None:
            return None
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r} (--user).", returncode=USAGE_ERROR)
        if not user.has_perm("advice_importers.import_articles"):
            raise CommandError(
                f"The user {username!r} does not have the 'Can import articles' permission.",
                returncode=USAGE_ERROR,
            )
        return user

    def find_parent(self, value):
        """The parent page: ``--parent``, else the site's root page when articles may go
        there, else the site's only advice index. Page-type rules are checked here, with
        the import screen's words, before anything is read."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if value is None:
            if site is None:
                raise CommandError("No default site; give --parent.", returncode=USAGE_ERROR)
            parent = site.root_page.specific
            if parent_problem(parent):
                indexes = AdviceIndexPage.objects.descendant_of(site.root_page)[:2]
                if len(indexes) == 1:
                    return indexes[0]
                raise CommandError(
                    f"{parent_problem(parent)} Give --parent: an advice index page, or a "
                    "page type named in ADVICE_BLOCKS['ARTICLE_PARENT_PAGE_TYPES'].",
                    returncode=USAGE_ERROR,
                )
            return parent
        try:
            if value.isdigit():
                parent = Page.objects.get(pk=int(value)).specific
            else:
                path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
                root_path = site.root_page.url_path if site else "/"
                parent = Page.objects.get(url_path=root_path.rstrip("/") + path).specific
        except Page.DoesNotExist:
            raise CommandError(
                f"Parent page {value!r} does not exist.", returncode=USAGE_ERROR
            ) from None
        if problem := parent_problem(parent):
            raise CommandError(problem, returncode=USAGE_ERROR)
        return parent

    def progress_bar(self, total):
        from tqdm import tqdm

        bar = tqdm(total=total, file=sys.stderr, unit="article", disable=None, leave=False)

        def update_for(result):
            bar.set_postfix_str(result.source[-40:], refresh=False)
            bar.update(1)

        bar.update_for = update_for
        return bar

    def compact(self, result, dry_run):
        """Keep only what the report needs, so long runs do not hold every article."""
        if result.status == FAILED:
            return {"source": result.source, "status": FAILED, "error": result.error}
        if dry_run:
            data = report.article_data(result)
            data["status"] = PREVIEWED
            return data
        page = result.page
        return {
            "source": result.source,
            "status": result.status,
            "title": page.title,
            "page_id": page.pk,
            "url": page.url,
            "warnings": result.warnings,
            "error": result.error,
        }

    def write_json(self, results, errors, dry_run):
        articles = [r for r in results if r["status"] != FAILED]
        if dry_run:
            for article in articles:
                article.pop("status", None)
        document = {"articles": articles, "errors": errors}
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))

    def write_text(self, results, errors, dry_run):
        counts = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            if r["status"] == FAILED:
                self.stderr.write(f"FAILED  {r['source']}: {r['error']}")
                continue
            if dry_run:
                shape = report.outline(r["body"])
                self.stdout.write(
                    f"{r['title']}\n  source: {r['source']}\n"
                    f"  author: {(r['author'] or {}).get('name', '-')}, "
                    f"published {r['published']}, "
                    f"updated {r['updated']}\n"
                    f"  {shape['reasons']} reasons, {shape['questions']} questions, "
                    f"{report.count_comments_data(r['comments'])} comments; "
                    f"blocks: {', '.join(shape['blocks'])}"
                )
            else:
                self.stdout.write(f"{r['status'].upper():9} {r['title']}  ({r['url']})")
                if r["status"] == CONFLICT:
                    self.stderr.write(f"CONFLICT {r['source']}: {r['error']}")
            for warning in r.get("warnings") or []:
                self.stdout.write(f"  warning: {warning}")
        for source, error in (
            (e["source"], e["error"])
            for e in errors
            if e["source"] not in {r["source"] for r in results}
        ):
            self.stderr.write(f"FAILED  {source}: {error}")
        counts[FAILED] = len(errors)
        shown = (
            ["previewed"]
            if dry_run
            else ["created", "updated", "unchanged", "skipped", CONFLICT + "s"]
        )
        counts[CONFLICT + "s"] = counts.get(CONFLICT, 0)
        summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in [*shown, FAILED])
        self.stdout.write(f"Summary: {summary}")

    # -- WordPress exports -------------------------------------------------------------------

    def handle_wordpress(self, options):
        from importers.store.wordpress import WordPressImport

        if options["sources"]:
            raise CommandError(
                "Give SOURCE arguments or --wordpress-export, not both.", returncode=USAGE_ERROR
            )
        path = Path(options["wordpress_export"])
        if not path.is_file():
            raise CommandError(
                f"No such file: {str(path)!r} (--wordpress-export).", returncode=USAGE_ERROR
            )
        uploads = options["wordpress_uploads"]
        if uploads is not None and not Path(uploads).is_dir():
            raise CommandError(
                f"No such folder: {uploads!r} (--wordpress-uploads).", returncode=USAGE_ERROR
            )
        tz = self.find_timezone(options["timezone"])
        parent = self.find_parent(options["parent"])
        limits = limits_from_settings()
        notes = [PUBLISH_IGNORED] if options["publish"] else []
        save_options = SaveOptions(
            parent=parent,
            existing="skip" if options["skip_existing"] else "update",
            download_images=options["download_images"],
            limits=limits,
            user=self.find_user(options["user"]),
            overwrite_edits=options["overwrite_edits"],
            uploads_dir=Path(uploads) if uploads is not None else None,
        )
        dry_run = options["dry_run"]
        run = WordPressImport(
            path,
            options=save_options,
            dry_run=dry_run,
            include_pages=options["include_pages"],
            tz=tz,
            limits=limits,
        )
        total = run.scan()
        progress = self.progress_bar(total) if total > 1 else None
        posts = []
        for outcome in run:
            if progress:
                progress.update_for(outcome.result or _Named(str(outcome.post_id)))
            posts.append(self.compact_post(outcome, dry_run))
        if progress:
            progress.close()
        summary = run.summary()
        problem = None
        if run.problem is not None:
            problem = {
                "source": str(path),
                "error": str(run.problem),
                "line": run.problem.line,
                "column": run.problem.column,
            }
        if options["format"] == "json":
            self.write_wordpress_json(path, run, posts, summary, problem, notes)
        else:
            self.write_wordpress_text(path, run, posts, summary, problem, notes, dry_run)
        failed = [p for p in posts if p["status"] == FAILED]
        conflicts = [p for p in posts if p["status"] == CONFLICT]
        problems = []
        if problem:
            problems.append(f"the export could not be read to its end ({run.problem})")
        if failed:
            problems.append(f"{len(failed)} of {summary['items_read']} items failed")
        if conflicts:
            problems.append(
                f"{len(conflicts)} were not imported because editors changed their pages "
                "(see the conflicts above)"
            )
        if problems:
            raise CommandError("; ".join(problems) + ".", returncode=1)

    def find_timezone(self, name):
        name = name or getattr(settings, "TIME_ZONE", None) or "UTC"
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(
                f"Unknown timezone {name!r} (--timezone); use a name such as Europe/Paris.",
                returncode=USAGE_ERROR,
            ) from None

    def compact_post(self, outcome, dry_run):
        """One post for the report; skipped and failed ones with their reason."""
        data = {
            "post_id": outcome.post_id,
            "post_type": outcome.post_type,
            "wordpress_status": outcome.wordpress_status,
        }
        result = outcome.result
        if result is None:
            return {**data, "status": SKIPPED, "title": outcome.title, "reason": outcome.skipped}
        compact = self.compact(result, dry_run)
        if result.status == FAILED:
            return {**data, **compact, "title": outcome.title}
        if result.status == SKIPPED:
            compact["reason"] = outcome.reason
        if dry_run:
            compact.update(outcome.preview or {})
            compact.pop("wordpress", None)
            return {**data, **compact}
        from importers.store.pagemeta import current_restriction, page_state

        saved = result.outcome
        # Publishing works on a copy of the page: read where it stands now.
        page = type(result.page).objects.get(pk=result.page.pk)

        compact.update(
            state=page_state(page),
            restriction=current_restriction(page) or None,
            redirects=list(getattr(saved, "redirects", []) or []),
            comments_added=getattr(saved, "comments_added", 0),
        )
        return {**data, **compact}

    def write_wordpress_json(self, path, run, posts, summary, problem, notes):
        site = run.site
        export = {
            "file": str(path),
            "site": site.title if site else None,
            "link": site.link if site else None,
            "language": site.language if site else None,
            "items_read": summary["items_read"],
        }
        document = report.posts_document(
            {"export": export}, posts, summary, notes, [problem] if problem else []
        )
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))

    def write_wordpress_text(self, path, run, posts, summary, problem, notes, dry_run):
        for note in notes:
            self.stderr.write(f"note: {note}")
        for post in posts:
            status, label = post["status"], f"{post['post_type']} {post['post_id']}"
            if status == FAILED:
                self.stderr.write(f"FAILED  {post['source']}: {post['error']}")
                continue
            if status == SKIPPED and post.get("page_id") is None:
                self.stdout.write(f"SKIPPED   {label} {post['title']!r}: {post['reason']}")
                continue
            if dry_run:
                self.write_preview(label, post)
            else:
                where = post["state"] + (f", {post['restriction']}" if post["restriction"] else "")
                self.stdout.write(
                    f"{status.upper():9} {post['title']}  ({post['url'] or '-'}; {where})"
                )
                if status == CONFLICT:
                    self.stderr.write(f"CONFLICT {post['source']}: {post['error']}")
                for redirect in post["redirects"]:
                    if redirect["action"] != "skipped":
                        self.stdout.write(
                            f"  redirect from {redirect['old_path']}: {redirect['action']}"
                        )
            for warning in post.get("warnings") or []:
                self.stdout.write(f"  warning: {warning}")
        if problem:
            self.stderr.write(f"FAILED  {problem['source']}: {problem['error']}")
        self.stdout.write(self.wordpress_summary(path, summary, dry_run))

    def write_preview(self, label, post):
        shape = report.outline(post["body"])
        publication = post["publication"]
        state = publication["state"]
        if publication["go_live_at"]:
            state += f" at {publication['go_live_at']}"
        if publication["restriction"]:
            state += f", {publication['restriction']} restriction"
        categories = ", ".join(c["path"] for c in post["categories"]) or "-"
        image = post["featured_image"]
        image_text = "-"
        if image:
            image_text = f"{image['src']} ({'imported' if image['imported'] else 'skipped'})"
        self.stdout.write(
            f"{post['title']}\n  {label}: would {post['action']} /{post['slug']}/ ({state})\n"
            f"  author: {(post['author'] or {}).get('name', '-')}, "
            f"published {post['published']}, updated {post['updated']}\n"
            f"  categories: {categories}; tags: {', '.join(post['tags']) or '-'}\n"
            f"  featured image: {image_text}\n"
            f"  {shape['reasons']} reasons, {shape['questions']} questions, "
            f"{report.count_comments_data(post['comments'])} comments; "
            f"blocks: {', '.join(shape['blocks']) or '-'}"
        )
        for redirect in post["redirects"]:
            self.stdout.write(f"  redirect from {redirect['old_path']}: {redirect['action']}")

    def wordpress_summary(self, path, summary, dry_run):
        imported = summary["imported"]
        shown = [PREVIEWED] if dry_run else ["created", "updated", "unchanged", CONFLICT]
        labels = {CONFLICT: "conflicts"}
        parts = [f"{imported.get(k, 0)} {labels.get(k, k)}" for k in shown]
        skipped = summary["skipped"]
        lines = [
            f"Summary: {summary['items_read']} items read from {path.name}: "
            + ", ".join(parts)
            + f"; {sum(skipped.values())} skipped; {summary['failed']} failed."
        ]
        for reason, number in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            hint = " (--include-pages imports them)" if reason == "post type page" else ""
            lines.append(f"  skipped {number}: {reason}{hint}")
        for reason, number in sorted(summary["comments_skipped"].items()):
            lines.append(f"  comments left out {number}: {reason}")
        return "\n".join(lines)


class _Named:
    """What the progress bar shows for a skipped post."""

    def __init__(self, source):
        self.source = source
