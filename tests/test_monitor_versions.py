"""A policy file edited without a new version name is refused wherever it would decide something the register
keeps: one version name stands for one set of rules (docs/monitor.md, `ingest`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import EXAMPLES, POST, ROOT

HOUSEHOLD = str(EXAMPLES / "DS-0011-on-post-dibao-line.json")


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A register with DS-0011 recorded under a copy of post-transition, and that copy to edit."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    monkeypatch.delenv("POLICY_CALENDAR", raising=False)
    policy = tmp_path / "post.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    db = str(tmp_path / "register.sqlite3")

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)
    assert run("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-01").exit_code == 0
    run.policy, run.db = policy, db  # type: ignore[attr-defined]
    return run


def edit(policy: Path, old: str, new: str) -> None:
    text = policy.read_text(encoding="utf-8")
    assert old in text
    policy.write_text(text.replace(old, new), encoding="utf-8")


def snapshots(db: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])


def test_an_edited_policy_that_kept_its_version_name_is_refused_by_ingest(desk: Any) -> None:
    edit(desk.policy, "value: 510 yuan/month", "value: 530 yuan/month")  # the dibao standard raised
    refused = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert refused.exit_code == 2
    policy = desk.policy
    assert refused.stderr.startswith(
        f"error: {policy} is policy version `post-transition`, but {desk.db} holds other rules under that name "
        "(sha256 ")
    assert f"recorded from {policy}); this file (sha256 " in refused.stderr
    # the parameter edited is named first, before the value computed from it
    assert "differs from them in parameters.dibao_standard, parameters.tekun_standard: " in refused.stderr
    assert ("alerts would take the difference for changes of the households; nothing decided under it was recorded\n"
            f"  help: give the edited policy a version name of its own (`version: post-transition-2` in {policy}) "
            "and run the command again; if the edit was a mistake, undo it\n") in refused.stderr
    assert snapshots(desk.db) == 1  # nothing decided under the edited rules
    zh = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.startswith(f"错误：{policy} 是政策版本 `post-transition`，但 {desk.db} "
                                "中以这个名称记录的是另一套规则（sha256 ")
    assert "与之不同：parameters.dibao_standard、parameters.tekun_standard：" in zh.stderr
    assert (f"提示：请给改过的政策另起一个版本名称（在 {policy} 中写 `version: post-transition-2`），"
            "再运行这条命令") in zh.stderr
    # the way out: a version name of its own, recorded beside the first
    edit(policy, "version: post-transition", "version: post-transition-2")
    renamed = desk("ingest", HOUSEHOLD, "--policy", str(policy), "--date", "2026-03-02", "--lang", "en")
    assert renamed.exit_code == 0, renamed.output
    assert snapshots(desk.db) == 2


def test_reassess_and_apply_refuse_the_edited_policy_too(desk: Any) -> None:
    edit(desk.policy, "review_working_days: 25", "review_working_days: 20")
    reassessed = desk("reassess", "--policy", str(desk.policy), "--date", "2026-03-05", "--lang", "en")
    assert reassessed.exit_code == 2
    assert "differs from them in process: " in reassessed.stderr
    assert "Traceback" not in reassessed.output
    applied = desk("apply", "DS-0011", "--date", "2026-03-05", "--policy", str(desk.policy), "--lang", "en")
    assert applied.exit_code == 2
    assert f"error: {desk.policy} is policy version `post-transition`" in applied.stderr
    assert snapshots(desk.db) == 1
    with sqlite3.connect(desk.db) as connection:
        assert connection.execute("SELECT count(*) FROM applications").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM policies").fetchone()[0] == 1


def test_an_edit_no_decision_can_follow_keeps_the_version_name(desk: Any) -> None:
    # a comment, and a label reworded: the same rules written otherwise
    edit(desk.policy, "value: 510 yuan/month", "value: 510 yuan/month  # confirmed by the county")
    edit(desk.policy, "en: rural minimum living standard (dibao standard)}",
         "en: rural minimum living standard (the dibao standard)}")
    again = desk("ingest", HOUSEHOLD, "--policy", str(desk.policy), "--date", "2026-03-02", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert snapshots(desk.db) == 2
