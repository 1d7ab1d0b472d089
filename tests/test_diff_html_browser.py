"""The `policy diff --html` report, opened in headless Chromium: what a person actually sees.

Needs Chromium (`.ci/run` installs Debian's `chromium` and `fonts-noto-cjk`); without it the test
fails rather than skips. The screenshot is kept in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.helpers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    found = os.environ.get("POLICY_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is needed for this test: apt-get install -y chromium (.ci/run does it)"
    return found


def test_html_report_renders_the_matrix_and_the_changed_households(tmp_path):
    report = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "cli.main", "diff", "policy/2024-transition.yaml",
                             "policy/post-transition.yaml", "--households", "examples/households",
                             "--date", "2026-03-01", "--lang", "en", "--html", str(report)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # the policies differ
    browser = _chromium()
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile-dom'}", "--dump-dom",
                          report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = dom.stdout
    assert page.count('<table class="matrix">') == 2, "household and member transition matrices"
    assert "DS-0007" in page, "the monitoring-only household appears among the changed households"
    assert "monitoring" in page and "none" in page
    assert "Category names" in page, "the matrices' category ids have a legend"
    assert page.count("examples/households/DS-") == 24, "every changed household, whatever --show says"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "diff-report.png"
    shot.unlink(missing_ok=True)
    taken = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile-shot'}",
                            "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri()],
                           capture_output=True, text=True, timeout=120)
    assert taken.returncode == 0, taken.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000, "a rendered page, not a blank one"
