"""Collects the YAML scenario tests under rulebooks/**/tests/ (issue #3 part 9): each scenario is a
test item, decided by lawcore.decision in prudent.rulebooks.scenarios.run_scenario."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from lawcore.rulebook.model import RulebookSet
from prudent.rulebooks.files import load_dir
from prudent.rulebooks.scenarios import Scenario, load_scenarios, run_scenario

ROOT = Path(__file__).parent


@cache
def shipped() -> RulebookSet:
    loaded = load_dir(ROOT)
    if loaded.errors:
        raise AssertionError("\n".join(str(e) for e in loaded.errors))
    return RulebookSet(loaded.rulebooks)


def pytest_collect_file(parent: Any, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix in {".yaml", ".yml"} and "tests" in file_path.relative_to(ROOT).parts:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for scenario in load_scenarios(self.path):
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        problems = run_scenario(self.scenario, shipped())
        if problems:
            raise ScenarioFailed(problems)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return "\n".join([f"scenario {self.scenario.name!r}:", *excinfo.value.problems])
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailed(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
