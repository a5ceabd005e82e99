"""The online rules end to end: a list pointing at loopback servers, through the command."""

from __future__ import annotations

import json
import pathlib
import threading
import time

import pytest
import responses

from fmfl_lint.cli import main

from .servers import hang, redirect, serve, status


def write_list(directory: pathlib.Path, base: str) -> pathlib.Path:
    path = directory / "list.rst"
    path.write_text(
        "Links\n=====\n\n"
        f"* `Alive <{base}/ok>`_ — ICML 2024\n"  # 4
        f"* `Gone <{base}/gone>`_ — ICML 2023\n"  # 5
        f"* `Moved <{base}/old>`_ — ICML 2022\n"  # 6
        f"* `Slow <{base}/slow>`_ — ICML 2021\n"  # 7
        f"* `Busy <{base}/busy>`_ — ICML 2020\n"  # 8
        "* `Inside <http://169.254.169.254/latest/meta-data>`_ — ICML 2019\n",  # 9
        encoding="utf-8",
    )
    return path


ROUTES = {
    "/ok": status(200),
    "/gone": status(410),
    "/old": redirect(301, "/new"),
    "/new": status(200),
    "/slow": hang(2.5),
    "/busy": status(429, {"Retry-After": "0"}),  # never anything but "too many requests"
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    status_code = main(["--format", "json", "--timeout", "0.5", *args])
    out, err = capsys.readouterr()
    return status_code, json.loads(out), err


def test_each_online_rule_at_its_line(tmp_path, loopback: responses.RequestsMock, capsys) -> None:
    with serve(ROUTES) as server:
        path = write_list(tmp_path, f"http://127.0.0.1:{server.port}")
        status_code, findings, err = run(["--allow-private", "--no-cache", str(path)], capsys)
    got = sorted((f["line"], f["code"]) for f in findings)
    assert status_code == 1
    # the metadata address (line 9) is let through by --allow-private: the test's socket
    # guard refuses it, so it is dead here
    assert got == [(5, "FL101"), (6, "FL103"), (7, "FL102"), (8, "FL104"), (9, "FL101")]
    moved = next(f for f in findings if f["code"] == "FL103")
    assert moved["message"].endswith(f"to http://127.0.0.1:{server.port}/new: {moved['url']}")
    assert "links: 6 checked" in err


def test_private_addresses_are_not_fetched_by_default(tmp_path, loopback, capsys) -> None:
    loopback.add_passthru("http://169.254.169.254/")  # the guard stops it before any socket
    with serve(ROUTES) as server:
        path = write_list(tmp_path, f"http://127.0.0.1:{server.port}")
        _, findings, _ = run(["--select", "FL1", "--no-cache", str(path)], capsys)
        assert server.count() == 0
    assert sorted((f["line"], f["code"]) for f in findings) == [
        (line, "FL105") for line in range(4, 10)
    ]


def test_fix_rewrites_a_permanent_redirect(tmp_path, loopback, capsys) -> None:
    with serve(ROUTES) as server:
        base = f"http://127.0.0.1:{server.port}"
        path = tmp_path / "list.rst"
        path.write_text(f"* `Moved <{base}/old>`_ — ICML 2022\n", encoding="utf-8")
        main(["--allow-private", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == f"* `Moved <{base}/new>`_ — ICML 2022\n"
    assert "fixed 1 problem" in capsys.readouterr().err


def test_a_warm_rerun_sends_no_request(tmp_path, loopback, capsys) -> None:
    with serve({"/ok": status(200)}) as server:
        path = tmp_path / "list.rst"
        path.write_text(f"* `Alive <http://127.0.0.1:{server.port}/ok>`_\n", encoding="utf-8")
        assert main(["--allow-private", str(path)]) == 0
        sent = server.count()
        assert main(["--allow-private", str(path)]) == 0
        assert server.count() == sent == 1
    assert "1 cached, 0 requests" in capsys.readouterr().err


def test_offline_sends_nothing(tmp_path, loopback, capsys) -> None:
    with serve({"/ok": status(404)}) as server:
        path = tmp_path / "list.rst"
        path.write_text(f"* `A <http://127.0.0.1:{server.port}/ok>`_\n", encoding="utf-8")
        assert main(["--offline", "--allow-private", str(path)]) == 0
        assert server.count() == 0


def test_a_broken_cache_is_a_warning(tmp_path, loopback, capsys) -> None:
    cache = tmp_path / "cache"
    (cache / "allow-private").mkdir(parents=True)  # where --allow-private keeps its cache
    (cache / "allow-private" / "links.sqlite3").write_bytes(b"this is not a database" * 100)
    with serve({"/ok": status(200)}) as server:
        path = tmp_path / "list.rst"
        path.write_text(f"* `Alive <http://127.0.0.1:{server.port}/ok>`_\n", encoding="utf-8")
        assert main(["--allow-private", "--cache-dir", str(cache), str(path)]) == 0
    assert "fmfl-lint: warning: the link cache in" in capsys.readouterr().err


def test_host_limits_from_the_config(tmp_path, loopback, capsys, monkeypatch) -> None:
    active = {"now": 0, "most": 0}
    lock = threading.Lock()

    def counted(handler) -> None:
        with lock:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
        time.sleep(0.05)
        with lock:
            active["now"] -= 1
        status(200)(handler)

    with serve({"/*": counted}) as server:
        path = tmp_path / "list.rst"
        path.write_text(
            "".join(f"* `P{n} <http://127.0.0.1:{server.port}/{n}>`_\n" for n in range(12)),
            encoding="utf-8",
        )
        # network settings hold for the whole run: they come from the working directory
        (tmp_path / ".fmfl-lint.toml").write_text('host-limits = { "127.0.0.1" = 1 }\n')
        monkeypatch.chdir(tmp_path)
        assert main(["--allow-private", "--no-cache", "--select", "FL1", str(path)]) == 0
    assert active["most"] == 1 and server.count() == 12
