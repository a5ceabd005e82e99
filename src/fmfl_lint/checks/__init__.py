"""The checks, one module per family; importing this package registers every rule."""

from . import arxiv, duplicates, github, links, ordering, structure, suppressions, venues

__all__ = [
    "arxiv",
    "duplicates",
    "github",
    "links",
    "ordering",
    "structure",
    "suppressions",
    "venues",
]
