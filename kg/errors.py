"""Errors the library raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg reports to its user."""

    exit_code = 1


class ArticleError(KgError):
    """An article could not be read (missing, empty, binary, undecodable, too large).

    ``source`` is the article's source as ingestion keys it (the resolved path, with ``#L<n>``
    for a JSON Lines record), or ``None`` when unknown; the message names the path as given.

    >>> error = ArticleError("news/a.txt: empty file", source="/data/news/a.txt")
    >>> (str(error), error.source)
    ('news/a.txt: empty file', '/data/news/a.txt')
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class StoreError(KgError):
    """The store could not be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store."""

    exit_code = 3


class QueryError(KgError):
    """A saved query is unknown, malformed, or was given bad parameters."""

    exit_code = 2


class ModelError(KgError):
    """The spaCy model could not be loaded."""


class LinkingError(KgError):
    """Wikidata linking failed (bad catalog file, no network for --online)."""


class GoldError(KgError):
    """A gold annotation file is missing or malformed."""
