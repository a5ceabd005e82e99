"""The checks, one module per family; importing this package registers every rule."""

from . import (
    arxiv,
    bibliography,
    duplicates,
    github,
    identity,
    links,
    ordering,
    structure,
    suppressions,
    venues,
)

__all__ = [
    "arxiv",
    "bibliography",
    "duplicates",
    "github",
    "identity",
    "links",
    "ordering",
    "structure",
    "suppressions",
    "venues",
]
