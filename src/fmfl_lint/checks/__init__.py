"""The checks, one module per family; importing this package registers every rule."""

from . import arxiv, badges, duplicates, links, ordering, structure, suppressions, venues

__all__ = [
    "arxiv",
    "badges",
    "duplicates",
    "links",
    "ordering",
    "structure",
    "suppressions",
    "venues",
]
