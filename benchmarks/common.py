"""Helpers shared by the benchmarks: paths, timing, memory, machine info, tables."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SITE = ROOT / "example_site"
SHARED = ROOT.parent / "shared"
CORPUS_PAGES = SHARED / "corpus" / "pages"
SEED = SHARED / "seed"
FIXTURES = ROOT / "fixtures" / "articles"
RESULTS = Path(__file__).resolve().parent / "results"


def ensure_paths() -> None:
    """Make the package, the example site and its apps importable (as ``manage.py`` does)."""
    for path in (str(EXAMPLE_SITE), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def median_time(func: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(funcs: Sequence[Callable[[], object]], runs: int) -> list[float]:
    """Median wall time of each function, calling them in turn ``runs`` times.

    Alternating keeps a change in machine load (other processes, CPU frequency) from
    favouring whichever function happened to run while the machine was quiet.
    """
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            func()
            times[index].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


# -- memory ----------------------------------------------------------------------------------

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def reset_peak_rss() -> bool:
    """Reset the process's peak resident size (Linux); return whether that was possible."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _status_kib(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mib() -> float:
    """Current resident size in MiB (falls back to the peak where /proc is missing)."""
    kib = _status_kib("VmRSS")
    return kib / 1024 if kib is not None else peak_rss_mib()


def peak_rss_mib() -> float:
    """Peak resident size in MiB since start, or since :func:`reset_peak_rss`."""
    kib = _status_kib("VmHWM")
    if kib is None:
        # ru_maxrss is KiB on Linux, bytes on macOS.
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            kib //= 1024
    return kib / 1024


# -- environment -----------------------------------------------------------------------------


def machine_info() -> dict:
    """Machine and version information stored with every result."""
    import django
    import lxml.etree
    import wagtail

    info = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, lxml.etree.LIBXML_VERSION)),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "load_average": _load_average(),
    }
    for name in ("trafilatura", "readability", "nh3", "bs4"):
        info[name] = _version(name)
    return info


def _version(module: str) -> str | None:
    from importlib import metadata

    distribution = {"readability": "readability-lxml", "bs4": "beautifulsoup4"}.get(module, module)
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


# -- output ----------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [
        max(len(str(header)), *(len(row[i]) for row in cells)) if cells else len(str(header))
        for i, header in enumerate(headers)
    ]
    numeric = [
        all(_is_number(row[i]) for row in rows if row[i] not in (None, ""))
        for i in range(len(headers))
    ]

    def line(values):
        return "  ".join(
            value.rjust(width) if is_num else value.ljust(width)
            for value, width, is_num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line([str(h) for h in headers]), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def verdict(value: float | None, target: float) -> str:
    """ "met" or "MISSED" for a ratio against its (upper) target."""
    if value is None:
        return "–"
    return "met" if value <= target else "MISSED"
