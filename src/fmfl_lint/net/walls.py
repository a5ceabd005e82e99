"""Bot walls: answers that say a robot was turned away, not whether the page exists.

Some publishers refuse every client that is not a browser, whatever the URL: their answer
to a link checker is the same for a paper that exists and for one that does not. Such an
answer makes a link *unverifiable* (FL106), never dead. Two kinds are recognised:

* an answer that says so: 418 (IEEE Xplore's answer to scripts), 999 (LinkedIn's), and a
  403 or 503 that is a challenge (Cloudflare's ``cf-mitigated: challenge`` header, or its
  "Just a moment..." page in the first few KB of the body);
* a host on :data:`KNOWN_WALLS`: publishers whose walls are known, which are not asked at
  all (a request would only be turned away), unless a registry settles the link (a DOI in
  the handle API, an arXiv id in arXiv's API).
"""

from __future__ import annotations

from collections.abc import Mapping

#: statuses that only ever mean "robots not welcome"
WALL_STATUSES: Mapping[int, str] = {
    418: "HTTP 418, the answer to scripts",
    999: "HTTP 999, the answer to robots",
}

#: statuses whose body is read (its first :data:`PEEK_BYTES`) for a challenge page
CHALLENGE_STATUSES = frozenset({403, 503})
PEEK_BYTES = 8192

#: what a challenge page has in its first few KB (Cloudflare's managed and JS challenges)
CHALLENGE_MARKERS = (
    b"<title>just a moment...</title>",
    b"/cdn-cgi/challenge-platform/",
    b"cf-chl-",
    b"cf_chl_opt",
    b"<title>attention required! | cloudflare</title>",
)

#: publishers that refuse robots, host → what they answer; each seen on real lists, each
#: the answer whatever the path (so a request says nothing about the link). Keep it short:
#: a host that lets robots read its pages does not belong here.
KNOWN_WALLS: Mapping[str, str] = {
    # IEEE Xplore: 418 to scripts (and to HEAD), for every document
    "ieeexplore.ieee.org": "IEEE Xplore answers scripts with 418",
    # ACM Digital Library, where most doi.org/10.1145/... links end: a Cloudflare challenge
    "dl.acm.org": "the ACM Digital Library answers robots with a Cloudflare challenge",
    # Elsevier's ScienceDirect: 403 to clients that are not browsers
    "www.sciencedirect.com": "ScienceDirect answers robots with 403",
    # Wiley Online Library: a Cloudflare challenge
    "onlinelibrary.wiley.com": "Wiley Online Library answers robots with a Cloudflare challenge",
    # ResearchGate: a Cloudflare challenge on every page
    "www.researchgate.net": "ResearchGate answers robots with a Cloudflare challenge",
    # LinkedIn: 999 to robots, or a login wall
    "www.linkedin.com": "LinkedIn answers robots with 999",
    "linkedin.com": "LinkedIn answers robots with 999",
}


def known_wall(host: str) -> str:
    """Why ``host`` (a host name) is a known bot wall; '' when it is not one."""
    return KNOWN_WALLS.get(host.lower().rstrip("."), "")


def challenge_in(headers: Mapping[str, str], body: bytes) -> str:
    """Why an answer (a 403 or 503) is a challenge to robots; '' when it is not one."""
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return "a Cloudflare challenge (cf-mitigated)"
    lowered = body[:PEEK_BYTES].lower()
    if any(marker in lowered for marker in CHALLENGE_MARKERS):
        return "a challenge page"
    return ""
