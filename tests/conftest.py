"""Fixtures shared by the test modules."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import ROOT


@pytest.fixture
def run(monkeypatch):
    """`policy ARGS…` run in the project folder (arguments may be paths); returns click's result."""
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: Any, input: bytes | str | None = None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return invoke
