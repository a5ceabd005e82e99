"""Headings of the parts of a page that are about the page (its contents, licence, the
lists it thanks...): what is written under them is never an entry of its list."""

from __future__ import annotations

import re

_ABOUT_THE_PAGE = re.compile(
    r"^(?:table of )?contents?$|^(?:useful )?resources$|^citations?$|^cite$|^maintainers?$|"
    r"^licen[cs]e$|^contribut(?:ing|ors?|ions?)$|^acknowledge?ments?$|^references?$|"
    r"^contacts?$|^getting started$|^install(?:ation)?$|^usage$|^faq$|^changelog$|"
    r"^about$|^authors?$|^see also$|^related(?: lists?)?$|^news$|^introduction$|^overview$",
    re.IGNORECASE,
)
#: emoji and punctuation around a heading's words: "🤗Acknowledgments", "Contents:"
_DECORATION = re.compile(r"^[\W_]+|[\W_]+$")


def is_about_the_page(heading: str) -> bool:
    """Whether a heading names a part about the page, whatever emoji decorate it."""
    return _ABOUT_THE_PAGE.match(_DECORATION.sub("", heading)) is not None
