"""Sphinx's roles and directives, known to docutils for one parse only.

Many lists are pages of a Sphinx site: ``toctree``, ``only``, ``:ref:``, ``:pypi:``... are
valid there, and plain docutils reports each as an error (FL001) and, for ``only``, hides
the entries inside. For the length of a parse, docutils' registries are swapped for
copies that also hold these names; nothing is left behind, and no file a directive names
is read (``literalinclude`` and the autodoc family produce nothing).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.statemachine import StringList

#: marks the references an extlink-style role makes: their URL is written nowhere as such
EXTLINK = "fmfl-extlink"
#: marks the body of an ``only`` directive, so its alternative right after it is known
_ONLY = "fmfl-only"

#: ``:role:`Title <target>``` or ``:role:`target```
_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]*)>$", re.DOTALL)

#: version notes: a version, then text
_VERSIONED = ("versionadded", "versionchanged", "versionremoved", "deprecated")
#: directives whose body is ordinary reStructuredText, read like any other
_BODY = (
    *_VERSIONED,
    "ifconfig",
    "seealso",
    "centered",
    "hlist",
    "glossary",
    "tabs",
    "tab",
    "tab-set",
    "tab-item",
    "grid",
    "grid-item",
    "grid-item-card",
    "card",
    "dropdown",
    "todo",
    "rst-class",
    "cssclass",
)
#: directives that show code: their text is kept as a literal block, never highlighted
_CODE = (
    "code-block",
    "sourcecode",
    "doctest",
    "testcode",
    "testoutput",
    "productionlist",
)
#: directives that name other files, objects or settings: nothing of them is read
_NOTHING = (
    "toctree",
    "literalinclude",
    "highlight",
    "index",
    "tabularcolumns",
    "sectionauthor",
    "moduleauthor",
    "codeauthor",
    "acks",
    "currentmodule",
    "module",
    "automodule",
    "autoclass",
    "autoexception",
    "autofunction",
    "automethod",
    "autoattribute",
    "autodata",
    "autoproperty",
    "autodecorator",
    "autosummary",
    "autoprogram",
    "testsetup",
    "testcleanup",
    "graphviz",
    "digraph",
    "graph",
    "inheritance-diagram",
    "plot",
    "describe",
    "object",
    "function",
    "method",
    "attribute",
    "data",
    "exception",
    "decorator",
    "program",
    "option",
    "envvar",
    "confval",
    "py:module",
    "py:currentmodule",
    "py:function",
    "py:class",
    "py:method",
    "py:attribute",
    "py:property",
    "py:data",
    "py:exception",
    "py:decorator",
    "rst:directive",
    "rst:role",
    "c:function",
    "cpp:function",
    "js:function",
)
#: roles whose text is shown as code
_LITERAL_ROLES = (
    "file",
    "command",
    "program",
    "option",
    "envvar",
    "samp",
    "kbd",
    "makevar",
    "mailheader",
    "mimetype",
    "regexp",
    "class",
    "func",
    "meth",
    "mod",
    "attr",
    "data",
    "exc",
    "obj",
    "const",
    "type",
    "confval",
    "py:class",
    "py:func",
    "py:meth",
    "py:mod",
    "py:attr",
    "py:data",
    "py:exc",
    "py:obj",
    "py:const",
    "c:func",
    "c:type",
    "c:macro",
    "c:data",
    "cpp:func",
    "cpp:class",
    "js:func",
    "rst:dir",
    "rst:role",
)
#: roles whose text (a ``Title <target>``'s title) is shown as text
_TEXT_ROLES = (
    "ref",
    "doc",
    "term",
    "any",
    "numref",
    "keyword",
    "token",
    "download",
    "abbr",
    "dfn",
    "guilabel",
    "menuselection",
    "manpage",
    "newsgroup",
    "eq",
    "issue",
    "pr",
    "user",
    "bdg",
    "octicon",
    "fa",
)
#: extlink-style roles: the URL the target names
EXTLINKS: dict[str, Callable[[str], str]] = {
    "pypi": lambda name: f"https://pypi.org/project/{name}/",
    "gh": lambda path: f"https://github.com/{path}",
    "github": lambda path: f"https://github.com/{path}",
}


class _AnyOptions(dict[str, Callable[[str], Any]]):
    """An option spec that accepts every option (Sphinx directives take many)."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


class _Nothing(Directive):
    """A directive that shows nothing a list is made of."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True

    def run(self) -> list[nodes.Node]:
        return []


class _Code(_Nothing):
    """Code, kept as a literal block (docutils' ``code`` would want Pygments' options)."""

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text)]


class _Body(_Nothing):
    """A directive whose content is read as ordinary body elements.

    A version note's text may start on its first line, after the version
    (``.. versionadded:: 2.0 Reads X``) and go on in the lines below it.
    """

    def run(self) -> list[nodes.Node]:
        content = self.content
        if self.name in _VERSIONED and self.arguments:
            text = self.arguments[0].split(None, 1)[1:]
            source = self.state_machine.get_source_and_line(self.lineno)[0] or ""
            lines = [line for part in text for line in part.split("\n")]
            first = StringList(lines, items=[(source, self.lineno - 1)] * len(lines))
            content = first + self.content if lines else self.content
        if not content:
            return []
        box = nodes.container()
        self.state.nested_parse(content, self.content_offset, box)
        return list(box.children)


class _Only(_Nothing):
    """``only``: its body is read, but once per set of alternatives.

    Two ``only`` blocks in a row (``html`` then ``latex``) are the same content for two
    builders; only the first is read, or the list would hold every entry twice.
    """

    def run(self) -> list[nodes.Node]:
        parent = self.state.parent
        previous = parent.children[-1] if parent is not None and parent.children else None
        if isinstance(previous, nodes.container) and _ONLY in previous["classes"]:
            return []
        box = nodes.container(classes=[_ONLY])
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def _split(text: str) -> tuple[str, str]:
    """The title and target of a role's text (both the text when it has no ``<target>``)."""
    match = _TITLED.match(text)
    if match and match.group("target"):
        return match.group("title") or match.group("target"), match.group("target")
    return text, text


RoleResult = tuple[list[nodes.Node], list[nodes.system_message]]


def _text_role(name: str, rawtext: str, text: str, *args: Any, **kwargs: Any) -> RoleResult:
    title, _ = _split(nodes.unescape(text))
    return [nodes.inline(rawtext, title.lstrip("~!"))], []


def _literal_role(name: str, rawtext: str, text: str, *args: Any, **kwargs: Any) -> RoleResult:
    title, _ = _split(nodes.unescape(text))
    return [nodes.literal(rawtext, title.lstrip("~!"))], []


def _extlink_role(name: str, rawtext: str, text: str, *args: Any, **kwargs: Any) -> RoleResult:
    title, target = _split(nodes.unescape(text))
    url = EXTLINKS[name.lower()](target.strip())
    return [nodes.reference(rawtext, title, refuri=url, classes=[EXTLINK])], []


def _registries() -> tuple[dict[str, Any], dict[str, Any]]:
    found_directives: dict[str, Any] = {}
    for names, kind in ((_BODY, _Body), (_CODE, _Code), (_NOTHING, _Nothing)):
        found_directives.update(dict.fromkeys(names, kind))
    found_directives["only"] = _Only
    found_roles: dict[str, Any] = dict.fromkeys(_TEXT_ROLES, _text_role)
    found_roles.update(dict.fromkeys(_LITERAL_ROLES, _literal_role))
    found_roles.update(dict.fromkeys(EXTLINKS, _extlink_role))
    return found_directives, found_roles


_DIRECTIVES, _ROLES = _registries()
_LOCK = threading.Lock()


@contextmanager
def sphinx_markup() -> Iterator[None]:
    """docutils knows Sphinx's names inside the block, and only there.

    docutils looks names up in two module-level dicts (and caches what it finds in
    them); they are replaced by copies for the block and put back after it, so neither
    our names nor docutils' caching of them outlive the parse.
    """
    with _LOCK:
        saved_directives = directives._directives  # type: ignore[attr-defined]
        saved_roles = roles._roles  # type: ignore[attr-defined]
        directives._directives = {**saved_directives, **_DIRECTIVES}  # type: ignore[attr-defined]
        roles._roles = {**saved_roles, **_ROLES}  # type: ignore[attr-defined]
        try:
            yield
        finally:
            directives._directives = saved_directives  # type: ignore[attr-defined]
            roles._roles = saved_roles  # type: ignore[attr-defined]


def is_extlink(node: nodes.Node) -> bool:
    """Whether a reference was made by an extlink-style role."""
    return isinstance(node, nodes.Element) and EXTLINK in node.get("classes", ())
