"""Is every suppression comment readable and naming real rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Finding
from ..rules import Options, registry, rule


@rule("FL006", "bad-suppression")
def bad_suppression(doc: Document, options: Options) -> Iterator[Finding]:
    """An ``.. fmfl-lint:`` comment that cannot be read or names an unknown rule.

    Suppressions are strict: a comment that does not say exactly
    ``.. fmfl-lint: disable=FL401,FL202`` (or ``disable-file=``) suppresses nothing and is
    reported, so a typo never silences a whole file.
    """
    known = registry()
    for suppression in doc.suppressions:
        for problem in suppression.problems:
            yield Finding.at(doc.path, suppression.span, problem)
        for code in sorted(suppression.codes - known.keys()):
            yield Finding.at(
                doc.path, suppression.span, f"unknown rule code '{code}' in suppression"
            )
