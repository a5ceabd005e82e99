from __future__ import annotations

from fmfl_lint.net.hosts import Host


def test_a_429_paces_the_host_as_it_answered_over_the_last_seconds() -> None:
    host = Host(limit=6, first_start=0.0)
    for moment in range(10):  # a burst the host let through at first ...
        host.answered_at(moment / 100)
    for moment in range(8, 40):  # ... then 8 answers a second
        host.answered_at(moment / 8)
    host.learn_pace(started=4.8, now=5.0, longest=30)
    # the answers of the last 4 seconds, not the burst: 8 a second
    assert round(host.interval, 3) == round(1 / 8, 3)


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


def test_answers_probe_a_little_faster_and_more_gently_after_every_429() -> None:
    host = Host(limit=6, interval=1.0)
    host.answered_at(0.0)
    assert host.interval == 0.99
    steps = []
    for refusal in (1, 2, 3):
        host.answered.clear()
        host.learn_pace(started=refusal, now=refusal, longest=30)
        before = host.interval
        host.answered_at(refusal + 0.5)
        steps.append(round(1 - host.interval / before, 4))
    assert steps == [0.01, 0.005, 0.0033]
