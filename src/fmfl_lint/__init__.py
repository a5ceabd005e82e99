"""fmfl-lint: keep curated paper lists honest."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fmfl-lint")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
