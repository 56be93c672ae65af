"""Speed benchmarks: ``make bench`` (``python -m benchmarks``); see README "Benchmarks".

``accuracy.py`` beside this package scores the extraction against the annotated corpus.
"""
