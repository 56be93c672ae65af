"""The importer's documented errors.

Every failure the importer reports for one source is an :class:`ArticleImportError` (or a
subclass) whose message names the source and says what is wrong, so a run over many sources
can report it and carry on.
"""


class ArticleImportError(Exception):
    """A source could not be imported; ``str(error)`` is the message shown to the user."""

    def __init__(self, source: str, message: str):
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}")


class SourceReadError(ArticleImportError):
    """The source could not be read or decoded (missing, binary, unreachable, too big).

    ``status`` is the HTTP status when a server answered with an error, else ``None``.
    """

    def __init__(self, source: str, message: str, *, status: int | None = None):
        super().__init__(source, message)
        self.status = status


class NotAnArticleError(ArticleImportError):
    """The document was read but holds no article (no title or no text)."""
