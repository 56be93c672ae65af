"""Storing: the last layer of the importer, the only one that touches the database.

:mod:`.streamfield` turns an extracted article into StreamField data, :mod:`.save` writes
one article as a page in one transaction (rights, re-import fingerprints, locks), and
:mod:`.runner` runs many of them so that one failing article never stops the others.
:mod:`.wordpress` stores a whole WordPress export; :mod:`.jobs`, :mod:`.job_runner` and
:mod:`.tasks` run the import screen's jobs in the background.
"""
