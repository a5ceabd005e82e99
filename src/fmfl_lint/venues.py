"""Which venue a written name means, and which venue and year a paper identifier names.

Pure facts, no network: an ACL Anthology id carries its event and year, a PMLR volume is one
conference of one year, and the NeurIPS, CVF, ECVA and IJCAI proceedings carry the year (and
the venue) in their paths. FL307 and FL308 compare these with what an entry writes.

Venues are compared by *main venue* (``NeurIPS``, ``ICML``, ``EMNLP``...): the Findings of a
conference count as that conference, and a written name that names a workshop, or more than
one venue, or none this module knows, means no main venue at all, so it is never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .urls import anthology_id_of_url, pmlr_volume_of_url

#: main venues and how lists write them (matched case-insensitively on word boundaries)
_ALIASES: dict[str, str] = {
    "NeurIPS": r"neurips|nips|neural information processing systems",
    "ICML": r"icml|international conference on machine learning(?! and)",
    "ICLR": r"iclr|international conference on learning representations",
    "AISTATS": r"aistats|artificial intelligence and statistics",
    "UAI": r"uai|uncertainty in artificial intelligence",
    "COLT": r"colt|conference on learning theory",
    "ALT": r"algorithmic learning theory",
    "CVPR": r"cvpr|computer vision and pattern recognition",
    "ICCV": r"iccv|international conference on computer vision",
    "ECCV": r"eccv|european conference on computer vision",
    "WACV": r"wacv|winter conference on applications of computer vision",
    "IJCAI": r"ijcai|international joint conference on artificial intelligence",
    "AAAI": r"aaai",
    "JMLR": r"jmlr|journal of machine learning research",
    "TMLR": r"tmlr|transactions on machine learning research",
    "ACL": r"acl|annual meeting of the association for computational linguistics",
    "NAACL": r"naacl|north american chapter of the association for computational linguistics",
    "EMNLP": r"emnlp|empirical methods in natural language processing",
    "EACL": r"eacl|european chapter of the association for computational linguistics",
    "AACL": r"aacl|asia-pacific chapter of the association for computational linguistics",
    "COLING": r"coling|international conference on computational linguistics",
    "TACL": r"tacl|transactions of the association for computational linguistics",
    "CHIL": r"chil|conference on health, inference,? and learning",
    "CoLLAs": r"collas|conference on lifelong learning agents",
}
_PATTERNS = {
    name: re.compile(rf"\b(?:{alias})\b", re.IGNORECASE) for name, alias in _ALIASES.items()
}
#: a workshop, a symposium or a track beside a venue is not the venue (``FL@NeurIPS``)
_NOT_MAIN = re.compile(r"workshop|symposium|@|\btiny paper|\bblog", re.IGNORECASE)
_WORKSHOP_ACRONYM = re.compile(r"\b[A-Z]{2,}W\b")  # CVPRW, ICCVW
_FINDINGS = re.compile(r"\bfindings\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def main_venue(written: str) -> str | None:
    """The one main venue a written venue names, or None (a workshop, several, unknown).

    ``Findings of the ACL: EMNLP 2023`` is EMNLP; ``Findings of ACL`` is ACL.
    """
    if _NOT_MAIN.search(written) or _WORKSHOP_ACRONYM.search(written):
        return None
    named = {name for name, pattern in _PATTERNS.items() if pattern.search(written)}
    if _FINDINGS.search(written) and len(named) > 1:
        named.discard("ACL")  # "Findings of the Association for Computational Linguistics: X"
    return named.pop() if len(named) == 1 else None


def written_year(written: str) -> int | None:
    """The one year a written venue names (``ICML 2024``), else None."""
    years = set(_YEAR.findall(written))
    return int(years.pop()) if len(years) == 1 else None


@dataclass(frozen=True)
class VenueFact:
    """What an identifier says of where and when its paper was published."""

    #: the main venue (a key of the aliases), None when it is a workshop or not known
    venue: str | None
    #: the years the proceedings may be cited with (empty: not known)
    years: frozenset[int]
    #: the identifier, for messages (``PMLR v235``, ``ACL Anthology 2023.findings-acl.327``)
    label: str


#: PMLR volumes of main conferences, checked against each volume's ``_config.yml``
#: (``shortname``, ``year``) in https://github.com/mlresearch/vNNN, and against the lists in
#: ../shared/corpus*/. Volumes not listed are not known: their links are not checked.
_PMLR_TABLE = """
ICML     28:2013 32:2014 37:2015 48:2016 70:2017 80:2018 97:2019
ICML     119:2020 139:2021 162:2022 202:2023 235:2024 267:2025
AISTATS  31:2013 33:2014 38:2015 51:2016 54:2017 84:2018 89:2019
AISTATS  108:2020 130:2021 151:2022 206:2023 238:2024 258:2025
UAI      115:2019 124:2020 161:2021 180:2022 216:2023 244:2024
COLT     99:2019 125:2020 134:2021 178:2022 195:2023 247:2024
ALT      167:2022
CHIL     209:2023
CoLLAs   232:2023
"""
PMLR_VOLUMES: dict[int, tuple[str, int]] = {
    int(volume): (row.split()[0], int(year))
    for row in _PMLR_TABLE.strip().splitlines()
    for volume, year in (pair.split(":") for pair in row.split()[1:])
}

#: ACL Anthology events (new ids' venue slug, old ids' letter) that are one main venue;
#: other slugs (workshops, W-letter ids) name no main venue
_ANTHOLOGY_EVENTS = {
    name.lower(): name for name in ("ACL", "NAACL", "EMNLP", "EACL", "AACL", "COLING", "TACL")
} | dict(zip("PNDECQ", ("ACL", "NAACL", "EMNLP", "EACL", "COLING", "TACL"), strict=True))
#: old-style ids: volumes 5 and up of a conference letter hold its workshops
_OLD_WORKSHOP_VOLUMES = frozenset("56789")

_NEURIPS = re.compile(r"^/paper(?:_files/paper)?/(\d{4})/")
_CVF = re.compile(r"^/content[_/]([a-z]+?)_?(\d{4})(w|_workshops?)?/", re.IGNORECASE)
_CVF_VENUES = {"cvpr": "CVPR", "iccv": "ICCV", "wacv": "WACV", "eccv": "ECCV"}
_ECVA = re.compile(r"^/papers/eccv_(\d{4})/")
_IJCAI = re.compile(r"^/proceedings/(\d{4})/\d+")
#: IJCAI-PRICAI 2020 met in January 2021: lists write either year
_IJCAI_YEARS = {2020: frozenset({2020, 2021})}
_AAAI = re.compile(r"^/index\.php/AAAI/article/view/\d+")
_JMLR = re.compile(r"^/papers/v(\d+)/[^/]+")


def venue_fact(url: str) -> VenueFact | None:
    """Where and when the paper a link names was published, when the link alone says so."""
    if anthology := anthology_id_of_url(url):
        event = anthology.volume if anthology.venue == "findings" else anthology.venue
        venue = _ANTHOLOGY_EVENTS.get(event)
        if len(event) == 1 and anthology.volume in _OLD_WORKSHOP_VOLUMES:
            venue = None
        return VenueFact(venue, frozenset({anthology.year}), f"ACL Anthology {anthology.text}")
    if (volume := pmlr_volume_of_url(url)) is not None:
        if volume not in PMLR_VOLUMES:
            return None
        name, year = PMLR_VOLUMES[volume]
        return VenueFact(name, frozenset({year}), f"PMLR v{volume} ({name} {year})")
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    return _proceedings_fact(host, parts.path)


def _proceedings_fact(host: str, path: str) -> VenueFact | None:
    """A proceedings page whose path names the year (and so the venue, by its host)."""
    if host in ("papers.nips.cc", "proceedings.neurips.cc", "papers.neurips.cc"):
        if match := _NEURIPS.match(path):
            year = int(match.group(1))
            return VenueFact("NeurIPS", frozenset({year}), f"the NeurIPS {year} proceedings")
    elif host == "openaccess.thecvf.com":
        match = _CVF.match(path)
        if match and path.endswith((".pdf", ".html")):
            name, year, workshop = match.group(1).lower(), int(match.group(2)), match.group(3)
            venue = None if workshop else _CVF_VENUES.get(name)
            where = f"{name.upper()}{' workshops' if workshop else ''} {year}"
            return VenueFact(venue, frozenset({year}), f"the CVF {where} proceedings")
    elif host == "ecva.net":
        if match := _ECVA.match(path):
            year = int(match.group(1))
            return VenueFact("ECCV", frozenset({year}), f"the ECCV {year} proceedings")
    elif host == "ijcai.org":
        if match := _IJCAI.match(path):
            year = int(match.group(1))
            years = _IJCAI_YEARS.get(year, frozenset({year}))
            return VenueFact("IJCAI", years, f"the IJCAI {year} proceedings")
    elif host == "ojs.aaai.org":
        if _AAAI.match(path):
            return VenueFact("AAAI", frozenset(), "the AAAI proceedings")
    elif host == "jmlr.org" and (match := _JMLR.match(path)):
        volume = int(match.group(1))
        year = 1999 + volume  # volume 1 is 2000's
        return VenueFact("JMLR", frozenset({year}), f"JMLR volume {volume} ({year})")
    return None
