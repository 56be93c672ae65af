"""The supported-version matrix, run by ``make test`` (and so by CI).

Each session installs the package with its test extras and one Wagtail/Django pair, then
runs the whole suite. Django 6 needs Python 3.12: the session looks for one (PATH, then
pyenv) and skips, saying why, where there is none.
"""

import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False


def find_python(version):
    found = shutil.which(f"python{version}")
    if found:
        return found
    for candidate in sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}")):
        return str(candidate)
    return None


MATRIX = [
    # (session python, wagtail, django)
    ("3.11", "8.0", "5.2"),
    ("3.12", "8.0", "6.1"),
    ("3.11", "7.4", "5.2"),
]


@nox.session(python=False)
@nox.parametrize("python_version,wagtail,django", MATRIX, ids=[f"wagtail{w}-django{d}" for _, w, d in MATRIX])
def tests(session, python_version, wagtail, django):
    interpreter = find_python(python_version)
    if interpreter is None:
        session.skip(f"Python {python_version} not found (needed for Django {django}); skipping this corner of the matrix.")
    venv = Path(".nox") / f"tests-wagtail{wagtail}-django{django}"
    if not (venv / "bin" / "python").exists():
        session.run(interpreter, "-m", "venv", str(venv), external=True)
    python = str((venv / "bin" / "python").resolve())
    session.run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip", external=True)
    session.run(python, "-m", "pip", "install", "--quiet", "-e", ".[test]", f"wagtail=={wagtail}.*", f"django=={django}.*", external=True)
    session.run(python, "-c", "import django, wagtail; print('Django', django.get_version(), '/ Wagtail', wagtail.__version__)", external=True)
    session.run(python, "example_site/manage.py", "check", "--fail-level", "WARNING", external=True)
    session.run(python, "example_site/manage.py", "makemigrations", "--check", "--dry-run", external=True)
    session.run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs, external=True)
