"""Pausing Python's cyclic garbage collector around bulk work of the core (issues #3 and #5,
Performance).

Reference counting frees almost everything the core builds; the cyclic collector only adds
work: every automatic collection traverses the objects still alive, and bulk work keeps many
alive (a draw's millions of tuples; the decision engine's memo of templates, measured at a
fifth of ``decide_many``'s time). Pausing it around a bounded piece of work changes no result;
a cycle made meanwhile (a raised exception and its traceback, say) is collected once the
collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block; it is enabled again on the way out,
    exception or not, if it was enabled on the way in (so nested pauses keep it off until the
    outermost ends). The pause is process-wide: keep the block to the core's own work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused"]
