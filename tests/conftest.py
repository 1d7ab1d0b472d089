"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.batch import columnar
from engine.temporary_folders import own_folder
from tests.helpers import ROOT

# checked policies are kept in a folder of the run's own, never in the user's cache (`engine.policy_cache`);
# commands the tests start in other processes inherit it; a run killed before its end has it removed by the next
os.environ["POLICY_CACHE_DIR"] = str(own_folder("policy-cache-"))

# a failure of the fast engine's program is raised in the tests, where a run leaves its households to the exact
# evaluator (`engine.batch.columnar.decide_fast`): a test comparing the two engines would not see it otherwise
columnar._STRICT = True


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["POLICY_CACHE_DIR"], ignore_errors=True)


@pytest.fixture
def run(monkeypatch):
    """`policy ARGS…` run in the project folder (arguments may be paths); returns click's result."""
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: Any, input: bytes | str | None = None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return invoke
