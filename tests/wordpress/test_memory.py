"""Reading an export streams it: peak memory does not grow with the file.

A generated ~30 MiB export is read in a fresh process (so the test run's own memory does not
count) and the growth of its peak resident set size is compared with a bound that lxml's
whole-tree parse of the same file exceeds several times over: a reader that kept the items
would fail. The file's content depends only on its size, and both figures sit far from the
bound (about 8 MiB streaming, about 115 MiB whole-tree), so the test is not flaky.
"""

from __future__ import annotations

import importlib.util

from benchmarks.wxr_memory import measure
from tests.shared_data import PROJECT

EXPORT_MIB = 30
#: Peak memory growth allowed while streaming the export.
MEMORY_BOUND_MIB = 40
MIB = 1 << 20


def _write_wxr():
    spec = importlib.util.spec_from_file_location(
        "make_big_wxr", PROJECT / "scripts" / "make_big_wxr.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_wxr


def test_streaming_keeps_memory_flat(tmp_path):
    path = tmp_path / "big-export.xml"
    counts = _write_wxr()(path, EXPORT_MIB)
    assert path.stat().st_size >= EXPORT_MIB * MIB

    streamed = measure(path, "stream")
    assert streamed["problem"] == ""
    assert streamed["items"] == sum(counts.values())
    assert streamed["growth_bytes"] < MEMORY_BOUND_MIB * MIB, streamed

    whole_tree = measure(path, "tree")
    assert whole_tree["items"] == streamed["items"]
    assert whole_tree["growth_bytes"] > 2 * MEMORY_BOUND_MIB * MIB, whole_tree
