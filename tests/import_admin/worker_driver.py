"""The web side of the real-worker test, run in its own process by ``test_db_worker.py``.

``python worker_driver.py upload FILE...``, ``confirm JOB`` and ``report JOB`` act as an
editor on the import screen (through Django's test client) and print one JSON document.
"""

import json
import sys
from pathlib import Path

import django


def editor_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username="worker-test").first()
    if user is None:
        user = get_user_model().objects.create_superuser("worker-test", "w@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


def tasks():
    """The import tasks in the database (Wagtail's own tasks go to the default queue)."""
    from django_tasks_db.models import DBTaskResult

    return [
        {"name": r.task_path.rsplit(".", 1)[-1], "queue": r.queue_name, "status": r.status}
        for r in DBTaskResult.objects.filter(queue_name="imports").order_by("enqueued_at")
    ]


def upload(paths):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.models import Page

    from importers.store.jobs import ImportJob

    files = [SimpleUploadedFile(Path(p).name, Path(p).read_bytes()) for p in paths]
    response = editor_client().post(
        reverse("advice_importers:import"),
        {
            "files": files,
            "urls": "",
            "parent": Page.objects.get(depth=2).pk,
            "publish": "publish",
            "existing": "update",
        },
    )
    if response.status_code != 302:
        raise SystemExit(f"upload refused: {response.status_code} {response.content[:2000]!r}")
    job = ImportJob.objects.latest("pk")
    return {"job": job.pk, "status": job.status, "tasks": tasks()}


def confirm(job_id):
    from django.urls import reverse

    from importers.store.jobs import ImportJob

    response = editor_client().post(
        reverse("advice_importers:job", args=[job_id]), {"action": "import"}
    )
    assert response.status_code == 302, response.status_code
    return {"status": ImportJob.objects.get(pk=job_id).status, "tasks": tasks()}


def report(job_id):
    from django.urls import reverse
    from wagtail.images import get_image_model

    from advice_blocks.models import AdviceArticlePage
    from importers.store.jobs import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    status = editor_client().get(reverse("advice_importers:job_status", args=[job_id])).json()
    return {
        "status": status,
        "sources": list(job.sources.values("name", "status", "page_id", "error")),
        "pages": [
            {
                "id": p.pk,
                "title": p.title,
                "live": p.live,
                "reasons": len(p.listicles[0].numbered_items()),
            }
            for p in AdviceArticlePage.objects.order_by("pk")
        ],
        "images": get_image_model().objects.count(),
        "tasks": tasks(),
    }


def main(command, *args):
    django.setup()
    if command == "upload":
        result = upload(args)
    elif command == "confirm":
        result = confirm(int(args[0]))
    elif command == "report":
        result = report(int(args[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:])
