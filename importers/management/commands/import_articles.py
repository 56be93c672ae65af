"""``manage.py import_articles``: import HTML articles as advice article pages."""

from __future__ import annotations

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page, Site

from advice_blocks.models import AdviceIndexPage
from importers import report
from importers.runner import FAILED, PREVIEWED, limits_from_settings, run
from importers.save import CONFLICT, SaveOptions, parent_problem
from importers.sources import collect_sources

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Import HTML articles (files, folders searched recursively, or http(s) URLs) as "
        "advice article pages. Exit status: 0 all imported, 1 some failed, 2 usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
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

    def handle(self, *args, **options):
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
