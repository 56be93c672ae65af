"""Peak memory while reading a WordPress export: flat, whatever the file's size.

    python -m benchmarks.wxr_memory                 # 50 and 500 MiB exports
    python -m benchmarks.wxr_memory --sizes 30 --tree

Writes exports with ``scripts/make_big_wxr.py`` into a temporary folder (deleted after),
then reads each in a fresh Python process and reports the growth of its peak resident set
size over the process's size before reading. ``--tree`` also measures
lxml's whole-tree parse of the same file, what a non-streaming reader would cost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "wordpress" / "advice-export.xml"
KIB = 1024
MIB = 1 << 20


def peak_rss_bytes() -> int:
    """This process's peak resident set size.

    Linux's ``VmHWM`` first: ``getrusage``'s ``ru_maxrss`` survives ``exec``, so a child
    started by a big process (a test run) reports its parent's peak until it exceeds it.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * KIB
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * KIB  # bytes on macOS, KiB elsewhere


def _child(mode: str, path: str) -> None:
    """Runs in the measured process: read ``path`` and print the figures as JSON."""
    from lxml import etree

    from importers.sources.wordpress import Item, WXRReader

    # Warm up on the small fixture so imports, caches and lxml's buffers exist before the
    # baseline is taken: only what grows with the file is measured.
    for _record in WXRReader(FIXTURE):
        pass
    before = peak_rss_bytes()
    started = time.perf_counter()
    if mode == "stream":
        reader = WXRReader(path)
        characters = 0
        for record in reader:
            if isinstance(record, Item):
                characters += len(record.content)
        items = sum(reader.counts.values())
        problem = str(reader.problem) if reader.problem else ""
    else:
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
        tree = etree.parse(path, parser)
        items = len(tree.getroot().findall("./channel/item"))
        problem = ""
    seconds = time.perf_counter() - started
    peak = peak_rss_bytes()
    print(
        json.dumps(
            {
                "mode": mode,
                "items": items,
                "seconds": round(seconds, 2),
                "baseline_bytes": before,
                "peak_bytes": peak,
                "growth_bytes": peak - before,
                "problem": problem,
            }
        )
    )


def measure(path: Path, mode: str = "stream") -> dict:
    """Read ``path`` in a fresh process; return its items, time and peak-memory growth.

    Args:
        path: A WXR file.
        mode: ``"stream"`` (:class:`importers.sources.wordpress.WXRReader`) or ``"tree"`` (lxml's
            ``etree.parse`` of the whole file).
    """
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.wxr_memory", "--child", mode, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[50, 500], help="MiB")
    parser.add_argument("--tree", action="store_true", help="also measure a whole-tree parse")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_big_wxr import write_wxr

    modes = ["stream", "tree"] if args.tree else ["stream"]
    print(f"{'file':>10} {'items':>9} {'mode':>7} {'seconds':>8} {'peak RSS growth':>16}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"export-{size:g}.xml"
            write_wxr(path, size)
            actual = path.stat().st_size / MIB
            for mode in modes:
                figures = measure(path, mode)
                print(
                    f"{actual:>6.0f} MiB {figures['items']:>9} {mode:>7} "
                    f"{figures['seconds']:>8.1f} {figures['growth_bytes'] / MIB:>12.1f} MiB"
                )
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
