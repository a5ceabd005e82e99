"""The network layer: it knows URLs and HTTP, nothing about lists or reStructuredText."""

from .checker import LinkChecker, NetSettings
from .result import LinkResult, Outcome

__all__ = ["LinkChecker", "LinkResult", "NetSettings", "Outcome"]
