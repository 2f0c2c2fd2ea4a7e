"""Errors the library raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg reports to its user."""

    exit_code = 1


class ArticleError(KgError):
    """An article could not be read (missing, empty, binary, undecodable, too large)."""


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
