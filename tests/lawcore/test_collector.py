"""The collector pause shared by the draw and the decision engine (issues #3, #5, Performance)."""

import gc
import weakref

import pytest

from lawcore.collector import collector_paused


def test_collector_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="inside"), collector_paused():
        raise ValueError("inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation))


def test_what_a_pause_leaves_alive_goes_to_the_oldest_generation_unexamined() -> None:
    # issue #3, Performance: the first collection after a pause must not examine all of it
    with collector_paused():
        made = [object()]
    assert _in_generation(made, 2)
    assert not _in_generation(made, 0)


def test_a_cycle_made_during_a_pause_is_still_collected() -> None:
    class Node:
        pass

    with collector_paused():
        node = Node()
        node.self = node  # type: ignore[attr-defined]
        alive = weakref.ref(node)
        del node
    assert alive() is not None  # only a cycle: reference counting cannot free it
    gc.collect()
    assert alive() is None


def test_a_pause_leaves_objects_the_process_froze_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collector_paused():
            made = [object()]
        assert gc.get_freeze_count() == frozen
        assert _in_generation(made, 0)  # left where a pause without the promotion leaves it
    finally:
        gc.unfreeze()
