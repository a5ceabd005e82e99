"""FL307 and FL308: the venue and year an entry writes against its link's proceedings."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import pytest

from fmfl_lint.checks.identity import same_title
from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings
from fmfl_lint.urls import anthology_id_of_url, doi_of_url, openreview_id_of_url
from fmfl_lint.venues import main_venue, venue_fact

TABLE = (
    "| Title | Venue | Year |\n"  # 1
    "|---|---|---|\n"  # 2
    "| [A](https://proceedings.mlr.press/v235/a24a.html) | ICML | 2024 |\n"  # 3
    "| [B](https://proceedings.mlr.press/v235/b24a.html) | NeurIPS | 2024 |\n"  # 4
    "| [C](https://proceedings.mlr.press/v235/c24a.html) | ICML | 2023 |\n"  # 5
    "| [D](https://aclanthology.org/2023.findings-acl.327/) | ACL Findings | 2023-07 |\n"  # 6
    "| [E](https://aclanthology.org/P19-1001.pdf) | EMNLP | 2019 |\n"  # 7
    "| [F](https://openaccess.thecvf.com/content/CVPR2023/html/F_CVPR_2023_paper.html)"
    " | CVPR | 2022-11-18 |\n"  # 8
    "| [G](https://openaccess.thecvf.com/content/CVPR2023W/X/html/G.html) | ICCV | 2021 |\n"  # 9
    "| [H](https://proceedings.neurips.cc/paper_files/paper/2023/hash/h-Abstract.html)"
    " | FL@FM-NeurIPS | 2024 |\n"  # 10
    "| [I](https://papers.nips.cc/paper/2020/hash/i-Abstract.html) | NIPS | 2021 |\n"  # 11
    "| [J](https://arxiv.org/abs/2401.00001) | ICML | 2020 |\n"  # 12
    "| [K](https://www.ijcai.org/proceedings/2020/12) | IJCAI | 2021 |\n"  # 13
    "| [L](https://ojs.aaai.org/index.php/AAAI/article/view/123) | IJCAI | 2021 |\n"  # 14
    "| [M](https://proceedings.mlr.press/v999/m.html) | ICML | 2020 |\n"  # 15
    "| [N](https://ecva.net/papers/eccv_2022/papers_ECCV/html/n.php) | ECCV 2020 | - |\n"  # 16
    "| [O](https://aclanthology.org/2022.fl4nlp-1.1) | ACL | 2021 |\n"  # 17
    "| [P](https://proceedings.mlr.press/v162/p.html) | arXiv | 2021 |\n"  # 18
)


def findings(code: str, text: str = TABLE) -> list[tuple[int, str]]:
    settings = FileSettings(tuple(select_rules([code])))
    return [(f.line, f.message) for f in lint_text("list.md", text, settings)]


def test_venue_mismatch_only_where_another_main_venue_is_written() -> None:
    found = findings("FL307")
    assert [line for line, _ in found] == [4, 7, 14]
    assert "venue 'NeurIPS' is NeurIPS, but the link is PMLR v235 (ICML 2024)" in found[0][1]
    assert "ACL Anthology P19-1001 (ACL)" in found[1][1]


def test_year_mismatch_only_against_the_same_venue_and_a_year_or_month() -> None:
    found = findings("FL308")
    assert [line for line, _ in found] == [5, 11, 16]
    assert found[0][1] == "year 2023, but the link is PMLR v235 (ICML 2024), from 2024"
    assert "the ECCV 2022 proceedings" in found[2][1]


def test_a_venue_taken_from_a_heading_is_reported_at_the_link() -> None:
    text = (
        "### 2021\n\n#### ICML\n\n"
        "- Paper A. [[PUB](https://papers.nips.cc/paper/2021/hash/x-Abstract.html)]\n"  # 5
        "- Paper B. [[PUB](https://proceedings.mlr.press/v139/b21a.html)]\n"  # 6
        "- Paper C. [[PUB](https://proceedings.mlr.press/v162/c22a.html)]\n"  # 7
    )
    settings = FileSettings(tuple(select_rules(["FL307", "FL308"])))
    found = [(f.line, f.column, f.code) for f in lint_text("list.md", text, settings)]
    assert found == [(5, 19, "FL307"), (7, 19, "FL308")]


@pytest.mark.parametrize(
    ("written", "venue"),
    [
        ("ICML", "ICML"),
        ("Proceedings of the 39th International Conference on Machine Learning", "ICML"),
        ("Advances in Neural Information Processing Systems", "NeurIPS"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "EMNLP"),
        ("Findings of ACL", "ACL"),
        ("ACL-IJCNLP 2021", "ACL"),
        ("NAACL-HLT", "NAACL"),
        ("LLMAgents@ICLR", None),
        ("CVPRW", None),
        ("ICML 2023 Workshop on Federated Learning", None),
        ("ICMLA", None),
        ("International Conference on Machine Learning and Applications", None),
        ("ICML / NeurIPS", None),
        ("arXiv", None),
        ("Physical Review", None),
    ],
)
def test_main_venue(written: str, venue: str | None) -> None:
    assert main_venue(written) == venue


@pytest.mark.parametrize(
    ("url", "venue", "years"),
    [
        ("https://aclanthology.org/2023.findings-acl.327/", "ACL", {2023}),
        ("https://aclanthology.org/2022.emnlp-main.6.pdf", "EMNLP", {2022}),
        ("https://www.aclweb.org/anthology/N19-1423", "NAACL", {2019}),
        ("https://aclanthology.org/D19-5001", None, {2019}),
        ("https://aclanthology.org/W19-1001", None, {2019}),
        ("http://proceedings.mlr.press/v119/li20g/li20g.pdf", "ICML", {2020}),
        ("https://proceedings.neurips.cc/paper/2020/file/x-Paper.pdf", "NeurIPS", {2020}),
        ("https://openaccess.thecvf.com/content_cvpr_2016/papers/X_paper.pdf", "CVPR", {2016}),
        ("https://openaccess.thecvf.com/content_ICCV_2019/html/X_paper.html", "ICCV", {2019}),
        ("https://openaccess.thecvf.com/content/WACV2024/html/X.html", "WACV", {2024}),
        ("https://www.ijcai.org/proceedings/2023/508", "IJCAI", {2023}),
        ("http://jmlr.org/papers/v22/19-1048.html", "JMLR", {2021}),
    ],
)
def test_venue_facts_of_identifiers(url: str, venue: str | None, years: set[int]) -> None:
    fact = venue_fact(url)
    assert fact is not None and fact.venue == venue and fact.years == years


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ijcai.org/proceedings/2025/",  # the year's index, not a paper
        "http://proceedings.mlr.press/v206/",  # a volume's index
        "https://papers.nips.cc/paper/8186-adaptive-methods",  # no year in the path
        "https://aclanthology.org/volumes/2023.findings-acl/",
        "https://example.org/paper/2020/x",
    ],
)
def test_links_that_name_no_proceedings(url: str) -> None:
    assert venue_fact(url) is None


def test_paper_identifiers_in_urls() -> None:
    assert doi_of_url("https://doi.org/10.1145/3580305.3599256") == "10.1145/3580305.3599256"
    assert doi_of_url("https://dl.acm.org/doi/abs/10.1145/ABC.1/") == "10.1145/abc.1"
    assert doi_of_url("https://link.springer.com/chapter/10.1007/978-3_1") == "10.1007/978-3_1"
    assert doi_of_url("https://doi.org/about") is None
    assert openreview_id_of_url("https://openreview.net/forum?id=HJezF3VYPB") == "HJezF3VYPB"
    assert openreview_id_of_url("https://openreview.net/group?id=ICLR.cc/2024") is None
    found = anthology_id_of_url("https://aclanthology.org/2023.findings-acl.327/")
    assert found is not None and found.venue == "findings" and found.volume == "acl"


@pytest.mark.parametrize(
    ("written", "given", "same"),
    [
        ("Attention Is All You Need", "Attention is all you need.", True),
        ("Caf\\'{e} Models at Scale", "Café Models at Scale", True),
        ("x^2 &amp; FL", "x\\textasciicircum 2 & FL", True),
        ("FedAvg", "FedAvg: Communication-Efficient Learning of Deep Networks", True),
        ("Models Federated Learning of", "Learning of Federated Models", True),  # reworded
        ("Federated Learning", "Federated Learning with Only Positive Labels", False),
        ("A Survey of Federated Learning", "A Survey on Graph Neural Networks", False),
    ],
)
def test_same_title(written: str, given: str, same: bool) -> None:
    assert same_title(written, given, 90) is same
