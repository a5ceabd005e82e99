"""The links, images and text of one Markdown block (a paragraph, a cell, a tight item).

Markdown links (``[t](u)``, ``[t][ref]``, ``<u>``), images (``![a](s)``, a linked badge
``[![a](s)](t)``) and raw HTML tags (``<a href>``, ``<img src>``, an ``<a>`` around an
``<img>``) are all read into one vocabulary: an image's ``target`` is what it links to,
however that is written. Badges are told apart by their URL, never by their alt text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ...model import Link, Span
from ..html import HtmlFragment, parse_fragment
from ..sourcemap import SourceMap
from .events import Node

#: link texts that say what a link is, never which paper: they are not titles
GENERIC = re.compile(
    r"^\W*(?:pdf|paper|papers|pub|publication|code|codes|source code|arxiv|github|gitlab|git|"
    r"link|links|project|project page|page|website|web|homepage|home|slides?|video|videos|"
    r"demo|blog|poster|bib|bibtex|doi|openreview|dataset|data|models?|hugging ?face|hf|"
    r"repo|repository|official|supp|supplementary|talk|url|html|abs|abstract|review|"
    r"解读|知乎|论文|代码)\W*$",
    re.IGNORECASE,
)
#: link texts that name the paper itself
PAPER_LABEL = re.compile(
    r"^\W*(?:pdf|paper|pub|publication|arxiv|openreview|doi|abs|html)\W*$", re.IGNORECASE
)
PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "doi.org",
    "aclanthology.org",
    "aclweb.org",
    "papers.nips.cc",
    "proceedings.neurips.cc",
    "proceedings.mlr.press",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "link.springer.com",
    "sciencedirect.com",
    "openaccess.thecvf.com",
    "ojs.aaai.org",
    "ijcai.org",
    "jmlr.org",
    "nature.com",
    "biorxiv.org",
    "medrxiv.org",
    "usenix.org",
    "semanticscholar.org",
)
CODE_HOSTS = ("github.com", "gitlab.com")
BADGE_HOSTS = ("img.shields.io", "badgen.net", "badge.fury.io", "api.star-history.com")
#: shields.io badge labels that state a venue: ``badge/Conference-ICML'23-blue``
_VENUE_BADGE_LABELS = frozenset({"conference", "venue", "journal", "published", "publication"})


def host_of(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def on_hosts(url: str, hosts: tuple[str, ...]) -> bool:
    host = host_of(url)
    return any(host == known or host.endswith("." + known) for known in hosts)


def is_badge(url: str) -> bool:
    return on_hosts(url, BADGE_HOSTS)


def badge_venue(url: str) -> str | None:
    """The venue a shields.io badge states (``badge/Conference-ICML'23-blue``), if any."""
    if host_of(url) != "img.shields.io":
        return None
    path = urlsplit(url).path.split("/")
    if len(path) < 3 or path[1] != "badge":
        return None
    parts = re.split(r"(?<!-)-(?!-)", unquote(path[2]))
    if len(parts) < 3 or parts[0].strip().casefold() not in _VENUE_BADGE_LABELS:
        return None
    return parts[1].replace("--", "-").replace("__", "_").replace("_", " ").strip() or None


def is_web_link(url: str) -> bool:
    """A URL that leaves the page: not an ``#anchor``, not empty, not a file of the repo."""
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    return ":" in url.split("/", 1)[0] or url.startswith("//")


def paper_link(found: list[Found], exclude: Link | None) -> Found | None:
    """The first link labelled as the paper (PDF, arXiv...) or to a paper's host."""
    usable = [f for f in found if not f.link.is_image and f.link is not exclude]
    for f in usable:
        if PAPER_LABEL.match(f.label):
            return f
    for f in usable:
        if on_hosts(f.link.url, PAPER_HOSTS):
            return f
    return None


@dataclass
class Found:
    """A link or image of a block, with its text (a link's label, an image's alt)."""

    link: Link
    label: str
    start: int  # where its markup starts (for "which comes first")
    in_strong: bool = False


@dataclass
class Inline:
    links: list[Found] = field(default_factory=list)
    #: visible text of the block (link labels included, tags and images not)
    text: str = ""
    #: (start, end) of each text leaf outside links, in order: where the words are written
    leaves: list[tuple[int, int]] = field(default_factory=list)


class InlineReader:
    """Reads the inline content of blocks, locating every URL in the source."""

    def __init__(self, source: SourceMap) -> None:
        self.map = source
        self.text = source.text
        self._definitions: dict[str, Span | None] = {}

    def span(self, start: int, end: int) -> Span:
        return self.map.span(start, end - start)

    def _dest(self, node: Node) -> Span:
        """Where a Markdown link's or image's URL is written (its definition for a reference)."""
        url = node.attrs["url"]
        if node.attrs.get("type") in ("Reference", "Collapsed", "Shortcut"):
            return self._definition(url) or self.span(node.start, node.start)
        written = self.text.rfind(url, node.start, node.end) if url else -1
        if written < 0:  # escapes or entities: the URL is not written as it reads
            line = self.span(node.start, node.start)
            return Span(line.line, line.column)
        return self.span(written, written + len(url))

    def _definition(self, url: str) -> Span | None:
        if url not in self._definitions:
            found = re.search(r"\]:[ \t]*<?(" + re.escape(url) + r")", self.text)
            self._definitions[url] = self.span(found.start(1), found.end(1)) if found else None
        return self._definitions[url]

    def read(self, nodes: list[Node]) -> Inline:
        """Links and text of a sequence of inline nodes (a paragraph's children, a cell's)."""
        result = Inline()
        parts: list[str] = []
        html_at: list[tuple[Node, Node | None]] = []
        self._read(nodes, result, parts, html_at, None, False)
        result.text = " ".join("".join(parts).split())
        if html_at:
            self._html(html_at, result)
            result.links.sort(key=lambda found: found.start)
        return result

    def _read(
        self,
        nodes: list[Node],
        result: Inline,
        parts: list[str],
        html_at: list[tuple[Node, Node | None]],
        anchor: Node | None,
        strong: bool,
    ) -> None:
        for node in nodes:
            kind = node.kind
            if kind in ("text", "code"):
                parts.append(node.attrs["text"])
                if anchor is None:
                    result.leaves.append((node.start, node.end))
            elif kind in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif kind in ("inline_html", "html"):
                html_at.append((node, anchor))
            elif kind == "image":
                self._image(node, anchor, result, strong)
            elif kind == "link":
                images = [child for child in node.walk() if child.kind == "image"]
                label_parts: list[str] = []
                self._read(node.children, result, label_parts, html_at, node, strong)
                label = " ".join("".join(label_parts).split())
                parts.append(label)
                tags = any(child.kind == "inline_html" for child in node.children)
                if not images and not (tags and not label):  # not [<img ...>](url)
                    link = Link(node.attrs["url"], self._dest(node))
                    result.links.append(Found(link, label, node.start, strong))
            else:
                bold = strong or kind == "strong"
                self._read(node.children, result, parts, html_at, anchor, bold)

    def _image(self, node: Node, anchor: Node | None, result: Inline, strong: bool) -> None:
        alt = " ".join("".join(n.attrs.get("text", "") for n in node.walk()).split())
        target = anchor.attrs["url"] if anchor is not None else None
        link = Link(
            node.attrs["url"],
            self._dest(node),
            is_image=True,
            target=target,
            target_span=self._dest(anchor) if anchor is not None else None,
            markup=self.span(node.start, node.end),
        )
        result.links.append(Found(link, alt, node.start, strong))

    def _html(self, html_at: list[tuple[Node, Node | None]], result: Inline) -> None:
        """``<a href>`` and ``<img src>`` written as inline tags, an ``<a>`` around an
        ``<img>`` included (the tags are separate leaves: read them together)."""
        start, end = html_at[0][0].start, html_at[-1][0].end
        fragment = parse_fragment(self.text[start:end])
        tags = [(node.start - start, node.end - start, anchor) for node, anchor in html_at]
        self.html_fragment(fragment, start, result, tags=tags)

    def html_fragment(
        self,
        fragment: HtmlFragment,
        base: int,
        result: Inline,
        *,
        tags: list[tuple[int, int, Node | None]] | None = None,
        skip: list[tuple[int, int]] = (),  # type: ignore[assignment]
    ) -> None:
        """The links of HTML written at ``base``: only those inside ``tags`` (the
        inline HTML leaves, each maybe inside a Markdown link) when given, none in ``skip``."""
        wrapping = {id(html.parent) for html in fragment.links if html.parent is not None}
        for html in fragment.links:
            anchor: Node | None = None
            if tags is not None:
                tag = next((t for t in tags if t[0] <= html.tag_start < t[1]), None)
                if tag is None:
                    continue  # written in a code span, not a tag
                anchor = tag[2]
            if any(lo <= html.tag_start < hi for lo, hi in skip):
                continue
            if not html.is_image and not html.text and id(html) in wrapping:
                continue  # <a><img></a>: the image and its target, as [![..](..)](..)
            at = base + html.url_offset
            tag_at = base + html.tag_start
            span = (
                self.span(at, at + len(html.written))
                if html.url_offset >= 0
                else self.span(tag_at, tag_at)
            )
            if not html.is_image:
                result.links.append(Found(Link(html.url, span), html.text, tag_at))
                continue
            parent = html.parent
            target, target_span = None, None
            if parent is None and anchor is not None:  # [<img src=..>](target)
                target, target_span = anchor.attrs["url"], self._dest(anchor)
            elif parent is not None:
                target = parent.url
                target_at = base + parent.url_offset
                target_span = self.span(target_at, target_at + len(parent.written))
            link = Link(
                html.url,
                span,
                is_image=True,
                target=target,
                target_span=target_span,
                markup=self.span(tag_at, base + html.tag_end),
            )
            result.links.append(Found(link, html.text, tag_at))
