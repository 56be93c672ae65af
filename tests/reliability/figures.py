"""The figures the reliability suite reports (cases run, vectors tried, crashes survived).

Tests add to :data:`FIGURES`; the suite prints them at the end of the run and, when
``ADVICE_RELIABILITY_FIGURES`` names a file, writes them there as JSON.
"""

from collections import Counter

FIGURES: Counter[str] = Counter()
