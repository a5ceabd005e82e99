"""Field values as BibTeX writes them: where each piece is, what it says, what is wrong.

bibtexparser hands over each field's value exactly as written (``{...}``, ``"..."``, a
number, a macro, or pieces joined by ``#``) and, when no middleware runs, nothing else.
These helpers find the text inside the braces or quotes (so a fix rewrites only that),
turn it into plain text, and say what BibTeX itself would refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: a field name BibTeX accepts: no whitespace and none of its special characters
_NAME = re.compile(r"[^\s\"#%'(),={}]+")
_BARE = re.compile(r"[^\s\"#%'(),={}]+")
_ESCAPED = re.compile(r"\\([_&%#$])")
_BRACE = re.compile(r"(?<!\\)[{}]")
#: what opens or closes a group; an escaped brace or quote (``\\{``) does neither
_GROUP_MARK = re.compile(r'\\.|[{}"]', re.DOTALL)
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")

#: the month macros every BibTeX style defines, and the names people write instead
MONTHS = (
    "january february march april may june july august september october november december"
).split()


@dataclass(frozen=True)
class Piece:
    """One piece of a value: ``{...}``, ``"..."`` or a bare number or macro name.

    ``start``/``end`` index the value as written; ``inner_*`` the text inside the
    braces or quotes (the same as ``start``/``end`` for a bare piece).
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    bare: bool


def _closing(value: str, at: int) -> int:
    """Index just past the group opened at ``at`` (``{`` or ``"``); -1 if it never closes."""
    depth = 0
    quote = value[at] == '"'
    for mark in _GROUP_MARK.finditer(value, at + (1 if quote else 0)):
        char = mark.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quote:
                return mark.end()
            if depth < 0:
                return -1
        elif char == '"' and quote and depth == 0:
            return mark.end()
    return -1


def pieces(value: str) -> tuple[list[Piece], str]:
    """The pieces of a value as written, and what is wrong with it ('' when nothing).

    bibtexparser ends a value at the first ``,`` or ``}`` outside braces, so a missing
    comma leaves the next field inside the value: BibTeX stops there.
    """
    found: list[Piece] = []
    index = 0
    while True:
        while index < len(value) and value[index].isspace():
            index += 1
        if index == len(value):
            return found, ("nothing after '#'" if found else "")
        char = value[index]
        if char in '{"':
            end = _closing(value, index)
            if end < 0:
                what = "quote" if char == '"' else "braces"
                return found, f"unbalanced {what} in the value"
            found.append(Piece(index, end, index + 1, end - 1, False))
        else:
            match = _BARE.match(value, index)
            if match is None:
                return found, f"'{char}' cannot start a value"
            end = match.end()
            found.append(Piece(index, end, index, end, True))
        index = end
        while index < len(value) and value[index].isspace():
            index += 1
        if index < len(value) and value[index] == "#":
            index += 1
            continue
        if index < len(value):
            rest = " ".join(value[index:].split())
            return found, f"',' expected before '{rest[:40]}'"
        return found, ""


def name_problem(name: str) -> str:
    """Why BibTeX refuses a field name ('' when it accepts it)."""
    if _NAME.fullmatch(name):
        return ""
    return "not a field name: BibTeX expects '=' after one word, and skips the rest of the entry"


def plain(text: str) -> str:
    """Written text as read: braces that protect case and escapes of ``_&%#$`` gone."""
    return " ".join(_BRACE.sub("", _ESCAPED.sub(r"\1", text)).split())


def url_text(text: str) -> str:
    """A URL as written in a field: escapes of ``_&%#$`` gone (``paper\\_files``)."""
    return _ESCAPED.sub(r"\1", text).strip()


def url_command(text: str) -> re.Match[str] | None:
    """The first ``\\url{...}`` in a field (``howpublished = {\\url{https://...}}``)."""
    return _URL_COMMAND.search(text)


def month_number(text: str) -> int | None:
    """The month a month field names: ``5``, ``may``, ``May``, ``Jun.``, ``09--15 Jun``.

    The last form is how PMLR writes the days of a conference; None when no one month
    is named.
    """
    words = re.findall(r"[a-z]+|\d+", text.lower())
    if len(words) == 1 and words[0].isdigit():
        return int(words[0]) if 1 <= int(words[0]) <= 12 else None
    named = {
        number
        for word in words
        if not word.isdigit() and len(word) >= 3
        for number, name in enumerate(MONTHS, 1)
        if name.startswith(word)
    }
    if len(named) != 1 or sum(not word.isdigit() for word in words) != 1:
        return None
    return named.pop()
