"""docutils doctree → Document: the entries of every shape, links outside them, messages.

Each shape has its module: tables (list, simple, grid), bullets and runs of link-led
paragraphs, definition lists, HTML tables in raw blocks, and pages with a section per
entry. This module walks the document and hands each block to the shape it is; whatever
links somewhere and is no entry is kept as a link outside entries.
"""

from __future__ import annotations

from docutils import nodes

from ...model import Document, Message, Suppression
from .bullets import Bullets
from .context import Context
from .deflists import DefinitionLists
from .doctree import line_of, publish
from .rawtables import RawTables
from .sections import Sections
from .tables import Tables, column_roles

__all__ = ["column_roles", "parse"]

#: what may stand between the paragraphs of one run of link-led paragraphs
_BETWEEN_PARAGRAPHS = (nodes.target, nodes.comment, nodes.system_message)


def parse(path: str, text: str) -> Document:
    """Read every entry, link, suppression and docutils message of a list."""
    doctree = publish(path, text)
    builder = _Builder(path, text)
    builder.walk(doctree, ())
    return builder.document(doctree)


class _Builder(Context):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        self.section_lines: list[tuple[int, int]] = []  # (title line, depth)
        self.tables = Tables(self)
        self.bullets = Bullets(self)
        self.definitions = DefinitionLists(self)
        self.raw_tables = RawTables(self)
        self.sections = Sections(self, self.bullets, self.tables)

    # -- the document -------------------------------------------------------------------

    def walk(self, node: nodes.Element, section: tuple[str, ...]) -> None:
        children = node.children
        family = [
            child
            for child in children
            if isinstance(child, nodes.section) and "system-messages" not in child["classes"]
        ]
        entry_sections = self.sections.entry_sections(family)
        family_container = self.new_container() if entry_sections else 0
        runs = self._paragraph_runs(children)
        run_container = 0
        last_reference = -2  # where the last footnote or citation that is an entry stood
        for index, child in enumerate(children):
            if index in runs and isinstance(child, nodes.Element):
                if runs[index]:
                    run_container = self.new_container()
                self.entries.append(self.bullets.paragraph_entry(child, section, run_container))
            elif isinstance(child, (nodes.footnote, nodes.citation)) and self.bullets.is_reference(
                child
            ):
                if last_reference != index - 1:  # a reference list: its notes in a row
                    run_container = self.new_container()
                last_reference = index
                self.entries.append(self.bullets.reference_entry(child, section, run_container))
            elif isinstance(child, nodes.section):
                if "system-messages" in child["classes"]:
                    continue
                if id(child) in entry_sections:
                    _, line = self.heading(child, section)
                    entry = self.sections.section_entry(child, section, line, family_container)
                    self.entries.append(entry)
                else:
                    self.section(child, section)
            elif isinstance(child, nodes.system_message):
                self.tables.ragged_table(child, section)
            elif isinstance(child, nodes.substitution_definition):
                continue
            elif isinstance(child, nodes.comment):
                self.comment(child, scope=None, depth=len(section))
            elif isinstance(child, nodes.raw) and self.raw_tables.table(child, section):
                continue
            elif isinstance(child, (nodes.reference, nodes.image, nodes.raw)):
                self.links.extend(link for link, _ in self.reader.read(child))
            elif (
                (isinstance(child, nodes.table) and self.tables.table(child, section))
                or (
                    isinstance(child, (nodes.bullet_list, nodes.enumerated_list))
                    and self.bullets.bullet_list(child, section, self.walk)
                )
                or (
                    isinstance(child, nodes.definition_list)
                    and self.definitions.definition_list(child, section)
                )
            ):
                continue
            elif isinstance(child, nodes.Element):
                self.walk(child, section)

    def _paragraph_runs(self, children: list[nodes.Node]) -> dict[int, bool]:
        """The paragraphs that are entries: runs of two or more that start with a link.

        Maps each one's index to whether it starts its run.
        """
        runs: dict[int, bool] = {}
        current: list[int] = []
        for index, child in enumerate([*children, None]):
            if isinstance(child, _BETWEEN_PARAGRAPHS):
                continue
            if child is not None and self.bullets.leads_with_link(child):
                current.append(index)
                continue
            if len(current) >= 2:
                runs.update({position: position == current[0] for position in current})
            current = []
        return runs

    def heading(self, node: nodes.section, parent: tuple[str, ...]) -> tuple[str, int]:
        """A section's title and the line its text is written on."""
        title = node.next_node(nodes.title)
        name = title.astext().strip() if title else ""
        line = line_of(title) if title else line_of(node)
        # docutils numbers a title by its underline; findings point at the text
        for candidate in (line - 1, line - 2):
            if candidate >= 1 and self.map.lines[candidate - 1].strip() == name:
                line = candidate
                break
        self.section_lines.append((line, len(parent) + 1))
        return name, line

    def section(self, node: nodes.section, parent: tuple[str, ...]) -> None:
        name, _ = self.heading(node, parent)
        self.walk(node, (*parent, name))

    def document(self, doctree: nodes.document) -> Document:
        for suppression, depth in self.open_suppressions:
            ends = [
                line - 1
                for line, title_depth in self.section_lines
                if line > suppression.first_line and title_depth <= depth
            ]
            last = min(ends, default=self.map.line_count)
            self.suppressions.append(
                Suppression(suppression.codes, suppression.first_line, last, suppression.span)
            )
        return Document(
            path=self.path,
            text=self.map.text,
            entries=tuple(self.entries),
            links=tuple(self.links),
            messages=tuple(self._messages(doctree)),
            suppressions=tuple(sorted(self.suppressions, key=lambda s: s.first_line)),
        )

    def _messages(self, doctree: nodes.document) -> list[Message]:
        found = []
        for message in doctree.findall(nodes.system_message):
            if message["level"] < 2:
                continue
            line = message.get("line") or message.line
            if not line:
                # messages from transforms point at the problem through backrefs
                culprits = [doctree.ids.get(ref) for ref in message["backrefs"]]
                line = next((line_of(c) for c in culprits if c is not None), 1)
            text = message.children[0].astext() if message.children else message.astext()
            found.append(Message(line, message["level"], " ".join(text.split())))
        return sorted(found, key=lambda m: m.line)
