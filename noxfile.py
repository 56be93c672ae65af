"""The supported-version matrix, run by ``make test`` (and so by CI).

Each session makes a virtualenv with the right Python, installs the package with its test
extras and one Wagtail/Django pair, runs the example site's checks and the whole suite.
Django 6 needs Python 3.12: the session looks for one (PATH, then pyenv) and skips, saying
why, where there is none; under ``CI=true`` it fails instead, since CI must run every corner.
"""

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = False

# (Python, Wagtail, Django, database)
MATRIX = [
    ("3.11", "8.0", "5.2", "sqlite"),
    ("3.12", "8.0", "6.1", "sqlite"),
    ("3.11", "7.4", "5.2", "sqlite"),
    ("3.11", "8.0", "5.2", "postgres"),
]


def find_python(version):
    """A working ``pythonX.Y``: pyenv's own install first (its shims may be inactive)."""
    candidates = sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}"))
    candidates = [str(c) for c in candidates] + [shutil.which(f"python{version}")]
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "--version"], capture_output=True).returncode == 0:
            return candidate
    return None


def in_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(session, message):
    """Skip the session, saying why; under ``CI=true`` fail it: a skip there goes unseen."""
    if in_ci():
        session.error(f"{message} CI=true, and every session of the matrix must run in CI.")
    session.skip(message)


def postgres_url(session):
    """Start Debian's PostgreSQL (installing it if needed) and return its DATABASE_URL."""
    result = subprocess.run(["bash", "scripts/start-postgres.sh"], capture_output=True, text=True)
    if result.returncode != 0:
        skip_or_fail(session, f"PostgreSQL could not be started: {result.stderr.strip()}.")
    return result.stdout.strip().splitlines()[-1]


@nox.session(python=False)
@nox.parametrize(
    "python_version,wagtail,django,database",
    MATRIX,
    ids=[f"wagtail{w}-django{d}-{db}" for _, w, d, db in MATRIX],
)
def tests(session, python_version, wagtail, django, database):
    interpreter = find_python(python_version)
    if interpreter is None:
        skip_or_fail(session, f"Python {python_version} not found (Django {django} needs it).")
    if database == "postgres":
        session.env["DATABASE_URL"] = postgres_url(session)
    venv = Path(".nox") / f"tests-wagtail{wagtail}-django{django}"
    python = str((venv / "bin" / "python").absolute())
    if not Path(python).exists():
        session.run(interpreter, "-m", "venv", str(venv), external=True)

    def run(*args):
        session.run(python, *args, external=True)

    # The machine's pip 23 cannot resolve some of our dependencies.
    run("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    pins = [f"wagtail=={wagtail}.*", f"django=={django}.*"]
    run("-m", "pip", "install", "--quiet", "-e", ".[test]", *pins)
    run("-c", "import django, wagtail; print('Django', django.get_version(), wagtail.__version__)")
    run("example_site/manage.py", "check", "--fail-level", "WARNING")
    run("example_site/manage.py", "makemigrations", "--check", "--dry-run")
    run("-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
