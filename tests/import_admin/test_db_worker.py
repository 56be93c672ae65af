"""A real worker: django-tasks-db's database backend and its ``db_worker`` command.

The web side and the worker are separate processes sharing one database, as on a site whose
imports run on worker machines: the upload only enqueues, the worker previews; the
confirmation only enqueues, the worker imports; each step is read back through the screen's
JSON status view.
"""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import FIXTURES, ROOT

pytest.importorskip(
    "django_tasks_db",
    reason="django-tasks-db is not installed (it is in the test extra: pip install -e '.[test]')",
)

DRIVER = ROOT / "tests" / "import_admin" / "worker_driver.py"
#: Process the import queue's tasks, then exit; no start-up delay, no code reloader.
WORKER_OPTIONS = ["--batch", "--no-startup-delay", "--no-reload", "--queue-name", "imports"]
#: Seconds one subprocess may take (a migrate on a slow machine is the longest).
STEP_TIMEOUT = 300


@pytest.fixture
def env(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.import_admin.worker_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
        "ADVICE_WORKER_DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "ADVICE_WORKER_MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("DATABASE_URL", None)
    return environment


def run(env, *args):
    completed = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, f"{args} failed:\n{completed.stdout}\n{completed.stderr}"
    return completed


def drive(env, *args):
    return json.loads(run(env, str(DRIVER), *map(str, args)).stdout.strip().splitlines()[-1])


def worker(env):
    """Run every queued import task, then exit (what a long-running worker does as they come)."""
    run(env, "-m", "django", "db_worker", *WORKER_OPTIONS)


def test_a_database_worker_in_another_process_previews_and_imports(env, tmp_path):
    folder = FIXTURES / "houseplants-keep-dying"
    archive = tmp_path / "houseplants.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(folder / "source.html", "houseplants/source.html")
        for image in sorted((folder / "images").iterdir()):
            zipped.write(image, f"houseplants/images/{image.name}")
    article = tmp_path / "sleep.html"
    article.write_bytes((FIXTURES / "sleep-habits" / "source.html").read_bytes())

    run(env, "-m", "django", "migrate", "--noinput")

    uploaded = drive(env, "upload", archive, article)
    job = uploaded["job"]
    assert uploaded["status"] == "previewing"
    assert uploaded["tasks"] == [
        {"name": "preview_import_job", "queue": "imports", "status": "READY"}
    ]

    worker(env)
    previewed = drive(env, "report", job)
    assert previewed["status"]["status"] == "ready"
    assert (previewed["status"]["processed"], previewed["status"]["total"]) == (2, 2)
    assert [s["status"] for s in previewed["sources"]] == ["previewed", "previewed"]
    assert previewed["pages"] == [] and previewed["images"] == 0

    confirmed = drive(env, "confirm", job)
    assert confirmed["status"] == "queued"
    assert confirmed["tasks"][-1] == {
        "name": "run_import_job",
        "queue": "imports",
        "status": "READY",
    }

    worker(env)
    done = drive(env, "report", job)
    assert done["status"]["status"] == "done", done
    assert (done["status"]["processed"], done["status"]["failed"]) == (2, 0)
    assert [s["status"] for s in done["sources"]] == ["created", "created"]
    assert [t["status"] for t in done["tasks"]] == ["SUCCESSFUL", "SUCCESSFUL"]
    pages = {p["title"][:26]: p for p in done["pages"]}
    assert all(p["live"] for p in done["pages"])
    assert pages["6 Reasons Your Houseplants"]["reasons"] == 6
    assert done["images"] == 3  # the images next to the HTML in the zip
    assert {s["page_id"] for s in done["sources"]} == {p["id"] for p in done["pages"]}
