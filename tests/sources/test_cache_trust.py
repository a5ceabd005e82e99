"""The cache is not trusted: a planted file can neither steer --fix nor hide a finding."""

from __future__ import annotations

import json
import pathlib
import sqlite3
import time

import pytest
import responses

from fmfl_lint.cli import main
from fmfl_lint.net.cache import LinkCache

from ..servers import serve, status


def plant(cache: pathlib.Path, links: list[tuple], facts: list[tuple]) -> None:
    LinkCache(str(cache), 3600).close()  # the tables, as the program makes them
    with sqlite3.connect(cache / "links.sqlite3") as db:
        db.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)", links)
        db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", facts)


def test_a_planted_redirect_or_rename_is_never_written_by_fix(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    page = "https://example.org/paper"
    path = tmp_path / "list.rst"
    text = f"* `Paper <{page}>`_ — ICML 2024 `code <https://github.com/owner/tool>`_\n"
    path.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    now = time.time()
    plant(
        cache,
        [(page, "redirected", 301, "https://phish.example/login", now)],
        [("github:owner/tool", json.dumps({"exists": True, "full_name": "evil/tool"}), now)],
    )
    args = ["--select", "FL103,FL502", "--cache-dir", str(cache), "--format", "json"]
    status_code = main([*args, "--fix", str(path)])
    findings = json.loads(capsys.readouterr().out)
    # reported (the cache may be right), never rewritten from it
    assert sorted(f["code"] for f in findings) == ["FL103", "FL502"]
    assert all("fix" not in f for f in findings) and status_code == 0
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "row",
    [
        ("https://example.org/paper", "dead-but-ok", 200, None, 0.0),  # no such outcome
        ("https://example.org/paper", "ok", 99999, None, 0.0),  # no such status
        ("https://example.org/paper", "redirected", 301, "javascript:alert(1)", 0.0),
        ("https://example.org/paper", "ok", 200, None, "yesterday"),  # no time
        ("https://example.org/paper", "ok", 200, None, 4e12),  # from the future
    ],
)
def test_malformed_link_rows_are_ignored(tmp_path: pathlib.Path, row: tuple) -> None:
    row = (*row[:4], time.time() if row[4] == 0.0 else row[4])
    plant(tmp_path, [row], [])
    cache = LinkCache(str(tmp_path), 3600)
    assert cache.get("https://example.org/paper") is None
    cache.close()


def test_what_allow_private_learnt_does_not_hide_fl105_later(
    tmp_path: pathlib.Path, loopback: responses.RequestsMock, capsys
) -> None:
    with serve({"/ok": status(200)}) as server:
        path = tmp_path / "list.rst"
        path.write_text(f"* `Inside <{server.url('/ok')}>`_\n", encoding="utf-8")
        args = ["--select", "FL1", "--cache-dir", str(tmp_path / "cache"), "--format", "json"]
        assert main([*args, "--allow-private", str(path)]) == 0
        capsys.readouterr()
        assert main([*args, str(path)]) == 1
        assert [f["code"] for f in json.loads(capsys.readouterr().out)] == ["FL105"]
        assert server.count() == 1
