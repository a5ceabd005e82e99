"""OpenReview's API, asked for submissions by forum id in batches of 100 (``notes?ids=A,B,...``).

Venues since 2023 live in API v2 (api2.openreview.net), older ones in API v1
(api.openreview.net): ids v2 does not answer for are asked of v1, and an id is "not found"
only when v1 too leaves it out of an answer that holds other notes: an empty answer says
nothing. The ``openreview-api`` setting names a mirror that is asked as
both. A note gives the title, the venue (``ICLR 2024 poster``, ``ICLR 2024 Conference
Withdrawn Submission``) and whether the submission was withdrawn or rejected
(its ``venueid`` ends in ``Withdrawn_Submission`` or ``Rejected_Submission``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import requests

from ..records import PAPERS, Facts, Paper
from ..urls import paper_key
from .base import Context, Source, SourceError, ask_api, decode_paper, paced, read_json

API = "https://api2.openreview.net/notes"
API_V1 = "https://api.openreview.net/notes"
BATCH = 100
PAUSE = 1.0
SOURCE = "OpenReview"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _value(content: dict[str, Any], name: str) -> str:
    """A content field: ``{"value": ...}`` in API v2, the value itself in API v1."""
    value = content.get(name)
    if isinstance(value, dict):
        value = value.get("value")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _status(venue: str, venueid: str, invitation: str) -> str:
    said = f"{venueid} {invitation}".lower()
    if "withdrawn" in said or "withdrawn submission" in venue.lower():
        return "withdrawn"
    if "rejected" in said or "rejected" in venue.lower():
        return "rejected"
    return ""


def parse_notes(payload: Any) -> dict[str, Paper]:
    """The submissions of a ``notes`` answer, by forum id (replies left out)."""
    notes = payload.get("notes") if isinstance(payload, dict) else None
    if not isinstance(notes, list):
        raise SourceError("the answer is not a list of notes")
    papers = {}
    for note in notes:
        if not isinstance(note, dict) or not isinstance(note.get("content"), dict):
            continue
        forum, content = note.get("forum") or note.get("id"), note["content"]
        title = _value(content, "title")
        if not isinstance(forum, str) or not title or note.get("id", forum) != forum:
            continue
        venue, venueid = _value(content, "venue"), _value(content, "venueid")
        invitations = note.get("invitations") or [note.get("invitation") or ""]
        invitation = " ".join(i for i in invitations if isinstance(i, str))
        years = _YEAR.findall(venue) or _YEAR.findall(venueid)
        papers[forum] = Paper(
            key=f"openreview:{forum}",
            title=title,
            venue=venue,
            year=int(years[0]) if years else 0,
            status=_status(venue, venueid, invitation),
            source=SOURCE,
        )
    return papers


class OpenReviewClient:
    def __init__(
        self,
        session: requests.Session,
        *,
        api: str = API,
        api_v1: str = API_V1,
        pause: float = PAUSE,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session, self.apis, self.timeout = session, (api, api_v1), timeout
        self.wait = paced(clock, sleep, pause)
        self.requests = 0
        self.problem = ""

    def lookup(self, ids: Iterable[str]) -> dict[str, Paper]:
        """What OpenReview answered for each forum id it settled (``exists=False``: none).

        Ids API v2 does not answer for are asked of API v1; an id v1 leaves out of an
        answer that holds other notes is not found. When a request fails, no more are sent.
        """
        asking = sorted(set(ids))
        found: dict[str, Paper] = {}
        absent: list[str] = []
        try:
            for api in self.apis:
                left_out, absent = [], []
                for start in range(0, len(asking), BATCH):
                    batch = asking[start : start + BATCH]
                    papers = self._ask(api, batch)
                    found.update({i: papers[i] for i in batch if i in papers})
                    missing = [i for i in batch if i not in papers]
                    left_out.extend(missing)
                    absent.extend(missing if papers else [])
                asking = left_out
        except SourceError as error:
            self.problem = str(error)
            absent = []
        found.update({i: Paper(key=f"openreview:{i}", exists=False, source=SOURCE) for i in absent})
        return found

    def _ask(self, api: str, batch: list[str]) -> dict[str, Paper]:
        self.wait()
        params = {"ids": ",".join(batch), "limit": str(len(batch))}
        self.requests += 1
        status, _, body = ask_api(self.session, "GET", api, params=params, timeout=self.timeout)
        if status == 429:
            raise SourceError("rate limited (HTTP 429)")
        if status != 200:
            raise SourceError(f"answered HTTP {status}")
        return parse_notes(read_json(body))


class OpenReviewSource(Source):
    name = SOURCE
    provides = PAPERS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        keys = sorted({k for url in urls if (k := paper_key(url)) and k.startswith("openreview:")})
        known, missing = context.recall(keys, decode_paper)
        facts.papers.update(known)
        if not missing:
            return
        mirror = context.settings.get("openreview-api")
        client = OpenReviewClient(context.session, api=mirror or API, api_v1=mirror or API_V1)
        answered = client.lookup(key.partition(":")[2] for key in missing)
        context.sent[self.name] += client.requests
        context.record_papers(facts, "OpenReview", "forum ids", missing, answered, client.problem)
