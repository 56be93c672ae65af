"""Running ``import_articles`` from tests."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError


def run_import(*args):
    """Run the command; return (exit status, stdout, stderr with the CommandError's text)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue(), err.getvalue()
