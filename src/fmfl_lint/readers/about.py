"""Headings of the parts of a page that are about the page (its contents, licence, the
lists it thanks...): what is written under them is never an entry of its list."""

from __future__ import annotations

import re

ABOUT_THE_PAGE = re.compile(
    r"^(?:table of )?contents?$|^(?:useful )?resources$|^citations?$|^cite$|^maintainers?$|"
    r"^licen[cs]e$|^contribut(?:ing|ors?|ions?)$|^acknowledge?ments?$|^references?$|"
    r"^contacts?$|^getting started$|^install(?:ation)?$|^usage$|^faq$|^changelog$|"
    r"^about$|^authors?$|^see also$|^related(?: lists?)?$|^news$|^introduction$|^overview$",
    re.IGNORECASE,
)
