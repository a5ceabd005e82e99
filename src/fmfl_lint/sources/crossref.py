"""Crossref's REST API, asked in batches: ``works?filter=doi:A,doi:B,...``, 50 DOIs a request.

Requests carry the ``contact`` setting as ``mailto`` (Crossref's polite pool) and are paced
a second apart. Crossref answers 200 with the works it knows and leaves the others out. A
DOI left out of an answer that holds others is "not found" only when Crossref answered for
another DOI of the same prefix: a prefix belongs to one registration agency, and DataCite's
or mEDRA's DOIs are missing from every Crossref answer without being wrong. An answer with
no work at all says nothing; its DOIs are asked once more beside a DOI Crossref knows.
arXiv's DOIs (10.48550) are asked of arXiv (see :mod:`.arxiv`), not here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import requests

from ..records import PAPERS, Facts, Paper
from ..urls import paper_key
from .base import Context, Source, SourceError, ask_api, decode_paper, paced, read_json

API = "https://api.crossref.org/works"
BATCH = 50
PAUSE = 1.0
SOURCE = "Crossref"


def _first(values: Any) -> str:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return " ".join(values[0].split())
    return ""


def _year(item: dict[str, Any]) -> int:
    for name in ("published", "issued", "published-print", "published-online"):
        parts = item.get(name, {}).get("date-parts") if isinstance(item.get(name), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
    return 0


def parse_works(payload: Any) -> dict[str, Paper]:
    """The works of a ``work-list`` answer, by lowercased DOI."""
    ok = isinstance(payload, dict) and payload.get("status") == "ok"
    message = payload.get("message") if ok else None
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise SourceError("the answer is not a list of works")
    papers = {}
    for item in items:
        doi = item.get("DOI") if isinstance(item, dict) else None
        if not isinstance(doi, str):
            continue
        key = doi.lower()
        papers[key] = Paper(
            key=f"doi:{key}",
            title=_first(item.get("title")),
            venue=_first(item.get("container-title")),
            year=_year(item),
            source=SOURCE,
        )
    return papers


def _prefix(doi: str) -> str:
    return doi.partition("/")[0]


class CrossrefClient:
    def __init__(
        self,
        session: requests.Session,
        *,
        api: str = API,
        contact: str = "",
        pause: float = PAUSE,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session, self.api, self.contact, self.timeout = session, api, contact, timeout
        self.wait = paced(clock, sleep, pause)
        self.requests = 0
        self.problem = ""  # why the API stopped being asked, when it failed

    def lookup(self, dois: Iterable[str], witnesses: Iterable[str] = ()) -> dict[str, Paper]:
        """What Crossref answered for each DOI it settled (``exists=False``: not known).

        ``witnesses`` are DOIs Crossref is known to know. When a request fails, no more are
        sent and the DOIs not answered stay unknown (``problem`` says why).
        """
        wanted = sorted({doi.lower() for doi in dois if "," not in doi})
        known = list(witnesses)
        found: dict[str, Paper] = {}
        left_out: list[str] = []  # DOIs missing from answers that held other works
        silent: list[str] = []  # DOIs of answers that held no work at all
        try:
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                papers = self._ask(batch)
                found.update(papers)
                (left_out if papers else silent).extend(d for d in batch if d not in papers)
            witness = next(iter(found), next(iter(known), None))
            for start in range(0, len(silent) if witness is not None else 0, BATCH - 1):
                assert witness is not None  # for the type checker: the range is empty else
                batch = silent[start : start + BATCH - 1]
                papers = self._ask([*batch, witness])
                if witness in papers:
                    found.update({doi: paper for doi, paper in papers.items() if doi != witness})
                    left_out.extend(d for d in batch if d not in papers)
        except SourceError as error:
            self.problem = str(error)
        prefixes = {_prefix(doi) for doi in [*found, *known]}
        for doi in left_out:
            if _prefix(doi) in prefixes:
                found[doi] = Paper(key=f"doi:{doi}", exists=False, source=SOURCE)
        return found

    def _ask(self, batch: list[str]) -> dict[str, Paper]:
        self.wait()
        params = {
            "filter": ",".join(f"doi:{doi}" for doi in batch),
            "rows": str(len(batch)),
            "select": "DOI,title,container-title,issued,published",
        }
        if self.contact:
            params["mailto"] = self.contact
        self.requests += 1
        status, _, body = ask_api(
            self.session, "GET", self.api, params=params, timeout=self.timeout
        )
        if status == 429:
            raise SourceError("rate limited (HTTP 429)")
        if status != 200:
            raise SourceError(f"answered HTTP {status}")
        return parse_works(read_json(body))


def crossref_dois(urls: Sequence[str]) -> list[str]:
    """The DOIs in ``urls`` that Crossref answers for (arXiv's are arXiv's)."""
    keys = {paper_key(url) for url in urls}
    return sorted(key.partition(":")[2] for key in keys if key and key.startswith("doi:"))


class CrossrefSource(Source):
    name = SOURCE
    provides = PAPERS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        keys = [f"doi:{doi}" for doi in crossref_dois(urls)]
        known, missing = context.recall(keys, decode_paper)
        facts.papers.update(known)
        if not missing:
            return
        client = CrossrefClient(
            context.session,
            api=context.settings.get("crossref-api", API),
            contact=context.settings.get("contact", ""),
        )
        witnesses = [paper.key.partition(":")[2] for paper in known.values()]
        answered = client.lookup((key.partition(":")[2] for key in missing), witnesses)
        context.sent[self.name] += client.requests
        context.record_papers(facts, "Crossref", "DOIs", missing, answered, client.problem)
