"""One benchmark step in its own process, on its own database: ``python -m benchmarks.worker``.

The orchestrator (:mod:`benchmarks.run`) starts this with ``ADVICE_BENCH_DB`` and
``ADVICE_BENCH_MEDIA`` pointing into its temporary directory; the result is written as JSON
to ``--out``.

Steps: ``migrate`` (build the template database), ``import-ours FOLDER [--dump FILE]``,
``import-baseline --dump FILE``, ``pages``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("step", choices=["migrate", "import-ours", "import-baseline", "pages"])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from .common import ensure_paths

    ensure_paths()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()

    if args.step == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        result: dict = {"migrated": True}
    elif args.step == "import-ours":
        from .import_bench import run_ours

        result = run_ours(args.folder, args.dump)
    elif args.step == "import-baseline":
        from .import_bench import run_baseline

        result = run_baseline(args.dump)
    else:
        from .pages_bench import run

        result = run(args.runs)
    args.out.write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
