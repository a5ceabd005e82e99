"""URLs as strings: nothing is fetched (conftest keeps `responses` active for every test)."""

from __future__ import annotations

import pytest

from fmfl_lint.urls import (
    arxiv_badge,
    arxiv_id_of_url,
    github_repo_of_url,
    names_one_paper,
    normalize,
    parse_arxiv_id,
    shape_problem,
    stars_badge_repo,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.00001",
        "http://arxiv.org/abs/2401.00001v2",
        "https://www.arxiv.org/abs/2401.00001/",
        "https://arxiv.org/pdf/2401.00001",
        "https://arxiv.org/pdf/2401.00001.pdf",
        "https://arxiv.org/pdf/2401.00001v3.pdf",
        "https://export.arxiv.org/abs/2401.00001",
        "https://doi.org/10.48550/arXiv.2401.00001",
        "https://dx.doi.org/10.48550/ARXIV.2401.00001",
        "https://arxiv.org/abs/2401.00001#section",
    ],
)
def test_every_form_of_an_arxiv_id_is_one_paper(url: str) -> None:
    assert normalize(url) == "arxiv:2401.00001"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/paper", "http://www.example.org/paper/"),
        ("https://example.org/paper#top", "https://EXAMPLE.org/paper"),
        ("https://openreview.net/forum?id=abc", "http://openreview.net/forum?id=abc#x"),
    ],
)
def test_scheme_www_slash_fragment_and_host_case_do_not_matter(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://openreview.net/forum?id=abc", "https://openreview.net/forum?id=abd"),
        ("https://example.org/Paper", "https://example.org/paper"),
        ("https://arxiv.org/abs/2401.00001", "https://arxiv.org/abs/2401.00002"),
    ],
)
def test_query_path_case_and_other_ids_do_matter(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize(
    ("text", "base", "version", "year", "month"),
    [
        ("2401.00001", "2401.00001", "", 2024, 1),
        ("2401.00001v12", "2401.00001", "v12", 2024, 1),
        ("0704.0001", "0704.0001", "", 2007, 4),
        ("1412.9999", "1412.9999", "", 2014, 12),
        ("hep-th/9901001", "hep-th/9901001", "", 1999, 1),
        ("math.AG/0601001v2", "math.AG/0601001", "v2", 2006, 1),
        ("cond-mat/0703123", "cond-mat/0703123", "", 2007, 3),
    ],
)
def test_valid_ids(text: str, base: str, version: str, year: int, month: int) -> None:
    found = parse_arxiv_id(text)
    assert found is not None and found.valid, found
    assert (found.base, found.version, found.year, found.month) == (base, version, year, month)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2413.00001", "month 13"),
        ("2400.00001", "month 00"),
        ("0703.0001", "April 2007"),
        ("1501.1234", "5 digits"),
        ("1412.12345", "4 digits"),
        ("hep-xx/9901001", "not an arXiv archive"),
        ("hep-th/9913001", "month 13"),
        ("hep-th/0801001", "1991 to March 2007"),
        ("2401.000011", "not an arXiv id"),
    ],
)
def test_ids_that_cannot_exist(text: str, problem: str) -> None:
    found = parse_arxiv_id(text)
    assert found is not None and not found.valid
    assert problem in found.problem


def test_text_without_an_id() -> None:
    assert parse_arxiv_id("no id here") is None
    assert arxiv_id_of_url("https://example.org/abs/2401.00001") is None
    assert arxiv_id_of_url("https://doi.org/10.1145/3580305") is None


def test_badge_ids_from_the_path_and_link_parameters() -> None:
    badge = arxiv_badge(
        "https://img.shields.io/badge/arXiv-2406.00007-red"
        "?link=https%3A%2F%2Farxiv.org%2Fabs%2F2206.00007"
    )
    assert badge is not None
    assert badge.badge_id.base == "2406.00007"
    assert [found.base for found in badge.link_ids] == ["2206.00007"]


def test_badge_escapes_and_non_arxiv_badges() -> None:
    badge = arxiv_badge("https://img.shields.io/badge/arXiv-hep--th%2F9901001-b31b1b.svg")
    assert badge is not None and badge.badge_id.base == "hep-th/9901001"
    assert arxiv_badge("https://img.shields.io/badge/license-MIT-blue") is None
    assert arxiv_badge("https://example.org/arXiv-2401.00001.svg") is None


def test_github_repositories_and_stars_badges() -> None:
    assert github_repo_of_url("https://github.com/Owner/Repo.git") == ("Owner", "Repo")
    assert github_repo_of_url("https://github.com/owner/repo/tree/main") == ("owner", "repo")
    assert github_repo_of_url("https://github.com/owner") is None
    assert github_repo_of_url("https://github.com/topics/federated-learning") is None
    assert stars_badge_repo("https://img.shields.io/github/stars/o/r?style=social") == ("o", "r")
    assert stars_badge_repo("https://img.shields.io/github/forks/o/r") is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("htps://example.org", "unknown scheme"),
        ("javascript:alert(1)", "unknown scheme"),
        ("https://example.org/a b", "whitespace"),
        ("https://github.com/o/r/main/x", "not a kind of GitHub page"),
        ("https://arxiv.org/pdf/", "names no arXiv id"),
        ("https://doi.org/abc", "10."),
        ("http:", "no host after 'http:'"),
        ("https:///path", "no host"),
        ("", "the link is empty"),
    ],
)
def test_impossible_urls(url: str, problem: str) -> None:
    assert problem in shape_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/o/r",
        "https://github.com/o/r/blob/main/README.md",
        "https://github.com/orgs/o/repositories",
        "https://github.com/user-attachments/assets/84e28a61-1f2e-4c3d-9e8f-0a1b2c3d4e5f",
        "https://arxiv.org/list/cs.LG/recent",
        "https://doi.org/10.1000/182",
        "mailto:someone@example.org",
        "docs/CONTRIBUTING.rst",
    ],
)
def test_possible_urls(url: str) -> None:
    assert shape_problem(url) == ""


@pytest.mark.parametrize(
    ("url", "one_paper"),
    [
        ("https://arxiv.org/abs/2401.00001", True),
        ("https://doi.org/10.1145/3292500.3330701", True),
        ("https://openreview.net/forum?id=abc", True),
        ("https://openreview.net/group?id=ICLR.cc", False),
        ("https://aclanthology.org/2023.findings-acl.327/", True),
        ("https://aclanthology.org/", False),
        ("https://proceedings.mlr.press/v235/smith24a.html", True),
        ("https://proceedings.mlr.press/v235/", False),
        ("https://ieeexplore.ieee.org/document/9084352", True),
        ("https://example.org/portal", False),
        ("https://github.com/owner/repo", False),
    ],
)
def test_links_that_name_one_paper(url: str, one_paper: bool) -> None:
    assert names_one_paper(url) is one_paper
