"""A real-site integration test (issue 12): follow the README on a fresh ``wagtail start`` site.

``make test-integration`` (and so ``make test`` and CI) runs this. In a temporary folder it
does what a site owner on a fresh machine does, then checks the result:

1. makes a fresh virtualenv (Python 3.12 or later: the ``requirements.txt`` of Wagtail 8's
   project template asks for Django 6.1), installs Wagtail there, runs ``wagtail start
   mysite`` and installs the project's own ``requirements.txt``, as Wagtail's docs say;
2. follows "Adding it to an existing Wagtail site" in README.md, reading its snippets by
   their ``<!-- snippet: NAME -->`` markers: the ``install`` shell lines (the one
   substitution: ``pip install wagtail-advice-blocks`` installs this checkout, copied,
   since the package is not on PyPI yet), ``settings`` appended to
   ``mysite/settings/base.py``, ``urls`` put in the first ``urlpatterns`` list of
   ``mysite/urls.py`` (above Wagtail's catch-all), ``migrate``; then the Headless
   section's ``api-settings``, ``api`` (``mysite/api.py``) and ``api-urls`` snippets;
3. checks the site: ``manage.py check --fail-level WARNING`` (no message beyond those of
   the untouched ``wagtail start`` project), ``makemigrations --check``, ``import_articles
   --publish`` of two team-written fixture articles under the home page; then, against
   ``runserver`` on loopback: each article renders inside the project's own ``base.html``
   with its JSON-LD and reason numbers; a comment posted through the page's HTML form
   (CSRF token from a real cookie session) is stored as pending and not shown; Wagtail's
   admin copy view copies an article (no source URL, no comments carried over);
   ``copy_for_translation`` to a new locale works; the API v2 detail of each article gives
   the listicle numbers and anchors the page shows; no command or request printed a
   Python warning from the package (the site runs with ``PYTHONWARNINGS=default``).

Each step prints its name and time; the first failure prints what went wrong, keeps the
work folder and exits 1. Nothing is fetched but packages (pip's configured indexes). Python
3.12+ is looked for on PATH and in pyenv (``INTEGRATION_PYTHON`` names one); without it the
test is skipped (exit 0, saying why), except under ``CI=true``, where it fails. The script
needs only the standard library.

    python3 scripts/integration.py [--keep] [--workdir DIR] [--readme FILE]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "wagtail-advice-blocks"
# Wagtail's own install step. Pinned to a series so the run is repeatable; the package's
# other supported versions are covered by the nox matrix.
WAGTAIL_REQUIREMENT = os.environ.get("INTEGRATION_WAGTAIL", "wagtail>=8.0,<8.1")
MIN_PYTHON = (3, 12)
# Team-written fixtures: an ascending listicle with FAQ, author box and comment thread, and
# a countdown (10 … 1).
ARTICLES = ["compost-not-working", "pantry-staples"]
OUR_APPS = ("advice_blocks", "advice_importers", "importers")
PIP_TIMEOUT = 900
COMMAND_TIMEOUT = 300
HTTP_TIMEOUT = 60


# Everything the site's commands printed, searched for the package's warnings at the end.
OUTPUTS = []


class Failure(Exception):
    """A step failed; the message says how."""


def in_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


# --- output --------------------------------------------------------------------------------

STEP_COUNT = 0


class step:
    """Print a numbered step with its time; a Failure inside it ends the run."""

    def __init__(self, title):
        global STEP_COUNT
        STEP_COUNT += 1
        self.title = f"[{STEP_COUNT:2d}] {title}"

    def __enter__(self):
        print(f"{self.title} ...", flush=True)
        self.started = time.monotonic()
        return self

    def __exit__(self, kind, error, traceback):
        elapsed = time.monotonic() - self.started
        if error is None:
            print(f"     ok ({elapsed:.1f} s)", flush=True)
        return False


def note(message):
    print(textwrap.indent(str(message), "     "), flush=True)


def expect(condition, message):
    if not condition:
        raise Failure(message)


# --- README snippets -----------------------------------------------------------------------

SNIPPET = re.compile(r"<!-- snippet: ([\w-]+) -->\s*\n```(\w*)\n(.*?)\n```", re.S)


def read_snippets(readme):
    snippets = {}
    for name, language, body in SNIPPET.findall(readme.read_text(encoding="utf-8")):
        expect(name not in snippets, f"README.md has two snippets named {name!r}.")
        snippets[name] = (language, body + "\n")
    return snippets


def snippet(snippets, name, language):
    expect(name in snippets, f"README.md has no <!-- snippet: {name} --> block.")
    found, body = snippets[name]
    expect(found == language, f"README snippet {name!r} is ```{found}, expected ```{language}.")
    return body


def code_lines(body):
    """The lines of a snippet that are not blank or comments."""
    return [line for line in body.splitlines() if line.strip() and line.strip()[0] != "#"]


def expect_target(name, body, path):
    """The snippet's first comment names the file the script puts it in."""
    first = body.lstrip().splitlines()[0]
    expect(
        first.startswith("#") and path in first,
        f"README snippet {name!r} should start with a comment naming {path}; it starts "
        f"with {first!r}.",
    )


def insert_into_first_urlpatterns(urls_py, lines):
    """Put ``lines`` at the end of the first ``urlpatterns = [...]`` list of ``urls_py``."""
    text = urls_py.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(text) if line.startswith("urlpatterns = [")), None)
    expect(start is not None, f"{urls_py} has no 'urlpatterns = [' list.")
    end = next((i for i in range(start, len(text)) if text[i].rstrip() == "]"), None)
    expect(end is not None, f"The first urlpatterns list of {urls_py} has no closing ']'.")
    expect(
        not any("wagtail_urls" in line for line in text[start:end]),
        "wagtail start's first urlpatterns list holds the catch-all; the script needs a "
        "new rule for where the snippet goes.",
    )
    text[end:end] = [line.rstrip() + "\n" for line in lines]
    urls_py.write_text("".join(text), encoding="utf-8")


def add_imports(py_file, lines):
    """Put import lines below the file's last top-level import."""
    text = py_file.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(text) if re.match(r"(from|import) \S", line))
    text[last + 1 : last + 1] = [line.rstrip() + "\n" for line in lines]
    py_file.write_text("".join(text), encoding="utf-8")


# --- processes -----------------------------------------------------------------------------


def run(args, cwd, env, timeout=COMMAND_TIMEOUT, check=True, shell=False):
    """Run a command, returning (returncode, output); on failure show the output."""
    try:
        result = subprocess.run(  # noqa: S603 - our own commands, no user input
            args,
            cwd=cwd,
            env=env,
            shell=shell,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise Failure(f"Timed out after {timeout} s: {args}\n{error.output or ''}") from None
    OUTPUTS.append(result.stdout)
    shown = args.strip() if isinstance(args, str) else " ".join(str(a) for a in args)
    if check and result.returncode != 0:
        raise Failure(f"`{shown}` exited {result.returncode}:\n{tail(result.stdout)}")
    return result.returncode, result.stdout


def tail(output, lines=60):
    # pip's file:// mirrors warn about every package they lack: not worth showing.
    kept = [line for line in output.splitlines() if "is ignored: it is neither" not in line]
    return "\n".join(kept[-lines:])


def find_python():
    """A Python >= 3.12: INTEGRATION_PYTHON, else 3.12 (as CI's nox matrix), 3.13, 3.14 from
    PATH or pyenv's installs."""
    named = os.environ.get("INTEGRATION_PYTHON")
    candidates = [named] if named else []
    for minor in range(MIN_PYTHON[1], 15):
        candidates.append(shutil.which(f"python3.{minor}"))
        candidates += [
            str(path)
            for path in sorted(Path.home().glob(f".pyenv/versions/3.{minor}*/bin/python3.{minor}"))
        ]
    for candidate in filter(None, candidates):
        probe = subprocess.run(  # noqa: S603 - a Python interpreter we found
            [candidate, "-c", "import sys, venv; print(sys.version_info[:2] >= (3, 12))"],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP ----------------------------------------------------------------------------------


class HTMLPage(HTMLParser):
    """What the checks read from an HTML page: title, stylesheets, scripts, JSON-LD, the
    reasons' ``(number, anchor)`` and the forms with their fields."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.stylesheets, self.scripts, self.json_ld, self.reasons = [], [], [], []
        self.forms = []
        self._in = None
        self._buffer = []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "title":
            self._in, self._buffer = "title", []
        elif tag == "link" and "stylesheet" in attrs.get("rel", "").split():
            self.stylesheets.append(attrs.get("href", ""))
        elif tag == "script":
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
            if attrs.get("type") == "application/ld+json":
                self._in, self._buffer = "json_ld", []
        elif tag == "li" and "listicle__item" in attrs.get("class", "").split():
            self.reasons.append((int(attrs.get("value", "0")), attrs.get("id", "")))
        elif tag == "form":
            method = attrs.get("method", "get")
            self.forms.append({"action": attrs.get("action", ""), "method": method, "fields": {}})
        elif self.forms and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "image", "file"):
                return
            default = "on" if kind == "checkbox" else ""
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", default)
        elif self.forms and tag == "textarea" and attrs.get("name"):
            self._in, self._buffer, self._textarea = "textarea", [], attrs["name"]
        elif self.forms and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif self.forms and tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if "selected" in attrs or self._select not in fields:
                fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if self._in == "title" and tag == "title":
            self.title = " ".join("".join(self._buffer).split())
        elif self._in == "json_ld" and tag == "script":
            self.json_ld.append("".join(self._buffer))
        elif self._in == "textarea" and tag == "textarea":
            self.forms[-1]["fields"][self._textarea] = "".join(self._buffer)
        else:
            return
        self._in = None

    def handle_data(self, data):
        if self._in:
            self._buffer.append(data)

    def form(self, action_part):
        found = [form for form in self.forms if action_part in form["action"]]
        expect(found, f"No form posting to …{action_part}… on the page.")
        return found[0]


class Browser:
    """A cookie-keeping HTTP client for the test server (loopback only)."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path, data=None, headers=None, expect_status=200):
        url = urllib.parse.urljoin(self.base, path)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310 - loopback http
        if body is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT) as response:
                status, final, text = response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            status, final, text = error.code, error.url, error.read().decode(errors="replace")
        expect(
            status == expect_status,
            f"{'POST' if body else 'GET'} {path} answered {status} (expected {expect_status}) "
            f"at {final}:\n{text[:3000]}",
        )
        return final, text

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


# --- the site ------------------------------------------------------------------------------


class Site:
    def __init__(self, workdir, python):
        self.workdir = workdir
        self.venv = workdir / "venv"
        self.bin = self.venv / "bin"
        self.project = workdir / "mysite"
        self.env = dict(os.environ)
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.pop("PYTHONPATH", None)
        self.env["VIRTUAL_ENV"] = str(self.venv)
        self.env["PATH"] = f"{self.bin}{os.pathsep}{self.env.get('PATH', '')}"
        # Show each deprecation and other warning once, so the last step can look for ours.
        self.env["PYTHONWARNINGS"] = "default"
        self.python = python
        self.server = None
        self.baseline = []

    def pip(self, *args):
        return run([self.bin / "python", "-m", "pip", *args], self.workdir, self.env, PIP_TIMEOUT)

    def manage(self, *args, check=True, extra_env=None):
        env = {**self.env, **(extra_env or {})}
        return run([self.bin / "python", "manage.py", *args], self.project, env, check=check)

    def shell(self, code):
        """Run Python in the site's Django (manage.py shell -c) and return its JSON answer."""
        _, output = self.manage("shell", "--no-imports", "-c", textwrap.dedent(code))
        last = output.strip().splitlines()[-1] if output.strip() else ""
        try:
            return json.loads(last)
        except json.JSONDecodeError:
            raise Failure(f"manage.py shell gave no JSON answer:\n{tail(output)}") from None

    def start_server(self):
        port = free_port()
        self.log = (self.workdir / "runserver.log").open("w")
        self.server = subprocess.Popen(  # noqa: S603 - the site's own manage.py
            [self.bin / "python", "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=self.project,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            expect(self.server.poll() is None, f"runserver exited:\n{self.server_log()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return base
            except OSError:
                time.sleep(0.3)
        raise Failure(f"runserver did not answer on {base} within 60 s:\n{self.server_log()}")

    def server_log(self, lines=60):
        self.log.flush()
        return tail((self.workdir / "runserver.log").read_text(errors="replace"), lines)

    @property
    def outputs(self):
        log = (self.workdir / "runserver.log").read_text(errors="replace")
        return "\n".join([*OUTPUTS, log]).splitlines()

    def stop_server(self):
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()


def copy_checkout(destination):
    """The checkout's files as git sees them (tracked, plus new files not ignored)."""
    _, listing = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, None
    )
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def check_messages(output):
    """The system-check message lines of ``manage.py check`` output."""
    pattern = re.compile(r"\(\w+(\.\w+)*\.[EWIC]\d+\)")
    return sorted({line.strip() for line in output.splitlines() if pattern.search(line)})


def expected_numbers(listicle):
    count, start = listicle["item_count"], listicle["start_number"] or None
    if listicle["direction"] == "countdown":
        top = start or count
        return list(range(top, top - count, -1))
    first = start or 1
    return list(range(first, first + count))


# --- the test ------------------------------------------------------------------------------


def make_wagtail_project(site):
    with step(f"Fresh virtualenv ({site.python}) with {WAGTAIL_REQUIREMENT}"):
        run([site.python, "-m", "venv", site.venv], site.workdir, site.env)
        site.pip("install", "--quiet", WAGTAIL_REQUIREMENT)

    with step("wagtail start mysite; pip install -r requirements.txt (Wagtail's own steps)"):
        run([site.bin / "wagtail", "start", "mysite"], site.workdir, site.env)
        site.pip("install", "--quiet", "-r", site.project / "requirements.txt")
        code = (
            "import django, sys, wagtail; print('Python', sys.version.split()[0], "
            "'| Django', django.get_version(), '| Wagtail', wagtail.__version__)"
        )
        note(run([site.bin / "python", "-c", code], site.workdir, site.env)[1].strip())

    with step("Baseline: manage.py check on the untouched wagtail start project"):
        _, output = site.manage("check", "--fail-level", "WARNING", check=False)
        site.baseline = check_messages(output)
        note("wagtail start's own messages: " + ("; ".join(site.baseline) or "none"))


def follow_readme(site, snippets):
    with step("README snippet 'install' (this checkout, copied, in place of the PyPI name)"):
        source = site.workdir / DISTRIBUTION
        copy_checkout(source)
        install = snippet(snippets, "install", "sh")
        expect(DISTRIBUTION in install, f"The install snippet does not install {DISTRIBUTION}.")
        command = install.replace(DISTRIBUTION, str(source))
        note(command.strip())
        run(command, site.project, site.env, PIP_TIMEOUT, shell=True)  # noqa: S604 - README lines

    settings_py = site.project / "mysite/settings/base.py"
    urls_py = site.project / "mysite/urls.py"
    with step("README snippet 'settings' appended to mysite/settings/base.py"):
        body = snippet(snippets, "settings", "python")
        expect_target("settings", body, "mysite/settings/base.py")
        append(settings_py, body)

    with step("README snippet 'urls' into the first urlpatterns list of mysite/urls.py"):
        body = snippet(snippets, "urls", "python")
        expect_target("urls", body, "mysite/urls.py")
        insert_into_first_urlpatterns(urls_py, code_lines(body))

    with step("README Headless snippets 'api-settings', 'api' (mysite/api.py), 'api-urls'"):
        body = snippet(snippets, "api-settings", "python")
        expect_target("api-settings", body, "mysite/settings/base.py")
        append(settings_py, body)
        body = snippet(snippets, "api", "python")
        expect_target("api", body, "mysite/api.py")
        (site.project / "mysite/api.py").write_text(body, encoding="utf-8")
        body = snippet(snippets, "api-urls", "python")
        expect_target("api-urls", body, "mysite/urls.py")
        lines = code_lines(body)
        imports = [line for line in lines if re.match(r"(from|import) ", line)]
        add_imports(urls_py, imports)
        insert_into_first_urlpatterns(urls_py, [line for line in lines if line not in imports])

    with step("README snippet 'migrate'"):
        command = snippet(snippets, "migrate", "sh")
        note(command.strip())
        run(command, site.project, site.env, shell=True)  # noqa: S604 - README lines


def append(path, text):
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + text)


def check_project(site):
    with step("manage.py check --fail-level WARNING"):
        code, output = site.manage("check", "--fail-level", "WARNING", check=False)
        messages = check_messages(output)
        ours = [m for m in messages if any(app in m for app in OUR_APPS)]
        expect(not ours, "Messages from the package:\n" + "\n".join(ours))
        new = [m for m in messages if m not in site.baseline]
        expect(not new, "Messages the untouched project did not have:\n" + "\n".join(new))
        expect(code == 0 or site.baseline, f"check failed without a message:\n{tail(output)}")
        others = f"; wagtail start's own: {'; '.join(messages)}" if messages else "; none at all"
        note("no message from advice_blocks/importers" + others)

    with step("manage.py makemigrations --check --dry-run"):
        site.manage("makemigrations", "--check", "--dry-run")


def import_articles(site, intents):
    with step(f"import_articles {' '.join(ARTICLES)} --publish (under the home page)"):
        sources = [str(ROOT / "fixtures/articles" / slug / "source.html") for slug in ARTICLES]
        _, output = site.manage("import_articles", *sources, "--publish")
        note(tail(output, 10))
        pages = site.shell(
            """
            import json
            from wagtail.models import Site
            from advice_blocks.models import AdviceArticlePage
            home = Site.objects.get(is_default_site=True).root_page
            print(json.dumps([
                {"id": p.pk, "title": p.title, "url": p.url, "live": p.live,
                 "parent": p.get_parent().specific_class.__name__,
                 "under_home": p.get_parent().pk == home.pk}
                for p in AdviceArticlePage.objects.order_by("pk")
            ]))
            """
        )
        expect(len(pages) == len(ARTICLES), f"Expected {len(ARTICLES)} articles: {pages}")
        for page, slug in zip(pages, ARTICLES, strict=True):
            expect(page["under_home"] and page["live"], f"{slug}: not live under home: {page}")
            expect(
                page["title"] == intents[slug]["title"],
                f"{slug}: title {page['title']!r}, expected {intents[slug]['title']!r}",
            )
            page["slug"] = slug
            note(f"{page['id']}: {page['url']} ({page['parent']} > {page['title']})")
    return pages


def check_pages(browser, pages, intents):
    """Each article inside the project's base.html, with JSON-LD and its reason numbers."""
    rendered = {}
    with step("Articles render inside mysite's base.html, with JSON-LD and reason numbers"):
        for page in pages:
            slug = page["slug"]
            _, html = browser.request(page["url"])
            parsed = rendered[slug] = HTMLPage(html)
            expect(
                parsed.title.startswith(page["title"]),
                f"{slug}: <title> is {parsed.title!r}, not base.html's title block",
            )
            # Only the project's own base.html links these two files.
            expect(
                "/static/css/mysite.css" in parsed.stylesheets
                and "/static/js/mysite.js" in parsed.scripts,
                f"{slug}: not inside mysite/templates/base.html (stylesheets "
                f"{parsed.stylesheets}, scripts {parsed.scripts})",
            )
            expect(
                any("advice_blocks/css/advice-blocks.css" in h for h in parsed.stylesheets),
                f"{slug}: the package stylesheet is missing",
            )
            expect(parsed.json_ld, f"{slug}: no JSON-LD script")
            nodes = []
            for data in map(json.loads, parsed.json_ld):
                nodes += data if isinstance(data, list) else data.get("@graph", [data])
            types = {node.get("@type") for node in nodes if isinstance(node, dict)}
            expect({"Article", "ItemList"} <= types, f"{slug}: JSON-LD types are {types}")
            numbers = [number for number, _ in parsed.reasons]
            expected = expected_numbers(intents[slug]["listicles"][0])
            expect(
                numbers[: len(expected)] == expected,
                f"{slug}: the page numbers its reasons {numbers}, expected {expected}",
            )
            note(
                f"{page['url']}: <title>{parsed.title}</title>, JSON-LD {sorted(types)}, "
                f"reasons {numbers}"
            )
    return rendered


def post_comment(site, browser, page, rendered):
    with step("Comment through the page's HTML form (CSRF cookie session) is pending"):
        form = rendered.form(f"/advice/comments/{page['id']}/")
        expect(form["method"].lower() == "post", f"The comment form uses {form['method']}.")
        fields = dict(form["fields"])
        expect(fields.get("csrfmiddlewaretoken"), "The comment form has no CSRF token.")
        expect(browser.cookie("csrftoken"), "The page set no csrftoken cookie.")
        fields.update(
            name="Integration Tester",
            email="tester@example.com",
            body="Turning the heap weekly fixed mine.\n\nThanks for the list!",
        )
        final, html = browser.request(form["action"], data=fields)
        stored = site.shell(
            f"""
            import json
            from advice_blocks.models import Comment
            print(json.dumps(list(Comment.objects.filter(
                page_id={page["id"]}, author_name="Integration Tester"
            ).values_list("status", flat=True))))
            """
        )
        expect(stored == ["pending"], f"Expected one pending comment, found {stored}.")
        expect("Turning the heap weekly" not in html, "The pending comment is on the page.")
        note(f"stored as pending, not shown; the form answered at {final}")


def copy_in_admin(site, base, page):
    with step("Wagtail admin: log in and copy the imported article (copy view)"):
        password = "integration-admin-password"  # noqa: S105 - a throwaway local site
        site.manage(
            *("createsuperuser", "--noinput", "--username", "admin"),
            *("--email", "admin@example.com"),
            extra_env={"DJANGO_SUPERUSER_PASSWORD": password},
        )
        admin = Browser(base)
        _, html = admin.request("/admin/login/")
        login = HTMLPage(html).form("/admin/login/")
        fields = dict(login["fields"], username="admin", password=password)
        final, _ = admin.request(login["action"], data=fields)
        expect("/admin/login/" not in final, f"The admin login failed (at {final}).")
        copy_path = f"/admin/pages/{page['id']}/copy/"
        _, html = admin.request(copy_path)
        fields = dict(HTMLPage(html).form(copy_path)["fields"])
        fields.update(new_title=f"{page['title']} (copy)", new_slug="article-copy")
        final, _ = admin.request(copy_path, data=fields)
        copied = site.shell(
            f"""
            import json
            from advice_blocks.models import AdviceArticlePage, Comment
            original = AdviceArticlePage.objects.get(pk={page["id"]})
            copy = AdviceArticlePage.objects.get(slug="article-copy")
            print(json.dumps({{
                "id": copy.pk, "source_url": copy.source_url,
                "original_source_url": original.source_url,
                "same_body": copy.body.get_prep_value() == original.body.get_prep_value(),
                "same_parent": copy.get_parent().pk == original.get_parent().pk,
                "comments": Comment.objects.filter(page=copy).count(),
                "original_comments": Comment.objects.filter(page=original).count(),
            }}))
            """
        )
        expect(copied["source_url"] is None, f"The copy kept a source URL: {copied}")
        expect(copied["original_source_url"], f"The original lost its source URL: {copied}")
        expect(copied["same_body"] and copied["same_parent"], f"A bad copy: {copied}")
        expect(
            copied["original_comments"] > 0 and copied["comments"] == 0,
            f"Comments were carried over or lost: {copied}",
        )
        note(
            f"copy {copied['id']}: same body and parent, no source URL, no comments (the "
            f"original keeps its {copied['original_comments']}); redirected to {final}"
        )


def translate(site, page):
    # The README does not say how to turn on Wagtail's i18n (WAGTAIL_I18N_ENABLED, locales):
    # the model method is what Wagtail's "Translate" action and wagtail-localize call.
    with step("copy_for_translation to a new locale (fr), then publish it"):
        translated = site.shell(
            f"""
            import json
            from wagtail.models import Locale
            from advice_blocks.models import AdviceArticlePage
            page = AdviceArticlePage.objects.get(pk={page["id"]})
            locale, _ = Locale.objects.get_or_create(language_code="fr")
            copy = page.copy_for_translation(locale, copy_parents=True)
            copy.save_revision().publish()
            copy.refresh_from_db()
            page.refresh_from_db()
            print(json.dumps({{
                "id": copy.pk, "locale": copy.locale.language_code, "live": copy.live,
                "same_key": copy.translation_key == page.translation_key,
                "source_url": copy.source_url, "original_source_url": page.source_url,
            }}))
            """
        )
        expect(translated["locale"] == "fr" and translated["same_key"], f"{translated}")
        expect(translated["live"], f"The translation is not live: {translated}")
        expect(
            translated["source_url"] is None and translated["original_source_url"],
            f"Source URLs after translating: {translated}",
        )
        note(f"translation {translated['id']} in fr, live, no source URL")


def check_api(browser, pages, intents, rendered):
    with step("API v2 detail of each article: listicle numbers and anchors"):
        for page in pages:
            slug = page["slug"]
            _, text = browser.request(
                f"/api/v2/pages/{page['id']}/", headers={"Accept": "application/json"}
            )
            data = json.loads(text)
            kind = data["meta"].get("type")
            expect(kind == "advice_blocks.AdviceArticlePage", f"{slug}: API type {kind}")
            for key in ("intro", "author", "body", "json_ld"):
                expect(key in data, f"{slug}: the API detail has no {key!r}")
            listicles = [b["value"] for b in data["body"] if b["type"] == "listicle"]
            expect(listicles, f"{slug}: no listicle in the API body")
            items = listicles[0]["items"]
            numbers = [item["number"] for item in items]
            anchors = [item["anchor"] for item in items]
            expected = expected_numbers(intents[slug]["listicles"][0])
            expect(numbers == expected, f"{slug}: API numbers {numbers}, expected {expected}")
            shown = rendered[slug].reasons[: len(items)]
            expect(
                list(zip(numbers, anchors, strict=True)) == shown,
                f"{slug}: API numbers and anchors {list(zip(numbers, anchors, strict=True))} "
                f"are not the page's {shown}",
            )
            note(f"{slug}: numbers {numbers}, anchors {anchors[0]} … {anchors[-1]}")


def check_warnings(site):
    with step("No Python warnings from the package (commands and server, PYTHONWARNINGS)"):
        ours = sorted(
            {
                line.strip()
                for line in site.outputs
                if "Warning" in line and re.search(r"(advice_blocks|importers)/\S+\.py", line)
            }
        )
        expect(not ours, "Warnings from the package:\n" + "\n".join(ours))


def main(workdir, python, readme):
    started = time.monotonic()
    site = Site(workdir, python)
    snippets = read_snippets(readme)
    intents = {
        slug: json.loads((ROOT / "fixtures/articles" / slug / "intent.json").read_text())
        for slug in ARTICLES
    }
    make_wagtail_project(site)
    follow_readme(site, snippets)
    check_project(site)
    pages = import_articles(site, intents)
    base = site.start_server()
    try:
        browser = Browser(base)
        rendered = check_pages(browser, pages, intents)
        post_comment(site, browser, pages[0], rendered[pages[0]["slug"]])
        copy_in_admin(site, base, pages[0])
        translate(site, pages[0])
        check_api(browser, pages, intents, rendered)
    except Failure:
        print("     runserver log:\n" + textwrap.indent(site.server_log(), "       "))
        raise
    finally:
        site.stop_server()
    check_warnings(site)
    print(f"Integration test passed in {time.monotonic() - started:.0f} s.", flush=True)


def temporary_root():
    """Where the work folder goes: TMPDIR if set, else /dev/shm when it has room (deleting
    the 20,000 files of a virtualenv takes minutes on a disk mounted with ``discard``), else
    the system's temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder there
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2**31:
            return str(shm)
    except OSError:
        pass
    return None


def cli():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="Keep the work folder.")
    parser.add_argument("--workdir", type=Path, help="Work here (a new folder), and keep it.")
    parser.add_argument(
        "--readme", type=Path, default=ROOT / "README.md", help="Take the snippets from here."
    )
    options = parser.parse_args()

    python = find_python()
    if python is None:
        message = (
            "No Python 3.12+ found (the requirements.txt of Wagtail 8's project template asks "
            "for Django 6.1); set INTEGRATION_PYTHON."
        )
        if in_ci():
            print(f"FAILED: {message} CI=true, so the integration test must run.")
            return 1
        print(f"SKIPPED: {message}")
        return 0

    if options.workdir:
        options.workdir.mkdir(parents=True)
        workdir, keep = options.workdir.resolve(), True
    else:
        prefix = "advice-integration-"
        workdir = Path(tempfile.mkdtemp(prefix=prefix, dir=temporary_root()))
        keep = options.keep
    try:
        main(workdir, python, options.readme.resolve())
    except Failure as failure:
        print("     FAILED:\n" + textwrap.indent(str(failure), "       "), flush=True)
        print("Integration test FAILED.")
        keep = True
        return 1
    finally:
        if keep:
            print(f"Work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(cli())
