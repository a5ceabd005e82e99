"""arXiv's export API, asked in batches: up to 100 ids a request, one request every 3 s."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable

import requests

from .guard import BlockedAddress
from .result import ArxivRecord

API = "https://export.arxiv.org/api/query"
BATCH = 100
PAUSE = 3.0  # arXiv asks for no more than one request every three seconds
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_VERSION = re.compile(r"v\d+$")


class ArxivError(Exception):
    """The API could not be asked or its answer read."""


def _text(entry: ElementTree.Element, tag: str) -> str:
    found = entry.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse_feed(xml: bytes) -> dict[str, ArxivRecord]:
    """The records of an Atom answer, by base id (errors and empty entries left out)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ArxivError(f"arXiv's answer is not Atom: {error}") from None
    records = {}
    for entry in root.iter(f"{_ATOM}entry"):
        link = _text(entry, f"{_ATOM}id")
        if "/abs/" not in link:
            continue  # an error entry (http://arxiv.org/api/errors#...)
        base = _VERSION.sub("", link.split("/abs/", 1)[1])
        title = _text(entry, f"{_ATOM}title")
        if not title:
            continue
        journal = _text(entry, f"{_ARXIV}journal_ref")
        records[base] = ArxivRecord(base, title, journal, _text(entry, f"{_ARXIV}doi"))
    return records


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
        self._last: float | None = None

    def lookup(self, ids: Iterable[str]) -> dict[str, ArxivRecord | None]:
        """Every id → its record, or None when arXiv does not know it."""
        wanted = sorted(set(ids))
        found: dict[str, ArxivRecord | None] = {}
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            records = self._ask(batch)
            found.update({base: records.get(base) for base in batch})
        return found

    def _ask(self, batch: list[str]) -> dict[str, ArxivRecord]:
        if self._last is not None:
            self.sleep(max(0.0, self._last + self.pause - self.clock()))
        params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
        try:
            answer = self.session.get(self.api, params=params, timeout=self.timeout)
        except (requests.RequestException, BlockedAddress) as error:
            raise ArxivError(f"arXiv's API was not asked: {error}") from None
        finally:
            self._last = self.clock()
            self.requests += 1
        if answer.status_code != 200:
            raise ArxivError(f"arXiv's API answered HTTP {answer.status_code}")
        return parse_feed(answer.content)
