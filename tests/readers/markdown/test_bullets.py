"""List items: the venue and date written after a title, and which lists hold no entries."""

# Offline: these lists are only read; no URL in them is ever fetched.

from __future__ import annotations

import pytest

from fmfl_lint.readers.markdown import MarkdownReader

PDF = "[[pdf](https://arxiv.org/pdf/1802.05365.pdf)]"
BOOK = "[:book:](./citations/su.txt)"


@pytest.mark.parametrize(
    ("item", "venue", "date"),
    [
        # the authors' emphasis is skipped: an initial ("Matthew E.") ends no venue
        (f"**Deep Words**. *Matthew E. Peters, Mark Neumann*. NAACL 2018. {PDF}", "NAACL", "2018"),
        (f"**Deep Words**. *Xiaodong Liu, Jianfeng Gao*. ACL2019. {PDF}", "ACL", "2019"),
        (f"**Deep Words**. *Guillaume Lample*. NeurIPS2019. {PDF}", "NeurIPS", "2019"),
        (f"**Deep Words**. *Anonymous authors*. ICLR2020 under review. {PDF}", "ICLR", "2020"),
        (f"**Deep Words**. *Matthew E. Peters*. RepL4NLP 2019, {PDF}", "RepL4NLP", "2019"),
        (f"**Deep Words**. *Jiasen Lu, Stefan Lee*. NeurIPS. {PDF}", "NeurIPS", None),
        # names are never a venue, with or without the emphasis
        (f"**Deep Words**. *Anonymous authors*. {PDF}", None, None),
        (f"**Deep Words**. *Jeremy Howard and Sebastian Ruder*. {PDF}", None, None),
        (f"**Deep Words.** Jeremy Howard and Sebastian Ruder. {PDF}", None, None),
        (f"**Deep Words.** Nelson F. Liu, Matt Gardner. {PDF}", None, None),
        # a year written apart from the venue sentence is the more precise date
        (f"**Deep Words.** NAACL 2021. {PDF}, 2020.9", "NAACL", "2020.9"),
        # a tag after the links: venue and date, never a tag without a date
        ("Oort [[Paper]](https://arxiv.org/abs/2010.06081) [OSDI 2021]", "OSDI", "2021"),
        ("Oort [[Paper]](https://example.org/o) [IEEE INFOCOM 2018]", "IEEE INFOCOM", "2018"),
        ("Oort [[Paper]](https://example.org/o) [OSDI 2021][Nice paper]", "OSDI", "2021"),
        ("Oort [[Paper]](https://example.org/o) **[Must Read]**", None, None),
        # after "et al." in parentheses: up to their close, the year and emoji left out
        (
            f"[Unlearning](https://example.org/a) (Ningxin Su et al., INFOCOM, 2022) {BOOK}",
            "INFOCOM",
            "2022",
        ),
        (
            f"[Unlearning](https://example.org/a) (Liu Yi et al., IEEE Network 2023) {BOOK}",
            "IEEE Network",
            "2023",
        ),
    ],
)
def test_the_venue_and_date_after_a_title(item: str, venue: str | None, date: str | None) -> None:
    text = f"# Papers\n\n1. {item}\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert (entry.venue and entry.venue.text, entry.date and entry.date.text) == (venue, date)
    for written in (entry.venue, entry.date):
        if written is not None:  # located where it is written
            assert text[written.span.start : written.span.end] == written.text


def test_a_list_of_steps_has_no_entries() -> None:
    text = (
        "# Tool\n\n## Prepare\n\n"
        "- Use `torchvision.datasets` to download __CIFAR-10__ directly.\n"
        "- To download __[Clothing1M](https://example.org/c1m)__, contact the authors.\n"
    )
    doc = MarkdownReader().read("README.md", text)
    assert doc.entries == ()
    assert [link.url for link in doc.links] == ["https://example.org/c1m"]


@pytest.mark.parametrize(
    "linked",
    [
        "- Flamingo: Secure Aggregation. [[PUB](https://example.org/f)]",
        "- FedLearner [[Github]](https://example.org/f) ByteDance",
        "- Oort [[Paper]](https://example.org/o) [OSDI 2021]",
        "- [Flamingo](https://example.org/f), secure aggregation for everyone",
    ],
)
def test_a_title_without_a_link_stays_an_entry_among_titles_that_have_one(linked: str) -> None:
    text = f"# Papers\n\n{linked}\n- ELSA: Secure Aggregation for Federated Learning.\n"
    doc = MarkdownReader().read("README.md", text)
    assert [entry.url is None for entry in doc.entries] == [False, True]


def test_an_item_labelling_the_items_indented_under_it_is_no_entry() -> None:
    # indented 2 under an item written at 1, the links are its siblings to CommonMark
    text = (
        "# RL\n\n## Codes\n"
        " - Codes for the exercises in Sutton and Barto's book\n"
        "  - [MATLAB Code](https://example.org/matlab.html)\n"
        "  - [C/Lisp Code](https://example.org/lisp.html)\n"
        " - Simulation code for control problems\n"
        "  - [Pole-Cart Problem](https://example.org/pole.html)\n"
    )
    doc = MarkdownReader().read("README.md", text)
    assert [(entry.first_line, entry.title and entry.title.text) for entry in doc.entries] == [
        (5, "MATLAB Code"),
        (6, "C/Lisp Code"),
        (8, "Pole-Cart Problem"),
    ]


@pytest.mark.parametrize(
    "note",
    [
        "  - develops Q-learning, brings together TD and optimal control",  # indented deeper
        " - develops Q-learning, brings together TD and optimal control",  # lowercase
    ],
)
def test_an_item_noting_the_one_before_it_is_no_entry(note: str) -> None:
    text = (
        "# RL\n\n## Papers\n"
        " - Chris Watkins, Learning from Delayed Rewards, 1989. [[Thesis]](https://example.org/t)\n"
        f"{note}\n"
        " - Ian H. Witten, An Adaptive Optimal Controller, 1977. [[Paper]](https://example.org/w)\n"
    )
    doc = MarkdownReader().read("README.md", text)
    assert [entry.first_line for entry in doc.entries] == [4, 6]
    assert all(entry.url is not None for entry in doc.entries)


@pytest.mark.parametrize(
    "unlinked",
    [
        "- ELSA: Secure Aggregation for Federated Learning with Malicious Actors.",
        "- pFed-Litho: Lithography Modeling With a Personalized Federated Framework.",
    ],
)
def test_an_unlinked_title_at_its_siblings_indent_stays_an_entry(unlinked: str) -> None:
    text = (
        "# Papers\n\n"
        "- Flamingo: Secure Aggregation. [[PUB](https://example.org/f)]\n"
        f"{unlinked}\n"
        "- RoFL: Robustness of Secure Federated Learning. [[PUB](https://example.org/r)]\n"
    )
    doc = MarkdownReader().read("README.md", text)
    assert [entry.url is None for entry in doc.entries] == [False, True, False]


@pytest.mark.parametrize(
    ("item", "title", "venue", "date", "written"),
    [
        (
            "(*EMNLP'23*) StructGPT: A Framework [[paper](https://arxiv.org/abs/2305.09645)]"
            "[[code](https://github.com/RUCAIBox/StructGPT)]",
            "StructGPT: A Framework",
            "EMNLP",
            "2023",
            "'23",
        ),
        (
            "(*arXiv 2023.05*) PiVe: Iterative Verification [[paper](https://arxiv.org/abs/2305.12392)]",
            "PiVe: Iterative Verification",
            "arXiv",
            "2023.05",
            "2023.05",
        ),
        ("[ICML'23] Oort [[Paper]](https://example.org/o)", "Oort", "ICML", "2023", "'23"),
        # words in parentheses, with no date, open the title
        (
            "(Amplified) Banded Matrix Factorization. [[PUB](https://openreview.net/f)]",
            "(Amplified) Banded Matrix Factorization",
            None,
            None,
            None,
        ),
    ],
)
def test_a_venue_and_date_written_before_the_title(
    item: str, title: str, venue: str | None, date: str | None, written: str | None
) -> None:
    text = f"# Papers\n\n- {item}\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert entry.title is not None and entry.title.text == title
    assert (entry.venue and entry.venue.text, entry.date and entry.date.text) == (venue, date)
    if entry.date is not None:
        assert text[entry.date.span.start : entry.date.span.end] == written


def test_the_authors_in_parentheses_are_no_venue() -> None:
    # an empty title link ("[]()", a template row) leaves the authors first
    text = "# Papers\n\n+ []() (Ningxin Su et al., INFOCOM 2022) [:book:](./citations/su.txt)\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert entry.venue is None


CODE = "[[code](https://github.com/hojonathanho/diffusion)]"


@pytest.mark.parametrize(
    ("item", "url"),
    [
        (
            f"{CODE} [[webpage](https://hojonathanho.github.io/diffusion/)]",
            "https://hojonathanho.github.io/diffusion/",
        ),
        (f"{CODE} [[pdf](https://arxiv.org/abs/2006.11239)]", "https://arxiv.org/abs/2006.11239"),
        (CODE, "https://github.com/hojonathanho/diffusion"),  # the code, when nothing else
    ],
)
def test_a_bold_title_ending_with_its_venue_links_other_than_its_code(item: str, url: str) -> None:
    text = f"# Noise\n\n- **Denoising diffusion probabilistic models (NeurIPS 2020)** {item}\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert (
        entry.title is not None and entry.title.text == "Denoising diffusion probabilistic models"
    )
    assert (entry.venue and entry.venue.text, entry.date and entry.date.text) == ("NeurIPS", "2020")
    assert entry.url is not None and entry.url.url == url


@pytest.mark.parametrize(
    ("item", "title", "venue", "date"),
    [
        # an emoji before the title link marks the paper; the link's text is the title
        (
            "🌟 [wav2vec: Unsupervised Pre-training](https://arxiv.org/abs/1904.05862)"
            " - *S Schneider et al*, `INTERSPEECH 2019`",
            "wav2vec: Unsupervised Pre-training",
            "INTERSPEECH",
            "2019",
        ),
        # a preprint's venue, then where it was published: the last is the entry's
        (
            "⭐️ - [vq-wav2vec: Discrete Speech](https://arxiv.org/abs/1910.05453)"
            " - *A Baevski et al*, `arXiv 2019, ICLR 2020`",
            "vq-wav2vec: Discrete Speech",
            "ICLR",
            "2020",
        ),
        # a date in brackets inside the bold title is the date, not part of the title
        (
            "**[2025-05-01] Rethinking Memory in AI**\n"
            "  [[Paper](https://www.arxiv.org/abs/2505.00675v2)]",
            "Rethinking Memory in AI",
            None,
            "2025-05-01",
        ),
        # a short bold name, then the paper's title in quotes, then its venue
        (
            '**TransUNet**: "Transformers Make Strong Encoders", ArXiv, 2021'
            " [[paper](https://arxiv.org/pdf/2102.04306.pdf)] [[code](https://github.com/b/t)]",
            "Transformers Make Strong Encoders",
            "ArXiv",
            "2021",
        ),
        # a method's label in parentheses before the title link names no paper
        (
            "(GES) [Optimal Structure Identification With Greedy Search]"
            "(https://www.jmlr.org/papers/volume3/chickering02b/chickering02b.pdf)",
            "Optimal Structure Identification With Greedy Search",
            None,
            None,
        ),
        # ...and so does a longer one, with its edition and notes
        (
            "(Asia-CCS '20, increasing depth and differential privacy) [Can We Use Split"
            " Learning on 1D CNN Models?](https://dl.acm.org/doi/abs/10.1145/3320269.3384740)",
            "Can We Use Split Learning on 1D CNN Models?",
            None,
            None,
        ),
        # a date in brackets after a title written as text is not its words (nor, as it is
        # often a model's release, the paper's date)
        (
            "OpenMoE: Open Mixture-of-Experts Language Models [Aug 2023]"
            " [Repo](https://github.com/XueFuzhao/OpenMoE) [Paper](https://arxiv.org/abs/2402.01739)",
            "OpenMoE: Open Mixture-of-Experts Language Models",
            None,
            None,
        ),
        # a bold title of more words keeps its own words before a quote
        (
            '**Strong Encoders for Medical Images**: "the transformer is all", CVPR 2021'
            " [[paper](https://arxiv.org/pdf/2102.04306.pdf)]",
            "Strong Encoders for Medical Images",
            None,
            "2021",
        ),
    ],
)
def test_the_title_apart_from_what_marks_or_names_it(
    item: str, title: str, venue: str | None, date: str | None
) -> None:
    text = f"# Papers\n\n- {item}\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert entry.title is not None and entry.title.text == title
    assert text[entry.title.span.start : entry.title.span.end] == title
    assert (entry.venue and entry.venue.text, entry.date and entry.date.text) == (venue, date)


def test_a_lone_item_beside_sections_of_papers_is_a_paper() -> None:
    # its link names no paper (a lab's page), yet it is no list aside, as a course is
    text = (
        "# Speech\n\n## Papers\n\n### 2019\n\n"
        "- [wav2vec: Pre-training for Speech](https://arxiv.org/abs/1904.05862)\n"
        "- [vq-wav2vec: Discrete Speech](https://arxiv.org/abs/1910.05453)\n"
        "- [MPC: Transformer Speech Recognition](https://arxiv.org/abs/1910.09932)\n\n"
        "### 2022\n\n"
        "- [data2vec: A General Framework](https://ai.facebook.com/research/data2vec)\n\n"
        "## Courses\n\n"
        "- [Speech Processing Lectures](https://www.youtube.com/watch?v=abc)\n"
    )
    doc = MarkdownReader().read("README.md", text)
    assert [entry.first_line for entry in doc.entries] == [7, 8, 9, 13]
    assert [link.url for link in doc.links] == ["https://www.youtube.com/watch?v=abc"]


def test_items_that_label_nested_groups_do_not_outvote_the_linked_items() -> None:
    text = (
        "## ICA\n\n"
        "- (Linear) [Independent Component Analysis](https://example.org/linear)\n"
        "- (iVAE) [Variational Autoencoders and Nonlinear ICA](https://example.org/ivae)\n"
        "- (Auxiliary Info)\n"
        "  - [Nonlinear ICA Using Auxiliary Variables](https://example.org/aux)\n"
        "- (Temporal Info)\n"
        "  - [Time-Contrastive Learning](https://example.org/tcl)\n"
        "- (Sparsity)\n"
        "  - [Mechanism Sparsity Regularization](https://example.org/sparse)\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.line, e.title.text if e.title else None) for e in entries] == [
        (3, "Independent Component Analysis"),
        (4, "Variational Autoencoders and Nonlinear ICA"),
        (6, "Nonlinear ICA Using Auxiliary Variables"),
        (8, "Time-Contrastive Learning"),
        (10, "Mechanism Sparsity Regularization"),
    ]
