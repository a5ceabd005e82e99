from __future__ import annotations

from fmfl_lint.net.hosts import Host


def test_a_429_paces_the_host_a_tenth_slower_than_it_answered() -> None:
    host = Host(limit=6, first_start=0.0)
    for moment in (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25):  # 4 answers a second
        host.answered_at(moment)
    host.learn_pace(started=2.3, now=2.5, longest=30)
    assert round(host.interval, 3) == round(1.1 / (8 / 2.0), 3)


def test_a_429_to_a_request_started_before_the_last_change_is_ignored() -> None:
    host = Host(limit=6, first_start=0.0, interval=0.3, paced_at=5.0)
    host.learn_pace(started=4.9, now=5.2, longest=30)
    assert host.interval == 0.3


def test_with_nothing_to_go_by_the_interval_doubles_up_to_the_cap() -> None:
    host = Host(limit=6, first_start=0.0)
    intervals = []
    for moment in range(1, 12):
        host.learn_pace(started=moment, now=moment, longest=1.0)
        intervals.append(host.interval)
    assert intervals[:4] == [0.05, 0.1, 0.2, 0.4] and max(intervals) == 1.0


def test_answers_probe_a_little_faster() -> None:
    host = Host(limit=6, interval=1.0)
    host.answered_at(0.0)
    assert host.interval == 0.98
