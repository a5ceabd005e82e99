"""Does every GitHub stars badge link to its repository."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Edit, Finding, Fix, Link
from ..rules import Options, rule
from ..urls import github_repo_of_url, same_repo, stars_badge_repo


def _link_it(link: Link, repository: str, newline: str) -> Fix | None:
    markup = link.image_markup
    if markup is None or markup.span.start is None or markup.span.end is None:
        return None
    if markup.kind == "html":
        edits = (
            Edit(markup.span.start, markup.span.start, f'<a href="{repository}">'),
            Edit(markup.span.end, markup.span.end, "</a>"),
        )
    else:
        option = newline + " " * markup.indent + f":target: {repository}"
        edits = (Edit(markup.span.start, markup.span.end, option),)
    return Fix(f"link the badge to {repository}", edits)


@rule("FL503", "badge-without-link", "warning", fix=True)
def badge_without_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A GitHub stars badge that is not a link to its repository.

    Readers click the stars to reach the code. ``--fix`` wraps an HTML ``<img>`` in
    ``<a href="https://github.com/OWNER/REPO">`` or adds ``:target:`` to an RST image; a
    badge that links somewhere else is reported but left alone.
    """
    for link in doc.all_links:
        repo = stars_badge_repo(link.url) if link.is_image else None
        if repo is None:
            continue
        repository = f"https://github.com/{repo[0]}/{repo[1]}"
        if link.target is None:
            message = f"stars badge of {repo[0]}/{repo[1]} is not a link; link it to {repository}"
            yield Finding.at(
                doc.path,
                link.span,
                message,
                url=link.url,
                fix=_link_it(link, repository, doc.newline),
            )
        elif (linked := github_repo_of_url(link.target)) is None or not same_repo(linked, repo):
            message = f"stars badge of {repo[0]}/{repo[1]} links to {link.target}, not {repository}"
            yield Finding.at(doc.path, link.span, message, url=link.url)
