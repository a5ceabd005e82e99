"""arXiv's export API, asked in batches: up to 100 ids a request, one request every 3 s.

An id is "not found" only when arXiv answered a feed with other papers in it and left that
id out; a feed with no paper at all says nothing (arXiv answers an empty feed for an id it
does not know, and also when it is overloaded), so such ids are asked once more beside an
id it did answer for, and stay unknown when there is none.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from xml.etree.ElementTree import Element

import requests
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..records import PAPERS, Facts, Paper
from ..urls import arxiv_ids_in
from .base import Context, Source, SourceError, ask_api, decode_paper

API = "https://export.arxiv.org/api/query"
BATCH = 100
PAUSE = 3.0  # arXiv asks for no more than one request every three seconds
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_VERSION = re.compile(r"v\d+$")


def _text(entry: Element, tag: str) -> str:
    found = entry.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse_feed(xml: bytes) -> dict[str, Paper]:
    """The papers of an Atom answer, by base id (error entries and empty ones left out)."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise SourceError(f"the answer is not an Atom feed ({error})") from None
    papers = {}
    for entry in root.iter(f"{_ATOM}entry"):
        link = _text(entry, f"{_ATOM}id")
        title = _text(entry, f"{_ATOM}title")
        if "/abs/" not in link or not title:
            continue  # an error entry (http://arxiv.org/api/errors#...)
        base = _VERSION.sub("", link.split("/abs/", 1)[1])
        papers[base] = Paper(
            key=f"arxiv:{base}",
            title=title,
            journal_ref=_text(entry, f"{_ARXIV}journal_ref"),
            doi=_text(entry, f"{_ARXIV}doi"),
            source="arXiv",
        )
    return papers


class ArxivClient:
    def __init__(
        self,
        session: requests.Session,
        *,
        api: str = API,
        pause: float = PAUSE,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session, self.api, self.pause, self.timeout = session, api, pause, timeout
        self.clock, self.sleep = clock, sleep
        self.requests = 0
        self.problem = ""  # why the API stopped being asked, when it failed
        self._last: float | None = None

    def lookup(self, ids: Iterable[str], witnesses: Iterable[str] = ()) -> dict[str, Paper]:
        """What arXiv answered for each id it answered for (``exists=False``: not known).

        ``witnesses`` are ids arXiv is known to know, to ask beside ids it was silent on.
        When a request fails, no more are sent and the ids not answered stay unknown
        (``problem`` says why).
        """
        wanted = sorted(set(ids))
        found: dict[str, Paper] = {}
        silent: list[str] = []  # ids of batches answered with no paper at all
        try:
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                papers = self._ask(batch)
                if papers:
                    found.update({base: papers.get(base) or _absent(base) for base in batch})
                else:
                    silent.extend(batch)
            answered = (base for base, paper in found.items() if paper.exists)
            witness = next(answered, next(iter(witnesses), None))
            for start in range(0, len(silent) if witness is not None else 0, BATCH - 1):
                assert witness is not None  # for the type checker: the range is empty else
                batch = silent[start : start + BATCH - 1]
                papers = self._ask([*batch, witness])
                if witness in papers:
                    found.update({base: papers.get(base) or _absent(base) for base in batch})
        except SourceError as error:
            self.problem = str(error)
        return found

    def _ask(self, batch: list[str]) -> dict[str, Paper]:
        if self._last is not None:
            self.sleep(max(0.0, self._last + self.pause - self.clock()))
        params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
        try:
            status, _, body = ask_api(
                self.session, "GET", self.api, params=params, timeout=self.timeout
            )
        finally:
            self._last = self.clock()
            self.requests += 1
        if status != 200:
            raise SourceError(f"answered HTTP {status}")
        return parse_feed(body)


def _absent(base: str) -> Paper:
    """A paper arXiv answered it does not know."""
    return Paper(key=f"arxiv:{base}", exists=False, source="arXiv")


class ArxivSource(Source):
    name = "arXiv"
    provides = PAPERS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        keys = {f"arxiv:{found.base}" for url in urls for found in arxiv_ids_in(url) if found.valid}
        known, missing = context.recall(sorted(keys), decode_paper)
        facts.papers.update(known)
        if not missing:
            return
        client = ArxivClient(context.session, api=context.settings.get("arxiv-api", API))
        witnesses = [paper.key.partition(":")[2] for paper in known.values()]
        answered = client.lookup((key.partition(":")[2] for key in missing), witnesses)
        context.sent[self.name] += client.requests
        context.record_papers(facts, "arXiv", "arXiv ids", missing, answered, client.problem)
