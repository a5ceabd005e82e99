"""Lists, one entry a top-level item (bulleted or numbered; nested items belong to it).

A list is a list of entries when most of its items link out of the page; a table of
contents (mostly ``#anchor`` links) is none, a venue index's item is none (see
:mod:`.papers`), and an item that only groups a nested list hands its entries to it.
An item's title is, in its shape: ``[Title](url)`` (after any emoji: ``🌟 [Title](url)``),
``**Title**``, ``[2023/10] **Title**``, ``**[2025-05-01] Title**``, ``**Name**: "Title"``
or ``Title. [[PDF](u)]``; its venue and date are written before the title
(``[ICML 2023]``), after it (`` — ICML 2024``, ``*Author et al. Venue.*``, ``**Title**.
*Authors*. ACL2019.``, a ``[OSDI 2021]`` tag after the links), or named by the headings
above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model import Entry, Field, Link
from ..bibtex.values import MONTHS
from .context import Context, kept, plain
from .events import Node
from .inline import CODE_HOSTS, GENERIC, Found, Inline, on_hosts, paper_link
from .papers import lists_editions
from .sections import Sections

_DATE = r"(?:19|20)\d{2}(?:[-/.](?:0?[1-9]|1[0-2]|\d{1,2})(?:[-/.]\d{1,2})?)?"
#: a tag's venue and date: "2023/10", "ICML 2023", "ACM Trans. Intell. Syst.", "EMNLP'23"
#: (two digits after an apostrophe are a year of this century)
_TAG_TEXT = rf"\s*(?P<venue>[^\W\d][^\[\]]*?)??\s*[,']?\s*(?P<date>{_DATE}|(?<=')\d{{2}})?\s*"
#: "[2023/10]", "[ICML 2023]", "[ACM Trans. Intell. Syst.]": a venue and date tag
_TAG = rf"\[{_TAG_TEXT}\](?!\()"
#: a tag before an item's title, in brackets or in parentheses: "(*EMNLP'23*) Title"
_PREFIX = re.compile(rf"^\s*(?:\[|(?P<parenthesised>\()){_TAG_TEXT}(?(parenthesised)\)|\](?!\())")
#: a tag anywhere: after the title and links, ``Title [[Paper]](u) [OSDI 2021]``
_ANY_TAG = re.compile(_TAG)
#: any date in the text after a title: the last one is the entry's
_ANY_DATE = re.compile(rf"(?<![\w.]){_DATE}(?![\w])")
#: a venue's name written next to its date: a few words, the first not a number
_SHORT_VENUE = r"[^\W\d][\w&.+/'-]*(?: [\w&.+/'-]+){0,5}?"
#: " — ICML 2024", " (NeurIPS 2023-12)", ", CVPR 2023": a short venue, then the date
_VENUE_DATE = re.compile(
    rf"^\s*[\u2014\u2013\-,(\[:]\s*(?P<venue>{_SHORT_VENUE})\s*[,']?\s*(?P<date>{_DATE})(?!\w)"
)
#: "Title (NeurIPS 2020)": a title that ends with its venue and date in parentheses
_TITLE_VENUE = re.compile(rf"\s*\({_SHORT_VENUE}\s*[,']?\s*{_DATE}\)$")
#: what may be written before an item's title link without naming anything: emoji, stars,
#: arrows, dashes (``🌟 [Title](u)``); no letter or digit, and no bracket of a tag or link
_DECORATION = re.compile(r"^[^\w\[\]()]+")
#: a label in parentheses or brackets right before the title link, naming its method,
#: kind or edition, not the paper: ``(GES) [Title](u)``, ``(Asia-CCS '20, with DP) [Title](u)``
_LABEL = re.compile(r"^[(\[][^\[\]()]{1,100}[)\]]\s*")
#: a month's name, which dates a tag (``[Aug 2023]``) and names no venue
_MONTH = re.compile(
    rf"(?:\d{{1,2}}\s+)?(?:{'|'.join(month[:3] for month in MONTHS)})[a-z]*\.?", re.IGNORECASE
)
#: a date in brackets after a title written as text: ``Title [Aug 2023] [Repo](u)``
_DATE_TAG_AFTER = re.compile(
    r"\s*\[(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d{2}(?:[-/.]\d{1,2})*\]\s*$"
)
#: ``**TransUNet**: "Full Title"``: a short bold name, then the paper's title in quotes
_QUOTED_TITLE = re.compile(r'^\s*:\s*["\u201c](?P<title>[^"\u201d]+)["\u201d]')
#: most words of a bold name before a quoted title; a bold title is longer
_NAME_WORDS = 3
#: "*A Baevski et al*, `arXiv 2019, ICLR 2020`": the venues after the authors, each with
#: its year; the last is where the paper was published
_VENUE_YEARS = re.compile(
    rf"(?:{_SHORT_VENUE}\s*'?\s*{_DATE}\s*,\s*)+(?P<last>{_SHORT_VENUE}\s*'?\s*{_DATE})"
)
#: the authors' "et al." (or "et al," when the venue follows a comma)
_ET_AL = re.compile(r"\bet al[.,]")
#: what may come before an item's bold title: brackets, spaces, a date
_LEAD_NOISE = re.compile(rf"^[\[\]\s]*(?:{_DATE})?[\[\]\s]*$")
#: "**Title.** JMLR. ...": a short venue sentence right after a bold title
_AFTER_BOLD = re.compile(r"^[\s.]*(?P<venue>[A-Z][\w&+'/-]*(?: [\w&+'/-]+){0,4}?)\s*\.(?:\s|$)")
#: "**Title**. *Authors*. NAACL 2018, ...": once the authors are read, a comma ends it too
_AFTER_AUTHORS = re.compile(
    r"^[\s.,]*(?P<venue>[A-Z][\w&+'/-]*(?: [\w&+'/-]+){0,4}?)\s*[.,](?:\s|$)"
)
#: a venue sentence's year, written apart or not: "NAACL 2018", "ACL2019", "ICLR2020 under
#: review"; the words after a year are a status, not the venue
_VENUE_YEAR = re.compile(rf"(?P<venue>[^\W\d].*?)[\s,']*(?:(?P<date>{_DATE})(?:\s+[a-z][\w ]*)?)?")
#: what names people, not a venue: "Anonymous authors", "et al", a name cut at its initial
#: ("Matthew E" of "Matthew E. Peters"), or names joined by "and" ("Jeremy Howard and
#: Sebastian Ruder": capitalised words only, no acronym, no "of" or "on")
_AUTHORS = re.compile(
    r"\bauthors?\b|\bet al\b|\b[A-Z]$|^(?:[A-Z][a-z'-]+ )+and(?: [A-Z][a-z'-]+)+$"
)
#: text cut at a closing parenthesis it did not open: ``INFOCOM, 2022) :book:`` is
#: ``INFOCOM, 2022``
_CUT_AT_UNOPENED_CLOSE = re.compile(r"^((?:[^()]|\([^()]*\))*)\).*", re.DOTALL)
#: a note's opening word, all lowercase (``develops Q-learning``); never a title's
#: (``pFed-Litho: ...``, ``iCaRL``, ``word2vec``)
_NOTE = re.compile(r"[a-z]+(?=[\s,;:]|$)")
#: the kinds of node that are blocks; the others are an item's inline content
_BLOCKS = frozenset({"paragraph", "list", "table", "html_block", "heading", "codeblock"})

#: most words before the link of a step (``To download [Z](u)``); a title is longer
_WORDS_BEFORE_A_LINK_IN_A_SENTENCE = 4

#: how the document walker is asked to read the blocks of an item that is no entry
Walk = Callable[[list[Node]], None]


class Bullets:
    """Reads lists into entries of a :class:`Context`."""

    def __init__(self, context: Context, sections: Sections) -> None:
        self.ctx = context
        self.sections = sections

    def bullet_list(self, node: Node, walk: Walk) -> None:
        ctx = self.ctx
        items = [child for child in node.children if child.kind == "item"]
        reads = [self._item(item) for item in items]
        all_links = [f for _, found, nested in reads for f in found.links + nested]
        anchors = sum(1 for f in all_links if f.link.url.startswith("#"))
        if all_links and anchors * 2 >= len(all_links):
            return  # a table of contents: mostly links to #anchors of the page
        asides = self._asides(reads)
        listed = [read for index, read in enumerate(reads) if index not in asides]
        # an item that only names the group of items nested under it is neither
        linked = sum(1 for _, found, _ in listed if _entry_links(found))
        unlinked = sum(1 for _, found, nested in listed if not _entry_links(found) and not nested)
        if not linked or linked < unlinked or _instructions(reads):
            for item, found, _ in reads:
                ctx.outside(found)
                ctx.read_problems(found)
                ctx.html_comments_of(item)
                walk([c for c in item.children if c.kind in _BLOCKS and c.kind != "paragraph"])
            return
        container = ctx.new_container()
        ctx.bullet_lists.add(container)
        for index, (item, found, nested) in enumerate(reads):
            ctx.html_comments_of(item)
            ctx.read_problems(found)
            if index in asides or lists_editions(found):
                ctx.outside(found)
                continue
            if not _entry_links(found) and nested:
                ctx.outside(found)  # a group: its nested items are the entries
                for child in item.children:
                    if child.kind == "list":
                        self.bullet_list(child, walk)
                continue
            ctx.add(self.item_entry(item, found, nested, container), found.links + nested)

    def _asides(self, reads: list[tuple[Node, Inline, list[Found]]]) -> set[int]:
        """The items that label or annotate others, by index: an item with no link whose
        successor is indented deeper (a label of what follows), or that is itself indented
        deeper than its predecessor or starts with a lowercase word (a note on it). Authors
        mean these as nesting even where CommonMark reads a sibling (``  - x`` under
        `` - Label`` is not indented past the label's text)."""
        indents = [self._marker_column(item) for item, _, _ in reads]
        asides: set[int] = set()
        for index, (_, found, nested) in enumerate(reads):
            if _entry_links(found) or nested:
                continue
            labels = index + 1 < len(reads) and indents[index + 1] > indents[index]
            notes = index > 0 and (
                indents[index] > indents[index - 1] or _NOTE.match(found.text) is not None
            )
            if labels or notes:
                asides.add(index)
        return asides

    def _marker_column(self, item: Node) -> int:
        """How far into its line an item's marker is written."""
        text = self.ctx.text
        marker = item.start
        while marker < item.end and text[marker] in " \t":
            marker += 1
        return marker - (text.rfind("\n", 0, item.start) + 1)

    def _item(self, item: Node) -> tuple[Node, Inline, list[Found]]:
        """An item's own content read as one block, and the links of its nested lists."""
        own: list[Node] = []
        nested: list[Found] = []
        for child in item.children:
            if child.kind == "list":
                for inner in child.walk():
                    if inner.kind in ("paragraph", "item"):
                        inline = [n for n in inner.children if n.kind not in _BLOCKS]
                        nested.extend(self.ctx.inline.read(inline).links)
            elif child.kind in ("paragraph", "html_block") or child.kind not in _BLOCKS:
                own.append(child)
        paragraphs: list[Node] = []
        loose = [n for n in own if n.kind in ("paragraph", "html_block")]
        for child in own:
            if child.kind in ("paragraph", "html_block"):
                paragraphs.extend(child.children)
                paragraphs.append(Node("softbreak", child.end, child.end))
            else:
                paragraphs.append(child)
        found = self.ctx.inline.read(paragraphs if loose else own)
        return item, found, nested

    def item_entry(self, item: Node, found: Inline, nested: list[Found], container: int) -> Entry:
        ctx = self.ctx
        block, first_line, last_line = ctx.block(item.start, item.end)
        title, url, rest = self._item_title(item, found)
        venue = date = None
        prefix = _prefix(found)
        if prefix and prefix.group("date"):
            date = self._tag_date(prefix, item.start, item.end)
        after = title.span.end if title and title.span.end is not None else item.start
        match = _VENUE_DATE.match(rest)
        if match and _MONTH.fullmatch(match.group("venue").strip()):
            # "[Aug 2023]": a date alone, often a model's release rather than its paper's,
            # so it dates nothing here
            venue = None
        elif match:
            venue = ctx.field(match.group("venue").strip(), after, item.end)
            if date is None:
                date = ctx.field(match.group("date"), venue.span.end or after, item.end)
        else:
            venue = self._et_al_venue(rest, after, item.end)
            sentence_year = None
            if venue is None:
                venue, sentence_year = self._sentence_venue(item, rest)
            if date is None:
                dates = _ANY_DATE.findall(rest)
                if dates:
                    at = ctx.text.rfind(dates[-1], after, item.end)
                    date = (
                        Field(dates[-1], ctx.map.span(at, len(dates[-1])))
                        if at >= 0
                        else ctx.field(dates[-1], after, item.end)
                    )
            # the last date written is the most precise ("NAACL 2021 ... 2020.9"); a year
            # glued to its venue ("ACL2019") is no date of its own
            date = date or sentence_year
        tag = prefix or (_trailing_tag(found, rest) if venue is None else None)
        if tag and tag.group("venue"):
            venue = ctx.field(tag.group("venue"), item.start, item.end)
            if tag is not prefix:
                date = self._tag_date(tag, item.start, item.end)
        if venue is None and date is None:
            venue, date = self.sections.heading_venue()
        links = [f.link for f in found.links if kept(f.link) and f.link is not url]
        links += [f.link for f in nested if kept(f.link)]
        return Entry(
            section=ctx.outline.section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(links),
            venue=venue,
            date=date,
            block=block,
        )

    def _tag_date(self, tag: re.Match[str], start: int, end: int) -> Field:
        """A tag's date, located where it is written; ``'23`` is 2023."""
        written = tag.group("date")
        if len(written) > 2:
            return self.ctx.field(written, start, end)
        return Field(f"20{written}", self.ctx.field(f"'{written}", start, end).span)

    def _item_title(self, item: Node, found: Inline) -> tuple[Field | None, Link | None, str]:
        """Title, primary link and the text after the title, in the item's shape:
        ``[Title](url)``, ``**Title**``, ``[2023/10] **Title**``, or ``Title. [[PDF](u)]``."""
        ctx = self.ctx
        text = found.text
        prefix = _prefix(found)
        lead = text[prefix.end() :].lstrip() if prefix else text
        candidates = [f for f in found.links if kept(f.link) and not f.link.is_image]
        titled = next((f for f in candidates if f.label and not GENERIC.match(f.label)), None)
        strong = _first_strong(item)
        title: Field | None = None
        url: Link | None = None
        if strong is not None and (titled is None or strong.start <= titled.start):
            label = plain(ctx.inline.read(strong.children).text).rstrip(".").strip()
            tag = prefix.group(0).strip() if prefix else ""
            if tag and label.startswith(tag):  # ``**[2025-05-01] Title**``: the date is read
                label = label[len(tag) :].strip()
            inside = [f for f in candidates if strong.start <= f.start < strong.end]
            url = inside[0].link if inside else None
            rest = text.split(label, 1)[1] if label and label in text else ""
            quoted = _QUOTED_TITLE.match(rest)
            if quoted and len(label.split()) <= _NAME_WORDS:  # the name, then the title
                label = quoted.group("title").strip()
                rest = rest[quoted.end() :]
                title = ctx.field(label, strong.end, item.end)
            else:
                title = ctx.field(label, strong.start, strong.end)
        elif titled is not None and _without_marks(lead).startswith(
            _DECORATION.sub("", plain(titled.label))[:20]
        ):
            label = plain(titled.label)
            title = ctx.field(label, titled.start, item.end)
            url = titled.link
            rest = text.split(titled.label, 1)[1] if titled.label in text else ""
        else:
            head = re.split(r"\s*\[+\s*$|\s\[\[|\s\[(?=[^\]]*\]\()", lead, maxsplit=1)[0]
            first_label = candidates[0].label if candidates else ""
            if first_label and first_label in head:
                head = head.split(first_label, 1)[0]
            label = _DATE_TAG_AFTER.sub("", plain(head)).rstrip(" .[(-—:").strip()
            if not label and lead.startswith("["):
                # ``[[Label](url)], What It Is, Where``: the words after the label name it
                after = re.split(r"\]\s*[,.:;—-]?\s*", lead, maxsplit=1)
                words = plain(after[-1]).split(",")[0].strip() if len(after) == 2 else ""
                named = plain(first_label).strip("[] ")  # FL-ICML'23: the edition's name
                label = f"{named}: {words}" if named and words else words
            if label:
                title = ctx.field(label, item.start, item.end)
            rest = text.split(label, 1)[1] if label and label in text else text
        venue = _TITLE_VENUE.search(title.text) if title else None
        if title and venue:  # the venue is read from the text after the title
            at = title.span.start if title.span.start is not None else item.start
            title = ctx.field(title.text[: venue.start()], at, item.end)
            rest = venue.group(0) + rest
        if url is None:
            # a paper's page, else any page but its code's (a project page), else the code
            usable = paper_link(candidates, exclude=None) or next(
                (f for f in candidates if not on_hosts(f.link.url, CODE_HOSTS)),
                candidates[0] if candidates else None,
            )
            url = usable.link if usable else None
        return title, url, rest

    def _sentence_venue(self, item: Node, rest: str) -> tuple[Field | None, Field | None]:
        """``**Title.** JMLR.`` or ``**Title**. *Authors*. NAACL 2018.``: the sentence after
        a bold title, or after the authors' emphasis that follows it, is the venue (and
        year); never the authors' names."""
        strong = _first_strong(item)
        if strong is None:
            return None, None
        start = strong.end
        sentence = _AFTER_BOLD.match(rest)
        authors = _emphasis_after(item, strong)
        if authors is not None:
            written = self.ctx.inline.read(authors.children).text
            after = rest.split(written, 1)[1] if written and written in rest else ""
            start = authors.end
            sentence = _AFTER_AUTHORS.match(after) or sentence
        if sentence is None or _AUTHORS.search(sentence.group("venue")):
            return None, None
        split = _VENUE_YEAR.fullmatch(sentence.group("venue"))
        if split is None:
            return None, None
        venue = self.ctx.field(split.group("venue"), start, item.end)
        year = split.group("date")
        date = self.ctx.field(year, venue.span.end or start, item.end) if year else None
        return venue, date

    def _et_al_venue(self, rest: str, start: int, end: int) -> Field | None:
        """``*Author et al. Venue.*``, ``(Author et al., Venue, 2022) [:book:](u)`` or
        ``*Author et al*, `arXiv 2019, ICLR 2020```: the venue is what follows "et al." (or
        "et al,"), up to the parenthesis that closes the authors', with its year and any
        emoji shortcode left out; of several venues with their years, the last (where a
        preprint was published, the year the entry is dated by)."""
        authors = _ET_AL.search(rest)
        if authors is None:
            return None
        after = rest[authors.end() :]
        venue = re.split(r"[*\[\]\n]|\.\s|\.$", after.strip(" ,"), maxsplit=1)[0]
        venue = plain(_CUT_AT_UNOPENED_CLOSE.sub(r"\1", venue)).strip(" .,")
        venues = _VENUE_YEARS.fullmatch(venue)
        if venues:
            venue = venues.group("last")
        venue = re.sub(rf"[\s,']*{_DATE}$", "", venue).strip(" ,")
        if not venue or len(venue.split()) > 6:
            return None
        return self.ctx.field(venue, start, end)


def _instructions(reads: list[tuple[Node, Inline, list[Found]]]) -> bool:
    """A list of steps, not of entries (``- Use X to download Y.``, ``- To download
    [Z](url), contact the authors.``): no item starts with a link or a bold title, and each
    item that links does so inside a sentence, a few words in and with more words after
    (a title's links come first or last: ``Title [[Paper]](u) [OSDI 2021]``)."""
    if any(_first_strong(item) is not None or _leads_with_link(found) for item, found, _ in reads):
        return False
    linking = [found for _, found, _ in reads if _entry_links(found)]
    return all(_link_in_sentence(found) for found in linking)


def _without_marks(lead: str) -> str:
    """What an item says before its title link once decoration and a label are set aside:
    ``🌟 (GES) [Title](u)`` leads with its title."""
    return _DECORATION.sub("", _LABEL.sub("", _DECORATION.sub("", lead), count=1))


def _leads_with_link(found: Inline) -> bool:
    links = _entry_links(found)
    return bool(links) and found.text.lstrip("[ ").startswith(links[0].label)


def _link_in_sentence(found: Inline) -> bool:
    """The item's first link comes after one to four words and a lowercase word follows
    it: ``To download [Clothing1M](u), contact...``."""
    label = _entry_links(found)[0].label
    if not label or label not in found.text:
        return False
    before, after = found.text.split(label, 1)
    following = re.match(r"[\W_]*([^\W\d_]+)", after)
    return 1 <= len(before.split()) <= _WORDS_BEFORE_A_LINK_IN_A_SENTENCE and bool(
        following and following.group(1).islower()
    )


def _entry_links(found: Inline) -> list[Found]:
    return [f for f in found.links if kept(f.link) and not f.link.is_image]


def _prefix(found: Inline) -> re.Match[str] | None:
    """The ``[Venue Date]`` or ``(Venue Date)`` written before an item's title, if any:
    not a link's label in brackets (``[[FL-ICML'23](url)], the workshop...``), nor words
    in parentheses that open a title (``(Amplified) Banded Matrix Factorization``), nor
    the authors (``(Ningxin Su et al., INFOCOM 2022)`` after an empty ``[]()``)."""
    match = _PREFIX.match(found.text)
    if match is None or not (match.group("venue") or match.group("date")):
        return None
    if match.group("parenthesised") and not match.group("date"):
        return None
    if match.group("venue") and _AUTHORS.search(match.group("venue")):
        return None  # "( et al., Journal 2023)": names, not a venue
    written = match.group(0).strip()[1:-1].strip()
    return None if any(f.label.strip() == written for f in found.links) else match


def _trailing_tag(found: Inline, rest: str) -> re.Match[str] | None:
    """The last ``[Venue Date]`` tag after an item's title (``[[Paper]](u) [OSDI 2021]``):
    both named (``[Must Read]`` is no venue), not a link's label."""
    labels = {f.label.strip() for f in found.links}
    tags = [
        match
        for match in _ANY_TAG.finditer(rest)
        if match.group("venue")
        and match.group("date")
        and not _MONTH.fullmatch(match.group("venue").strip())
        and match.group(0)[1:-1].strip() not in labels
    ]
    return tags[-1] if tags else None


def _emphasis_after(item: Node, strong: Node) -> Node | None:
    """The emphasis right after an item's bold title (``**Title**. *Authors*.``), if any."""
    parent = next((n for n in item.walk() if any(c is strong for c in n.children)), None)
    if parent is None:
        return None
    siblings = parent.children
    at = next(i for i, c in enumerate(siblings) if c is strong)
    for node in siblings[at + 1 :]:
        if node.kind == "em":
            return node
        if node.kind != "text" or node.attrs["text"].strip(" .,:;"):
            return None
    return None


def _first_strong(item: Node) -> Node | None:
    """The bold text an item starts with (after a ``[date]`` and badges), if any."""
    for node in item.walk()[1:]:
        if node.kind == "strong":
            return node
        if node.kind in ("list", "link"):
            return None
        if node.kind == "text" and not _LEAD_NOISE.match(node.attrs["text"]):
            return None
    return None
