"""Is every suppression comment readable and naming real rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Finding
from ..rules import Options, rule


@rule("FL006", "bad-suppression")
def bad_suppression(doc: Document, options: Options) -> Iterator[Finding]:
    """A suppression comment that cannot be read or names an unknown rule.

    Suppressions are strict: a comment that does not say exactly
    ``fmfl-lint: disable=FL401,unsorted-entries`` (or ``disable-file=``) suppresses
    nothing and is reported, so a typo never silences a whole file.
    """
    for suppression in doc.suppressions:
        for problem in suppression.problems:
            yield Finding.at(doc.path, suppression.span, problem)
