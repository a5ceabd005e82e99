"""Run docutils on a list, silently and safely, and read what it leaves on its nodes."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from typing import TypeVar

from docutils import nodes
from docutils.core import publish_doctree

from ..base import ReaderError
from .sphinx import sphinx_markup

N = TypeVar("N", bound=nodes.Node)

#: docutils must print nothing and read nothing but the text it is given
SETTINGS = {
    "report_level": 2,
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": True,
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "_disable_config": True,
    "input_encoding": "unicode",
    # code is shown as it is written: no Pygments, and no message for its absence
    "syntax_highlight": "none",
    # docutils refuses a whole file for one line past 10,000 characters (a wide HTML row);
    # what a long line costs is bounded by the run's parse budget instead
    "line_length_limit": 16 * 1024 * 1024,
}


#: characters docutils would break lines at (it splits with str.splitlines) that are no
#: line break to an editor, git or GitHub: spaces to docutils, so every count of lines
#: agrees (see model.lines_of) and every offset stays where it was
_NOT_LINE_BREAKS = str.maketrans(dict.fromkeys("\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))


def publish(path: str, text: str) -> nodes.document:
    """The doctree of ``text``; docutils' messages are in it as ``system_message`` nodes."""
    settings = dict(SETTINGS, warning_stream=io.StringIO())
    # A doctree is millions of objects tied in cycles (every node knows its parent). Kept
    # out of the garbage collector, it is neither scanned by every full collection while
    # the checks run nor taken apart before the run ends (together 2.5 s of a 10,000-entry
    # list). The previous file's doctree is let go here: a run over many files keeps
    # none of them for long.
    gc.unfreeze()
    try:
        with sphinx_markup():
            source = text.translate(_NOT_LINE_BREAKS)
            doctree = publish_doctree(source, source_path=path, settings_overrides=settings)
    except RecursionError:
        raise ReaderError(f"{path}: nested too deeply for docutils to read") from None
    gc.freeze()
    return doctree


def descendants(node: nodes.Node, kinds: tuple[type[N], ...]) -> Iterator[N]:
    """``node`` and the nodes under it of the given kinds, in document order.

    (docutils' ``findall`` takes this slow path for anything but a single class.)
    """
    if isinstance(node, kinds):
        yield node
    for child in getattr(node, "children", ()):
        yield from descendants(child, kinds)


def text_of(node: nodes.Node) -> str:
    """``node.astext()``, undoing docutils' escapes only where there are any (it is hot)."""
    if isinstance(node, nodes.Text):
        text = str(node)
        return nodes.unescape(text) if "\x00" in text else text
    separator = "" if isinstance(node, nodes.TextElement) else "\n\n"
    return separator.join(text_of(child) for child in node.children)


def first_line_in(node: nodes.Node) -> int:
    """The first line docutils gave the node or anything in it, else its ancestors'."""
    for child in node.children:  # the usual case: a paragraph or directive comes first
        if child.line:
            return child.line
    for inner in descendants(node, (nodes.Element,)):
        if inner.line:
            return inner.line
    return line_of(node)


def line_of(node: nodes.Node) -> int:
    """The line docutils gave the node or its nearest numbered ancestor."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 1
