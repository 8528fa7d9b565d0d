"""Pausing Python's cyclic garbage collector around bulk work of the core (issues #3 and #5,
Performance).

Reference counting frees almost everything the core builds; the cyclic collector only adds
work: every automatic collection traverses the objects still alive, and bulk work keeps many
alive (a draw's millions of tuples; the decision engine's memo of templates, measured at a
fifth of ``decide_many``'s time). Pausing it around a bounded piece of work changes no result;
a cycle made meanwhile (a raised exception and its traceback, say) is collected once the
collector runs again.

What survives a pause is moved to the oldest generation on the way out (:func:`_promote`).
Without that, every object allocated during the pause and still alive sits in the youngest
generation, and the first allocation after the pause sets off a collection that examines them
all — for ``decide_many`` a chunk's answers and new templates, at every chunk, then again in
the middle generation, and the growing memo makes the full collections more frequent too
(issue #3, Performance: 12.8 s of the collector's time in 500,000 decisions, 7.0 s with the
promotion; docs/performance.md, "Eighth round").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block; it is enabled again on the way out,
    exception or not, if it was enabled on the way in (so nested pauses keep it off until the
    outermost ends), after what the block left alive has been moved to the oldest generation.
    The pause is process-wide: keep the block to the core's own work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _promote()
            gc.enable()


def _promote() -> None:
    """Move every object the collector tracks to the oldest generation without examining it,
    and start the youngest generation's count afresh (``gc.freeze`` then ``gc.unfreeze``).

    Nothing is lost: the objects stay tracked, and a cycle among them is freed by the next full
    collection instead of a young one. Skipped when the process keeps objects frozen itself (a
    server freezing before it forks, say), whose frozen objects ``gc.unfreeze`` would let go."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


__all__ = ["collector_paused"]
