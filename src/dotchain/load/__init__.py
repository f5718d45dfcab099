"""Loading: files → YAML → validated models → one organisation, with DC000/DC003 findings."""

from dotchain.load.merge import LoadResult, load_organization
from dotchain.load.sources import Source, SourceError, read_sources

__all__ = ["LoadResult", "Source", "SourceError", "load_organization", "read_sources"]
