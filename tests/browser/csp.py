"""Content-Security-Policy checks in chromium: an enforcing policy on the live server, the
violations the browser reports, and whose templates or files each violation comes from.

Used by ``tests/browser/test_csp.py``; its docstring explains the attribution rules, which
``attribute`` below implements.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import wagtail
from csp.constants import REPORT_SAMPLE, SELF
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
#: The package's own code: templates, static files and the Python that builds HTML.
PACKAGE_DIRS = (ROOT / "advice_blocks", ROOT / "importers")
#: Wagtail itself (its templates and the Python that renders widgets and panels).
WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
SEARCHED_SUFFIXES = {".html", ".js", ".css", ".py"}
#: A sample's literal head shorter than this says too little to be looked for in files.
MIN_HEAD = 12
#: What ``blockedURI`` says for something that is not a URL.
NOT_URLS = {"inline", "eval", "wasm-eval", "trusted-types-sink", ""}

#: 'self' only; 'report-sample' makes chromium send the first 40 characters of a blocked
#: inline script, style or attribute with each violation.
POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, REPORT_SAMPLE],
        "style-src": [SELF, REPORT_SAMPLE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

BINDING = "__adviceCspViolation"
#: Runs in every document before its own scripts; hands each violation to Python at once,
#: so one that happens as the page unloads (a form post, a reload) is not lost with it.
INIT_SCRIPT = f"""
document.addEventListener('securitypolicyviolation', (event) => {{
  window.{BINDING}({{
    effectiveDirective: event.effectiveDirective,
    violatedDirective: event.violatedDirective,
    blockedURI: event.blockedURI,
    sourceFile: event.sourceFile,
    lineNumber: event.lineNumber,
    columnNumber: event.columnNumber,
    sample: event.sample,
    documentURI: event.documentURI,
    disposition: event.disposition,
  }});
}}, true);
"""


def parse_policy(header):
    """A policy header as ``{directive: {sources}}``."""
    policy = {}
    for part in (header or "").split(";"):
        words = part.split()
        if words:
            policy[words[0]] = set(words[1:])
    return policy


EXPECTED_POLICY = {name: set(sources) for name, sources in POLICY["DIRECTIVES"].items()}


@dataclass(frozen=True)
class Violation:
    screen: str
    effective_directive: str
    violated_directive: str
    blocked_uri: str
    source_file: str
    line: int
    column: int
    sample: str
    document: str
    disposition: str

    @property
    def blocked(self):
        """``inline``/``eval``, or the blocked URL's path."""
        return self.blocked_uri if self.blocked_uri in NOT_URLS else url_path(self.blocked_uri)

    @property
    def head(self):
        return literal_head(self.sample)

    @property
    def signature(self):
        """What is the same about one violation on two screens: not its line or page."""
        return (self.effective_directive, self.blocked, self.head)

    def describe(self):
        source = url_path(self.source_file)
        return (
            f"[{self.screen}] {self.effective_directive} blocked {self.blocked} "
            f"from {source}:{self.line}:{self.column} sample={self.sample!r}"
        )


@dataclass
class Screen:
    name: str
    baseline: bool
    violations: list = field(default_factory=list)
    console: list = field(default_factory=list)


def url_path(url):
    return urlsplit(url).path if url and "://" in url else (url or "")


def literal_head(sample):
    """The sample with its whitespace collapsed, cut at its first quote.

    What follows a quote is mostly a value the template filled in (an element id, JSON
    options), so the head is the part a template or a script holds literally.
    """
    text = re.sub(r"\s+", " ", sample or "").strip()
    head = re.split(r"[\"']", text, maxsplit=1)[0].strip()
    return head or text


@cache
def searchable_files(root):
    """``{path: text with whitespace collapsed}`` for the code under ``root``."""
    files = {}
    for path in Path(root).rglob("*"):
        if path.suffix not in SEARCHED_SUFFIXES or not path.is_file():
            continue
        parts = set(path.relative_to(root).parts)
        if parts & {"tests", "__pycache__", "migrations", "node_modules"}:
            continue
        if "static" in parts and not is_under(path, PACKAGE_DIRS):
            continue  # built bundles; scripts that inject styles are found by their URL
        files[path] = re.sub(r"\s+", " ", path.read_text(encoding="utf-8", errors="replace"))
    return files


def files_holding(head, roots):
    if len(head) < MIN_HEAD:
        return []
    return [
        path for root in roots for path, text in searchable_files(root).items() if head in text
    ]


def static_file(path):
    """The file behind a ``/static/...`` URL path, or ``None``."""
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    return Path(found).resolve() if found else None


def is_under(path, roots):
    return path is not None and any(path.is_relative_to(root) for root in roots)


def attribute(violation, baseline):
    """``(owner, reason)`` for a violation.

    The owner is ``package``, ``wagtail``, ``third party`` (another app's template, which
    the package chose to render) or ``unattributed``. ``baseline`` maps the signatures seen
    on Wagtail's own screens to those screens' names.
    """
    for url in (violation.source_file, violation.blocked_uri):
        path = url_path(url)
        if is_under(static_file(path), PACKAGE_DIRS):
            return "package", f"comes from the package's {path}"
    ours = files_holding(violation.head, PACKAGE_DIRS)
    if ours:
        return "package", "sample found in " + ", ".join(str(p.relative_to(ROOT)) for p in ours)
    if violation.signature in baseline:
        screens = ", ".join(sorted(baseline[violation.signature]))
        return "wagtail", f"also on Wagtail's own {screens}"
    source = static_file(url_path(violation.source_file))
    if is_under(source, (WAGTAIL_DIR,)):
        return "wagtail", f"injected by Wagtail's {url_path(violation.source_file)}"
    widget = chooser_widget_for(violation.head)
    if widget is not None:
        return "wagtail", f"the inline start-up script of Wagtail's {widget} (render_js_init)"
    theirs = files_holding(violation.head, (WAGTAIL_DIR,))
    if theirs:
        names = ", ".join(str(p.relative_to(WAGTAIL_DIR.parent)) for p in theirs[:3])
        return "wagtail", f"sample found in {names}"
    others = files_holding(violation.head, other_template_dirs())
    if others:
        names = ", ".join(str(p) for p in others[:3])
        return "third party", f"sample found in {names}, rendered by the package's screen"
    return "unattributed", "not on Wagtail's screens and found in none of its files"


@cache
def chooser_constructors():
    """``{"new ImageChooser(": "wagtail.images.widgets.AdminImageChooser", ...}``.

    Wagtail's chooser widgets write their start-up call inline, built in Python
    (``BaseChooser.render_js_init``), so no template holds it: a page that has an image
    chooser (the article's featured image) gets one on its own editor too.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    found, todo = {}, [BaseChooser]
    while todo:
        widget = todo.pop()
        todo.extend(widget.__subclasses__())
        constructor = getattr(widget, "js_constructor", None)
        if widget.__module__.startswith("wagtail.") and constructor:
            found.setdefault(f"new {constructor}(", f"{widget.__module__}.{widget.__qualname__}")
    return found


def chooser_widget_for(head):
    """The Wagtail chooser widget whose inline start-up call ``head`` is, or ``None``."""
    return next((name for call, name in chooser_constructors().items() if head == call), None)


@cache
def other_template_dirs():
    """The template folders of installed apps other than Wagtail's and the package's."""
    folders = []
    for config in apps.get_app_configs():
        folder = Path(config.path).resolve() / "templates"
        if folder.is_dir() and not is_under(folder, (WAGTAIL_DIR, *PACKAGE_DIRS)):
            folders.append(folder)
    return tuple(folders)


class Recorder:
    """Visits screens in one tab and files the violations each one causes under its name."""

    def __init__(self, page):
        self.page = page
        self.screens = {}
        self._violations = []
        self._console = []
        page.expose_binding(BINDING, self._record)
        page.add_init_script(INIT_SCRIPT)
        page.on("console", self._record_console)

    def _record(self, source, data):
        self._violations.append(data)

    def _record_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self._console.append(message.text)

    def visit(self, name, url, *, baseline=False):
        """Open ``url``, check that the policy is enforced on it, and settle ``name``."""
        response = self.page.goto(url)
        assert response is not None and response.ok, (
            f"{name}: {url} answered {response and response.status}"
        )
        header = response.headers.get("content-security-policy")
        assert parse_policy(header) == EXPECTED_POLICY, f"{name}: policy is {header!r}"
        assert "content-security-policy-report-only" not in response.headers
        return self.settle(name, baseline=baseline)

    def settle(self, name, *, baseline=False):
        """Wait until the page is loaded and the network idle, then file what was reported.

        The round trip through ``evaluate`` comes after every binding call the page made
        before it, so all violations reported until now have reached Python.
        """
        self.page.wait_for_load_state("load")
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
        screen = self.screens.setdefault(name, Screen(name, baseline))
        for data in self._violations:
            screen.violations.append(
                Violation(
                    screen=name,
                    effective_directive=data.get("effectiveDirective") or "",
                    violated_directive=data.get("violatedDirective") or "",
                    blocked_uri=data.get("blockedURI") or "",
                    source_file=data.get("sourceFile") or "",
                    line=data.get("lineNumber") or 0,
                    column=data.get("columnNumber") or 0,
                    sample=data.get("sample") or "",
                    document=data.get("documentURI") or "",
                    disposition=data.get("disposition") or "",
                )
            )
        screen.console.extend(self._console)
        self._violations, self._console = [], []
        return screen

    def baseline(self):
        signatures = {}
        for screen in self.screens.values():
            if screen.baseline:
                for violation in screen.violations:
                    signatures.setdefault(violation.signature, set()).add(screen.name)
        return signatures

    def findings(self):
        """``[(violation, owner, reason)]`` for every violation on the package's screens."""
        baseline = self.baseline()
        return [
            (violation, *attribute(violation, baseline))
            for screen in self.screens.values()
            if not screen.baseline
            for violation in screen.violations
        ]

    def unheard(self):
        """Package screens where chromium logged a CSP error but no event reached us."""
        return [
            screen.name
            for screen in self.screens.values()
            if not screen.baseline and screen.console and not screen.violations
        ]

    def report(self):
        """Every distinct violation seen, with where, for the test's output."""
        lines = []
        findings = self.findings()
        seen = {}
        for violation, owner, reason in findings:
            entry = seen.setdefault((owner, violation.signature), [violation, reason, set()])
            entry[2].add(violation.screen)
        for screen in self.screens.values():
            if screen.baseline:
                for violation in screen.violations:
                    entry = seen.setdefault(
                        ("wagtail", violation.signature), [violation, "Wagtail's screen", set()]
                    )
                    entry[2].add(screen.name)
        for (owner, _), (violation, reason, screens) in sorted(
            seen.items(), key=lambda item: (item[0][0], item[0][1])
        ):
            directive, blocked, head = violation.signature
            where = ", ".join(sorted(screens))
            lines.append(f"{owner}: {directive} {blocked} {head!r} ({reason}; on {where})")
        return "\n".join(lines)
