"""Set up the example site and run it: migrate, create a demo admin, import the sample
articles in ``fixtures/articles`` through ``import_articles``, then serve on 127.0.0.1:8000.

Run through ``make demo``; safe to run again (re-imports update the same pages).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

HOST, PORT = os.environ.get("DEMO_HOST", "127.0.0.1"), os.environ.get("DEMO_PORT", "8000")
USERNAME = "admin"
PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "advice-demo")


def main():
    call_command("migrate", interactive=False, verbosity=0)
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=USERNAME, defaults={"email": "admin@example.com"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(PASSWORD)
    user.save()

    index = advice_index()
    try:
        call_command(
            "import_articles",
            str(ROOT / "fixtures" / "articles"),
            "--publish",
            "--parent",
            str(index.pk),
        )
    except CommandError as error:
        print(f"Some sample articles did not import: {error}", file=sys.stderr)

    base = f"http://{HOST}:{PORT}"
    print(
        "\n"
        f"  Site:   {base}/\n"
        f"  Admin:  {base}/admin/   (user: {USERNAME}, password: {PASSWORD})\n"
        f"  API:    {base}/api/v2/pages/?type=advice_blocks.AdviceArticlePage"
        "&fields=author,last_updated\n",
        flush=True,
    )
    call_command("runserver", f"{HOST}:{PORT}", use_reloader=False)


def advice_index():
    """The demo's "Advice" listing under the home page, where the articles go."""
    from wagtail.models import Site

    from advice_blocks.models import AdviceIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    index = AdviceIndexPage.objects.child_of(home).first()
    if index is None:
        index = AdviceIndexPage(title="Advice", slug="advice-articles")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


if __name__ == "__main__":
    main()
