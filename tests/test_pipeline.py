"""The library entry point: per-file configuration, run-wide settings, files that fail alone."""

from __future__ import annotations

import json
import pathlib

import pytest
import responses

from fmfl_lint import pipeline
from fmfl_lint.cli import main

from .fakeapis import github_graphql, github_rest
from .servers import serve, status

UNSORTED = (
    "* `Newer <https://example.org/newer>`_ — ICML 2024\n"
    "* `Older <https://example.org/older>`_ — ICML 2022\n"
    "* `Middle <https://example.org/middle>`_ — ICML 2023\n"
    "* `Oldest <https://example.org/oldest>`_ — ICML 2021\n"
)


def two_lists(tmp_path: pathlib.Path) -> tuple[str, str]:
    """A strict list (warnings fail) and a relaxed one (FL401 ignored, nothing fails)."""
    strict, relaxed = tmp_path / "strict", tmp_path / "relaxed"
    for directory, config in (
        (strict, 'fail-on = "warning"\n'),
        (relaxed, 'fail-on = "never"\nignore = ["unsorted-entries"]\n'),
    ):
        directory.mkdir()
        (directory / ".fmfl-lint.toml").write_text(config, encoding="utf-8")
        (directory / "README.rst").write_text(UNSORTED, encoding="utf-8")
    return str(strict / "README.rst"), str(relaxed / "README.rst")


@pytest.mark.parametrize("order", ["strict first", "relaxed first"])
def test_each_file_follows_its_own_config_in_either_order(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], order: str
) -> None:
    strict, relaxed = two_lists(tmp_path)
    files = [strict, relaxed] if order == "strict first" else [relaxed, strict]
    status_code = main(["--offline", "--format", "json", *files])
    findings = json.loads(capsys.readouterr().out)
    # the strict list's FL401 warning fails the run; the relaxed list reports no FL401
    assert status_code == 1
    assert [(f["path"], f["code"]) for f in findings] == [(strict, "FL401")]


def test_the_relaxed_list_alone_passes(tmp_path: pathlib.Path) -> None:
    _, relaxed = two_lists(tmp_path)
    run = pipeline.check([relaxed], {"offline": True})
    assert run.findings == [] and not run.failed and not run.errors


def test_run_wide_settings_come_from_the_working_directory(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    strict, _ = two_lists(tmp_path)
    (tmp_path / "strict" / ".fmfl-lint.toml").write_text('format = "json"\n', encoding="utf-8")
    (tmp_path / ".fmfl-lint.toml").write_text('format = "github"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert pipeline.check([strict], {"offline": True}).settings.output_format == "github"


def test_a_missing_file_is_reported_and_the_others_are_checked(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strict, _ = two_lists(tmp_path)
    missing = str(tmp_path / "missing.rst")
    status_code = main(["--offline", "--format", "json", missing, strict])
    out, err = capsys.readouterr()
    assert status_code == 2
    assert [f["code"] for f in json.loads(out)] == ["FL401"]
    assert err.splitlines() == [f"fmfl-lint: error: {missing}: no such file"]


def test_the_same_file_twice_is_checked_once(tmp_path: pathlib.Path) -> None:
    strict, _ = two_lists(tmp_path)
    run = pipeline.check([strict, strict], {"offline": True})
    assert len(run.files) == 1 and len(run.findings) == 1


def test_the_github_token_goes_to_githubs_api_only(
    tmp_path: pathlib.Path,
    loopback: responses.RequestsMock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the whole run: the API gets the token; pages, output and cache do not."""
    token = "ghp_secret_token_value"
    monkeypatch.setenv("GITHUB_TOKEN", token)
    page_headers: list[str] = []
    api_tokens: list[str] = []

    def page(handler) -> None:
        page_headers.append(str(handler.headers))
        status(200)(handler)

    with (
        serve({"/graphql": github_graphql([], api_tokens)}) as api,
        serve({"/*": page}, host="127.0.0.2") as pages,
    ):
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        path = tmp_path / "list.rst"
        path.write_text(
            f"* `Page <{pages.url('/paper')}>`_ |stars|\n\n"
            ".. |stars| image:: https://img.shields.io/github/stars/owner/repo-2\n"
            f"   :target: {pages.url('/code')}\n",
            encoding="utf-8",
        )
        cache = tmp_path / "cache"
        args = ["--allow-private", "--cache-dir", str(cache), "--format", "json"]
        main([*args, "--select", "FL1,FL5", str(path)])
    out, err = capsys.readouterr()
    assert api_tokens == [f"Bearer {token}"]
    assert len(page_headers) >= 2 and not any(token in headers for headers in page_headers)
    assert token not in out + err
    assert token.encode() not in (cache / "allow-private" / "links.sqlite3").read_bytes()


def test_a_config_cannot_send_the_token_elsewhere(
    tmp_path: pathlib.Path, loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even --github-api, given by hand, gets no token unless it is GitHub's API host."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_token_value")
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    graphql_tokens: list[str] = []
    rest_tokens: list[str] = []
    routes = {"/graphql": github_graphql([], graphql_tokens), "/repos/*": github_rest(rest_tokens)}
    with serve(routes) as api:
        path = tmp_path / "list.rst"
        path.write_text(
            "* `Tool <https://github.com/owner/repo-2>`_ — ICML 2024\n", encoding="utf-8"
        )
        pipeline.check(
            [str(path)],
            {"select": ["FL501"], "github-api": api.url(""), "cache": False, "allow-private": True},
        )
    # asked without a token, so by REST: the token never left
    assert graphql_tokens == [] and rest_tokens == [""]


def test_a_checked_out_config_cannot_turn_off_the_guard(tmp_path: pathlib.Path) -> None:
    (tmp_path / ".fmfl-lint.toml").write_text("allow-private = true\n", encoding="utf-8")
    path = tmp_path / "list.rst"
    path.write_text(UNSORTED, encoding="utf-8")
    run = pipeline.check([str(path)], {"offline": True})
    assert run.errors == [
        f"{tmp_path / '.fmfl-lint.toml'}: 'allow-private' may only be given on the command line"
        " (--allow-private): a config file must not decide where requests go"
    ]
