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
