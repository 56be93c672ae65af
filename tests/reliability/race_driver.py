"""``manage.py import_articles`` with a meeting point in the save path, for the race tests.

Run as ``python -m tests.reliability.race_driver import_articles …`` in place of
``manage.py``, with ``ADVICE_RACE_{NAME,PEER,DIR}`` set. The first time the process saves
an article, it looks up the page the source already has, as usual, and then waits (up to
``BARRIER_SECONDS``) until the peer process has done the same: both have then decided to
create or update with the same view of the database, which is exactly the moment two
racing imports can both create. The wait is outside the save's transaction, so neither
holds a lock while waiting.

Every save (each try of each source) is logged as a JSON line in ``DIR/NAME.jsonl`` with
its start and end on the system-wide monotonic clock, so the test can show the two
processes' saves overlapped and which tries lost the race.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

BARRIER_SECONDS = 120
POLL_SECONDS = 0.005


def install(name: str, peer: str, directory: Path) -> None:
    from importers.store import save

    log = (directory / f"{name}.jsonl").open("a", buffering=1)
    real_find_existing = save.find_existing
    real_save_once = save._save_once
    state = {"in_save": False, "met": False}

    def write(**entry):
        log.write(json.dumps(entry) + "\n")

    def find_existing(key):
        found = real_find_existing(key)
        if state["in_save"] and not state["met"]:
            state["met"] = True
            (directory / f"{name}.ready").touch()
            deadline = time.monotonic() + BARRIER_SECONDS
            while not (directory / f"{peer}.ready").exists():
                if time.monotonic() > deadline:
                    write(event="barrier timed out", at=time.monotonic())
                    return found
                time.sleep(POLL_SECONDS)
            write(event="met", key=key, found=found is not None, at=time.monotonic())
        return found

    def save_once(article, source, options, key):
        start = time.monotonic()
        state["in_save"] = True
        outcome = "raised"
        try:
            result = real_save_once(article, source, options, key)
            outcome = result.status
            return result
        except Exception as error:
            outcome = type(error).__name__
            raise
        finally:
            state["in_save"] = False
            write(event="save", key=key, start=start, end=time.monotonic(), outcome=outcome)

    save.find_existing = find_existing
    save._save_once = save_once


def main() -> None:
    import django

    django.setup()
    install(
        os.environ["ADVICE_RACE_NAME"],
        os.environ["ADVICE_RACE_PEER"],
        Path(os.environ["ADVICE_RACE_DIR"]),
    )
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
