"""`make site` (python -m calc build): one render, check's summary with its warnings, then the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, edit
from tests.test_render import snapshot

SONNET_4_5_RATE = "    value: 41\n    unit: token/s\n    model: sonnet_4_5\n"


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "build", "--site-dir", "site"],
                          cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_build_renders_checks_and_says_what_check_says(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    result = build(copy)
    assert result.returncode == 0, result.stderr
    assert "  wrote docs/opus-4-6-size.md" in result.stdout
    assert "39 tokens/s" in (copy / "docs/opus-4-6-size.md").read_text(encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "check"], capture_output=True, text=True)
    assert check.returncode == 0
    summary = check.stdout.strip().splitlines()[-1]
    assert summary.startswith("check: ") and summary in result.stdout.splitlines()  # check's line, warnings too
    assert (copy / "site/opus-4-6-size.html").is_file()


def test_a_failing_build_writes_nothing(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    before = snapshot(copy)
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("value: 41", "vale: 41"))
    result = build(copy)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "build: nothing written (1 error)"
    assert snapshot(copy) == before
    assert not (copy / "site").exists()


def test_a_build_mkdocs_refuses_puts_docs_and_figures_back(copy: Path):
    """The pages are written before mkdocs has built the site; when mkdocs then fails, docs/ and figures/ are put
    back as they were (here mkdocs fails on a hand-written page's broken link, which calc does not read)."""
    (copy / "calc").symlink_to(ROOT / "calc")
    (copy / "docs/extra.md").write_text("# Extra\n\n[a page that is not there](nowhere.md)\n", encoding="utf-8")
    before = snapshot(copy)
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    result = build(copy)
    assert result.returncode == 1, result.stderr
    assert "  wrote docs/opus-4-6-size.md" in result.stdout  # written, then put back
    assert "nowhere.md" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == ("build: mkdocs reported problems (above); the site was not "
                                                      "built, and docs/ and figures/ are as they were")
    assert snapshot(copy) == before
    assert not (copy / "site").exists()
