"""How fast each host may be asked, learnt from how it answers."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

#: how far back the answers a host gave count, when a 429 asks how fast it may be asked:
#: long enough that a burst the host let through (its allowance, saved up while it was
#: not asked) weighs little beside the pace it keeps
RATE_WINDOW = 4.0
#: how much faster each answer lets the host be asked, before the first 429; after the
#: n-th, a n-th of this (each 429 costs a whole Retry-After, so once the host's pace is
#: known, it is probed ever more gently)
PROBE_STEP = 0.01


@dataclass
class Host:
    """One host as the scheduler sees it: its limit, its pace, what it has shown."""

    limit: int
    active: int = 0
    next_start: float = 0.0
    interval: float = 0.0  # at least this long between two starts, learnt from 429s
    head_unreliable: bool = False
    answered: deque[float] = field(default_factory=deque)  # when recent answers came
    first_start: float | None = None
    paced_at: float = 0.0  # when the interval was last set from a 429
    paces_learnt: int = 0  # how many 429s set the interval
    slowest: float = 0.0  # the longest an answer (not a 429, not a failure) took

    def learn_pace(self, started: float, now: float, longest: float) -> None:
        """After a 429: start requests no faster than the host answered them lately.

        A 429 to a request started before the last change of pace says nothing new. The
        interval never passes ``longest``, the longest Retry-After honoured.
        """
        if started < self.paced_at:
            return
        while self.answered and self.answered[0] < now - RATE_WINDOW:
            self.answered.popleft()
        since = self.first_start if self.first_start is not None else now
        window = min(RATE_WINDOW, now - since)
        observed = len(self.answered) / window if window > 0 else 0.0
        # the pace the host kept over the window; slower than the last with none to go by
        interval = 1 / observed if observed else max(self.interval * 2, 0.05)
        self.interval = min(interval, longest)
        self.paced_at = now
        self.paces_learnt += 1

    def answered_at(self, now: float) -> None:
        """An answer that was not a 429: note it, and probe a little faster."""
        self.answered.append(now)
        self.interval *= 1 - PROBE_STEP / max(1, self.paces_learnt)
