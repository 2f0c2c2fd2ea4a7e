"""kg: news articles to a queryable knowledge graph."""

from importlib import metadata

try:
    __version__ = metadata.version("kg-news")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
