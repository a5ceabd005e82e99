"""What a URL says: its normalized form, the arXiv id it names, the GitHub repository."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

#: a list repeats its URLs (badges, links, targets) and every rule reads them
_CACHE = 1 << 16

ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})
GITHUB_HOST = "github.com"
SHIELDS_HOST = "img.shields.io"

_NEW_ID = re.compile(r"(?<![\w.])(\d{4})\.(\d{4,5})(v\d+)?(?![\w])")
_OLD_ID = re.compile(r"(?<![\w.-])([a-z][a-z-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?(?!\w)")
_ID_SHAPE = re.compile(r"(?<![\w.])\d{4}\.\d+|(?<![\w.-])[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{5,}")
_WHITESPACE = re.compile(r"\s")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)

#: archives of old-style ids (before April 2007)
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg "
    "comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
    "mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int "
    "supr-con".split()
)

#: what may follow github.com/OWNER/REPO/
GITHUB_REPO_PAGES = frozenset(
    "actions activity archive blame blob branches commit commits compare contributors "
    "deployments discussions edit find forks graphs issues labels milestone milestones "
    "network packages pkgs projects pull pulls pulse raw releases search security "
    "settings stargazers tags tree watchers wiki".split()
)
#: github.com/NAME paths that are site pages, not accounts
GITHUB_SITE_PAGES = frozenset(
    "about apps collections customer-stories enterprise events explore features login "
    "marketplace notifications orgs pricing readme search security settings site "
    "sponsors topics trending user-attachments users".split()
)


@dataclass(frozen=True, order=True)
class ArxivId:
    """An arXiv identifier as written: ``2401.00001``, ``2401.00001v2``, ``hep-th/9901001``."""

    base: str
    version: str = ""
    year: int = 0  # four digits
    month: int = 0
    problem: str = ""  # why it cannot exist; empty when it can

    @property
    def valid(self) -> bool:
        return not self.problem

    def __str__(self) -> str:
        return self.base + self.version


def _four_digit_year(yy: int) -> int:
    return 1900 + yy if yy >= 91 else 2000 + yy


@functools.lru_cache(maxsize=_CACHE)
def parse_arxiv_id(text: str) -> ArxivId | None:
    """The first arXiv id in ``text``, valid or not; None when nothing looks like one."""
    match = _NEW_ID.search(text)
    if match:
        yymm, number, version = match.group(1), match.group(2), match.group(3) or ""
        year, month = _four_digit_year(int(yymm[:2])), int(yymm[2:])
        base = f"{yymm}.{number}"
        problem = ""
        if not 1 <= month <= 12:
            problem = f"month {yymm[2:]} does not exist"
        elif (year, month) < (2007, 4):
            problem = "new-style ids start in April 2007 (0704)"
        elif len(number) != (4 if year < 2015 else 5):
            digits = 4 if year < 2015 else 5
            problem = f"ids from {year} have {digits} digits after the dot, not {len(number)}"
        return ArxivId(base, version, year, month, problem)
    match = _OLD_ID.search(text)
    if match:
        archive, yy, mm, _number, version = match.groups()
        year, month = _four_digit_year(int(yy)), int(mm)
        base = f"{archive}/{yy}{mm}{match.group(4)}"
        problem = ""
        if archive.split(".")[0] not in OLD_ARCHIVES:
            problem = f"'{archive}' is not an arXiv archive"
        elif not 1 <= month <= 12:
            problem = f"month {mm} does not exist"
        elif not (1991, 8) <= (year, month) <= (2007, 3):
            problem = "old-style ids run from 1991 to March 2007"
        return ArxivId(base, version or "", year, month, problem)
    shape = _ID_SHAPE.search(text)
    return ArxivId(shape.group(0), problem="not an arXiv id") if shape else None


@functools.lru_cache(maxsize=_CACHE)
def arxiv_id_of_url(url: str) -> ArxivId | None:
    """The arXiv id a paper URL names (abs/pdf/html pages, export.arxiv.org, arXiv DOIs)."""
    parts = _split(url) if "arxiv" in url.lower() else None
    if parts is None:
        return None
    host = _host(parts.hostname)
    path = unquote(parts.path)
    if host in ARXIV_HOSTS:
        kind, _, rest = path.lstrip("/").partition("/")
        if kind in {"abs", "pdf", "html", "format", "ps"} and rest:
            return parse_arxiv_id(rest.removesuffix(".pdf"))
        return None
    if host in DOI_HOSTS:
        match = _ARXIV_DOI.match(path.lstrip("/"))
        return parse_arxiv_id(match.group(1)) if match else None
    return None


def _split(url: str) -> SplitResult | None:
    """The parts of a URL; None for one that cannot be split (``http://[::1``)."""
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def _host(hostname: str | None) -> str:
    host = (hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@functools.lru_cache(maxsize=_CACHE)
def normalize(url: str) -> str:
    """The form under which two URLs of the same paper compare equal.

    Scheme, ``www.``, a trailing slash and the fragment do not matter, and every form of
    an arXiv id (abs, pdf, versions, export.arxiv.org, its DOI) is the same paper.
    """
    arxiv = arxiv_id_of_url(url)
    if arxiv and arxiv.valid:
        return f"arxiv:{arxiv.base}"
    parts = _split(url)
    if parts is None:
        return url.strip()
    host = parts.netloc.rpartition("@")[2].lower()  # the port as written, no credentials
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}" if host else url.strip()


@functools.lru_cache(maxsize=_CACHE)
def github_repo_of_url(url: str) -> tuple[str, str] | None:
    """(owner, repo) for a github.com repository URL, else None."""
    parts = _split(url)
    if parts is None or _host(parts.hostname) != GITHUB_HOST:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in GITHUB_SITE_PAGES:
        return None
    return segments[0], segments[1].removesuffix(".git")


def github_shape_problem(url: str) -> str:
    """Why a github.com URL cannot be right ('' when it can)."""
    segments = [s for s in urlsplit(url.strip()).path.split("/") if s]
    if len(segments) < 3 or segments[0].lower() in GITHUB_SITE_PAGES:
        return ""
    if segments[2] not in GITHUB_REPO_PAGES:
        return (
            f"github.com/{segments[0]}/{segments[1]}/ is followed by '{segments[2]}', "
            "which is not a kind of GitHub page"
        )
    return ""


@functools.lru_cache(maxsize=_CACHE)
def stars_badge_repo(url: str) -> tuple[str, str] | None:
    """(owner, repo) of a shields.io GitHub stars badge, else None."""
    parts = _split(url) if "/github/stars/" in url else None
    if parts is None or _host(parts.hostname) != SHIELDS_HOST:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 4 and segments[:2] == ["github", "stars"]:
        return segments[2], segments[3].removesuffix(".svg")
    return None


def same_repo(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0].lower() == b[0].lower() and a[1].lower() == b[1].lower()


@dataclass(frozen=True)
class ArxivBadge:
    """What an arXiv badge image states: the id on it and the ids of its link= parameters."""

    badge_id: ArxivId | None
    link_ids: tuple[ArxivId, ...]


@functools.lru_cache(maxsize=_CACHE)
def arxiv_badge(url: str) -> ArxivBadge | None:
    """Read a shields.io badge that names arXiv; None for any other image."""
    parts = _split(url) if "arxiv" in url.lower() else None
    if parts is None or _host(parts.hostname) != SHIELDS_HOST:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    badge_id = None
    if len(segments) >= 2 and segments[0] == "badge":
        # /badge/LABEL-MESSAGE-COLOR: "--" is a literal dash, "__" a literal underscore
        fields = re.split(r"(?<!-)-(?!-)", segments[1])
        ids = (parse_arxiv_id(f.replace("--", "-").replace("__", "_")) for f in fields)
        badge_id = next((found for found in ids if found is not None), None)
    link_ids = tuple(
        found
        for link in parse_qs(parts.query).get("link", [])
        if (found := arxiv_id_of_url(link)) is not None
    )
    if badge_id is None and not link_ids:
        return None
    return ArxivBadge(badge_id, link_ids)


#: schemes a list may link with
SCHEMES = frozenset({"http", "https", "mailto", "ftp"})


@functools.lru_cache(maxsize=_CACHE)
def shape_problem(url: str) -> str:
    """Why a URL cannot be right: bad scheme, whitespace, or a known host's impossible shape."""
    stripped = url.strip()
    if _WHITESPACE.search(stripped):
        return "the URL contains whitespace"
    try:
        parts = urlsplit(stripped)
        _ = parts.port  # reading the port checks it
    except ValueError as error:
        return f"the URL cannot be read ({error})"
    if not stripped:
        return "the link is empty"
    if parts.scheme and parts.scheme.lower() not in SCHEMES:
        return f"unknown scheme '{parts.scheme}:' (a list links with http or https)"
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return f"no host after '{parts.scheme}:'"
    host = _host(parts.hostname)
    if host == GITHUB_HOST:
        return github_shape_problem(url)
    if host in ARXIV_HOSTS:
        kind, _, rest = parts.path.lstrip("/").partition("/")
        if kind in {"abs", "pdf", "html", "format", "ps"} and not _ID_SHAPE.search(rest):
            return f"arxiv.org/{kind}/ names no arXiv id"
    if host in DOI_HOSTS and not parts.path.lstrip("/").startswith("10."):
        return "a DOI starts with '10.'"
    return ""


def arxiv_ids_in(url: str) -> list[ArxivId]:
    """Every arXiv id a URL names: a paper link or DOI, or a badge's id and link= ids."""
    found = arxiv_id_of_url(url)
    if found is not None:
        return [found]
    badge = arxiv_badge(url)
    if badge is None:
        return []
    return ([badge.badge_id] if badge.badge_id else []) + list(badge.link_ids)


def github_repo_named(url: str) -> tuple[str, str] | None:
    """The repository a github.com URL or a stars badge names."""
    return stars_badge_repo(url) or github_repo_of_url(url)


#: hosts whose pages each name one paper, and the path that shows a page is a paper's
_PAPER_PAGES = (
    ("openreview.net", re.compile(r"^/(forum|pdf|attachment)$")),
    ("aclanthology.org", re.compile(r"^/[A-Za-z0-9.-]+\d[A-Za-z0-9.-]*(\.pdf)?/?$")),
    ("aclweb.org", re.compile(r"^/anthology/[A-Za-z0-9.-]+")),
    ("proceedings.mlr.press", re.compile(r"^/v\d+/[^/]+\.(html|pdf)$")),
    ("papers.nips.cc", re.compile(r"^/paper(_files)?/")),
    ("proceedings.neurips.cc", re.compile(r"^/paper(_files)?/")),
    ("openaccess.thecvf.com", re.compile(r"/(papers|html)/[^/]+\.(pdf|html)$")),
    ("ieeexplore.ieee.org", re.compile(r"^/(abstract/)?document/\d+")),
    ("dl.acm.org", re.compile(r"^/doi/(abs/|pdf/|full/)?10\.")),
    ("ojs.aaai.org", re.compile(r"/article/view/\d+")),
    ("ijcai.org", re.compile(r"^/proceedings/\d{4}/\d+")),
    ("jmlr.org", re.compile(r"^/papers/v\d+/[^/]+\.html$")),
    ("link.springer.com", re.compile(r"^/(article|chapter)/10\.")),
    ("sciencedirect.com", re.compile(r"^/science/article/(abs/)?pii/")),
    ("semanticscholar.org", re.compile(r"^/paper/")),
)


@functools.lru_cache(maxsize=_CACHE)
def names_one_paper(url: str) -> bool:
    """Whether ``url`` identifies one paper (an arXiv id, a DOI, a proceedings page), as
    opposed to a homepage or portal that many entries may share."""
    arxiv = arxiv_id_of_url(url)
    if arxiv is not None:
        return arxiv.valid
    parts = _split(url)
    if parts is None:
        return False
    host = _host(parts.hostname)
    if host in DOI_HOSTS:
        return parts.path.lstrip("/").startswith("10.")
    if host == "openreview.net":
        return parts.path.rstrip("/") in ("/forum", "/pdf") and "id=" in parts.query
    return any(
        (host == name or host.endswith("." + name)) and pattern.search(parts.path)
        for name, pattern in _PAPER_PAGES
    )


#: a DOI as Crossref and doi.org spell it: ``10.PREFIX/SUFFIX``
_DOI = re.compile(r"10\.\d{4,9}/\S+")
#: publisher pages whose path carries the DOI (``dl.acm.org/doi/abs/10.1145/...``)
_DOI_PAGES = {
    "dl.acm.org": re.compile(r"^/doi/(?:abs/|pdf/|full/|epdf/)?(10\..+)$"),
    "link.springer.com": re.compile(r"^/(?:article|chapter)/(10\..+)$"),
}


@functools.lru_cache(maxsize=_CACHE)
def doi_of_url(url: str) -> str | None:
    """The DOI a link names (doi.org, dx.doi.org, an ACM or Springer page), lowercased.

    DOIs are case-insensitive; a trailing ``.pdf`` or slash is not part of one.
    """
    parts = _split(url)
    if parts is None:
        return None
    host = _host(parts.hostname)
    path = unquote(parts.path)
    if host in DOI_HOSTS:
        candidate = path.lstrip("/")
    elif host in _DOI_PAGES and (match := _DOI_PAGES[host].match(path)):
        candidate = match.group(1).removesuffix(".pdf")
    else:
        return None
    candidate = candidate.rstrip("/")
    return candidate.lower() if _DOI.fullmatch(candidate) else None


_OPENREVIEW_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")


@functools.lru_cache(maxsize=_CACHE)
def openreview_id_of_url(url: str) -> str | None:
    """The forum id of an openreview.net forum or PDF link (``?id=...``)."""
    parts = _split(url)
    if parts is None or _host(parts.hostname) != "openreview.net":
        return None
    if parts.path.rstrip("/") not in ("/forum", "/pdf"):
        return None
    ids = parse_qs(parts.query).get("id", [])
    return ids[0] if ids and _OPENREVIEW_ID.fullmatch(ids[0]) else None


@dataclass(frozen=True)
class AnthologyId:
    """An ACL Anthology paper id: ``2023.findings-acl.327`` or ``P19-1001``."""

    text: str
    year: int
    #: the event's slug (``findings-acl``, ``emnlp``, ``fl4nlp``) or the old id's letter
    venue: str
    #: the volume within the event (``main``, ``long``, ``1``; for old ids, the first digit)
    volume: str


_NEW_ANTHOLOGY = re.compile(r"(\d{4})\.([a-z0-9]+(?:-[a-z0-9]+)*?)-([a-z0-9]+)\.(\d+)")
_OLD_ANTHOLOGY = re.compile(r"([A-Z])(\d{2})-(\d)(\d{3})")


@functools.lru_cache(maxsize=_CACHE)
def anthology_id_of_url(url: str) -> AnthologyId | None:
    """The ACL Anthology id of an aclanthology.org (or aclweb.org/anthology) paper link."""
    parts = _split(url)
    if parts is None:
        return None
    host = _host(parts.hostname)
    path = parts.path.strip("/")
    if host == "aclweb.org" and path.startswith("anthology/"):
        path = path.removeprefix("anthology/")
    elif host != "aclanthology.org":
        return None
    path = path.rsplit("/", 1)[-1].removesuffix(".pdf")
    if match := _NEW_ANTHOLOGY.fullmatch(path):
        return AnthologyId(path, int(match.group(1)), match.group(2), match.group(3))
    if match := _OLD_ANTHOLOGY.fullmatch(path):
        yy = int(match.group(2))
        year = 1900 + yy if yy >= 50 else 2000 + yy
        return AnthologyId(path, year, match.group(1), match.group(3))
    return None


_PMLR_PAPER = re.compile(r"^/v(\d+)/[^/]+")


@functools.lru_cache(maxsize=_CACHE)
def pmlr_volume_of_url(url: str) -> int | None:
    """The PMLR volume of a proceedings.mlr.press paper link (not of a volume's index)."""
    parts = _split(url)
    if parts is None or _host(parts.hostname) not in ("proceedings.mlr.press", "mlr.press"):
        return None
    match = _PMLR_PAPER.match(parts.path)
    return int(match.group(1)) if match else None


def paper_key(url: str) -> str | None:
    """The key under which a source answers for the paper a link names.

    ``arxiv:ID`` (every form of an arXiv id, its DOI included), ``doi:10....`` (other DOIs,
    lowercased) or ``openreview:ID`` (a forum); None for any other link.
    """
    arxiv = arxiv_id_of_url(url)
    if arxiv is not None:
        return f"arxiv:{arxiv.base}" if arxiv.valid else None
    if (doi := doi_of_url(url)) is not None:
        return f"doi:{doi}"
    if (forum := openreview_id_of_url(url)) is not None:
        return f"openreview:{forum}"
    return None
