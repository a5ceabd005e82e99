"""Do the GitHub repositories named exist under that name, and do their badges link to them."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Edit, Entry, Finding, Fix, Link, LinkImage
from ..records import REPOS
from ..rules import Options, rule
from ..urls import github_repo_named, github_repo_of_url, same_repo, stars_badge_repo


@rule("FL503", "badge-without-link", "warning", fix=True)
def badge_without_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A GitHub stars badge that is not a link to its repository.

    Readers click the stars to reach the code. ``--fix`` makes the badge a link to
    ``https://github.com/OWNER/REPO`` in the list's own syntax; a badge that links
    somewhere else is reported but left alone. A badge beside a link to its repository
    (in a Code column, say) is fine; beside a link to another repository it is reported.
    """
    badges: list[tuple[Link, Entry | None]] = [
        (link, entry) for entry in doc.entries for link in entry.links
    ]
    badges += [(link, None) for link in doc.links]
    for link, entry in badges:
        repo = stars_badge_repo(link.url) if link.is_image else None
        if repo is None:
            continue
        repository = f"https://github.com/{repo[0]}/{repo[1]}"
        if link.target is None:
            linked = _code_links(entry)
            if any(same_repo(other, repo) for other in linked):
                continue  # the entry links the repository already (a Code column, say)
            if linked:
                other = f"{linked[0][0]}/{linked[0][1]}"
                message = f"stars badge of {repo[0]}/{repo[1]}, but the entry's code is {other}"
                yield Finding.at(doc.path, link.span, message, url=link.url)
                continue
            message = f"stars badge of {repo[0]}/{repo[1]} is not a link; link it to {repository}"
            yield Finding.at(
                doc.path,
                link.span,
                message,
                url=link.url,
                fix=Fix(f"link the badge to {repository}", (LinkImage(link, repository),)),
            )
        elif (target := github_repo_of_url(link.target)) is None or not same_repo(target, repo):
            message = f"stars badge of {repo[0]}/{repo[1]} links to {link.target}, not {repository}"
            yield Finding.at(doc.path, link.span, message, url=link.url)


def _code_links(entry: Entry | None) -> list[tuple[str, str]]:
    """The repositories an entry links with plain links (not badges)."""
    if entry is None:
        return []
    found = (github_repo_of_url(link.url) for link in entry.all_links if not link.is_image)
    return [repo for repo in found if repo is not None]


@rule("FL501", "github-repo-missing", needs=[REPOS])
def github_repo_missing(doc: Document, options: Options) -> Iterator[Finding]:
    """A stars badge or code link names a GitHub repository that does not exist.

    Asked of GitHub's API: one GraphQL query per 100 repositories with ``GITHUB_TOKEN``
    set, REST calls within the unauthenticated limit without.
    """
    for url, span in doc.written_urls:
        repo = github_repo_named(url)
        state = options.facts.repos.get(repo) if repo else None
        if repo is not None and state is not None and not state.exists:
            yield Finding.at(
                doc.path, span, f"repository {repo[0]}/{repo[1]} does not exist", url=url
            )


@rule("FL502", "github-repo-moved", "warning", needs=[REPOS], fix=True)
def github_repo_moved(doc: Document, options: Options) -> Iterator[Finding]:
    """The repository was renamed or transferred: name the new OWNER/REPO.

    ``--fix`` rewrites badges and links to the new name, from GitHub's answer in this
    run only (never from the cache, which a checkout could have planted).
    """
    for url, span in doc.written_urls:
        repo = github_repo_named(url)
        state = options.facts.repos.get(repo) if repo else None
        old = f"{repo[0]}/{repo[1]}" if repo else ""
        if (
            state is None
            or not state.exists
            or not state.full_name
            or state.full_name.lower() == old.lower()
        ):
            continue
        fix = None
        at = url.find(old)
        written = span.start is not None and doc.text[span.start : span.end] == url
        if written and at >= 0 and not state.cached and span.start is not None:
            start = span.start + at
            fix = Fix(f"name {state.full_name}", (Edit(start, start + len(old), state.full_name),))
        message = f"repository {old} is now {state.full_name}"
        yield Finding.at(doc.path, span, message, url=url, fix=fix)
