"""Where articles come from: the first layer of the importer.

Each source turns something outside the site into documents for the pipeline, and owns the
risks of reading it: :mod:`.documents` (files, folders, zips and URLs, with the fetcher's
address checks, size caps and timeouts), :mod:`.uploads` (files sent to the import screen),
:mod:`.wordpress` (WXR exports and the REST API) and :mod:`.web` (sitemaps and robots.txt).
None of them touches the database.
"""
