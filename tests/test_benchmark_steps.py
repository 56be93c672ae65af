"""The parse benchmark times the pipeline's steps by name: every name must still exist,
or `make bench` stops with an AttributeError after its first table."""

from benchmarks import parse_bench
from importers import pipeline
from importers.pipeline.extract import author, sections


def test_every_timed_step_is_a_pipeline_function():
    missing = [name for name in parse_bench.STEPS if not callable(getattr(pipeline, name, None))]
    assert not missing, f"benchmarks/parse_bench.py times steps the pipeline lacks: {missing}"


def test_the_sanitising_steps_exist():
    assert callable(sections.sanitise) and callable(author.sanitise)


def test_the_import_benchmark_runs(tmp_path):
    """`make bench`'s import step end to end on two articles: both sides import them (it
    once found every article refused by the example site's page-type rules)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    output = tmp_path / "bench.json"
    command = [sys.executable, "-m", "benchmarks", "--only", "import", "--sizes", "2"]
    command += ["--import-runs", "1", "--output", str(output)]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    runs = json.loads(output.read_text())["import"]["runs"]["2"]
    assert [run["failed"] for run in runs["ours"]] == [0]
    assert runs["baseline"][0]["articles"] == 2
