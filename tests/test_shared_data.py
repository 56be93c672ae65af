"""Tests that need ../shared skip outside CI, saying why, and fail under CI=true."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_probe(tmp_path, ci: bool) -> str:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["ADVICE_SHARED_DIR"] = str(tmp_path / "absent")
    if ci:
        env["CI"] = "true"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfs"]
        + ["tests/shared_data_probe.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


def summary(output: str) -> str:
    return re.findall(r"^=* ?(\d+ \w+.*) in [\d.]+s", output, re.M)[-1]


def test_outside_ci_they_skip_naming_the_missing_path(tmp_path):
    output = run_probe(tmp_path, ci=False)
    assert summary(output) == "4 skipped", output
    missing = tmp_path / "absent" / "seed" / "no-such-article.html"
    assert f"shared test data not found: {missing} (../shared is absent" in output


def test_under_ci_they_fail_and_other_skips_stay_skips(tmp_path):
    output = run_probe(tmp_path, ci=True)
    # The skip mark acts in setup, where a failure is counted as an error.
    assert summary(output) == "2 failed, 1 skipped, 1 error", output
    assert "CI=true, and tests that need the shared data must run in CI." in output
    assert "SKIPPED [1] tests/shared_data_probe.py" in output
    assert "nothing to do with the shared data" in output


@pytest.mark.parametrize("ci", ["true", ""])
def test_present_data_is_simply_returned(ci, tmp_path, monkeypatch):
    from tests.shared_data import require_shared

    monkeypatch.setenv("CI", ci)
    assert require_shared(tmp_path) == tmp_path
