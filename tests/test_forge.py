"""How the checks reach a forge and an editor's commits: the workflow runs the README's commands; the hook runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calc import corrections
from tests.conftest import ROOT, edit

WORKFLOW = ROOT / ".github/workflows/site.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def readme_commands() -> list[str]:
    """The commands of the README's "Two commands" block, without their comments."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Two commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def test_the_readme_names_the_two_commands():
    assert readme_commands() == ["make site", "make test"]


def test_the_workflow_runs_exactly_the_readmes_commands():
    jobs = workflow()["jobs"]
    assert runs(jobs["test"]) == ["make test"]
    assert runs(jobs["site"]) == ["make site"]
    every_run = [command for job in jobs.values() for command in runs(job)]
    assert sorted(every_run) == sorted(readme_commands())


def test_the_workflow_runs_on_pushes_and_pull_requests():
    assert set(workflow()["on"]) == {"push", "pull_request"}
    jobs = workflow()["jobs"]
    for name in ("test", "site"):
        assert "if" not in jobs[name], f"job '{name}' must run on every push and pull request"


def test_the_site_is_an_artifact_from_mkdocs_site_dir():
    site_dir = yaml.safe_load((ROOT / "mkdocs.yml").read_text().split("\nhooks:")[0])["site_dir"]
    steps = workflow()["jobs"]["site"]["steps"]
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [s["with"]["path"].rstrip("/") for s in uploads] == [site_dir]
    run_index = next(i for i, s in enumerate(steps) if s.get("run") == "make site")
    assert steps.index(uploads[0]) > run_index


def test_pages_deploy_only_from_main():
    jobs = workflow()["jobs"]
    deploy = jobs["deploy"]
    assert deploy["if"] == ON_MAIN
    assert set(deploy["needs"]) == {"test", "site"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    pages_upload = [s for s in jobs["site"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["if"] for s in pages_upload] == [ON_MAIN]
    assert workflow()["permissions"] == {"contents": "read"}  # write access only where Pages needs it


def test_actions_are_pinned_to_a_commit():
    uses = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses and all(PINNED.match(u) for u in uses), [u for u in uses if not PINNED.match(u)]


def test_checkouts_fetch_the_whole_history():
    """The corrections log is worked out from git history; a shallow clone could not verify it."""
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["fetch-depth"] == 0


# --- pre-commit -------------------------------------------------------------------------------------------------

def pre_commit(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pre-commit with no network: a proxy that refuses, no package index, an empty cache of its own."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(clone.parent / "pre-commit-home"), "PIP_NO_INDEX": "1",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_COLOR": "1",
           corrections.CACHE_ENV: str(ROOT / corrections.CACHE_DIR)}  # the same commits: no need to recompute
    return subprocess.run([str(PRE_COMMIT), *args], cwd=clone, capture_output=True, text=True, env=env)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of the committed project, using the project's virtualenv (as `make` would have made it)."""
    clone = tmp_path / "clone"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", head], cwd=clone, check=True)
    (clone / ".venv").symlink_to(Path(sys.executable).parents[1])
    return clone


def test_the_hook_files_are_valid():
    assert pre_commit(ROOT, "validate-config", ".pre-commit-config.yaml").returncode == 0
    assert pre_commit(ROOT, "validate-manifest", ".pre-commit-hooks.yaml").returncode == 0
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    local = config["repos"][0]
    assert local["repo"] == "local" and local["hooks"][0]["language"] == "system"  # nothing to fetch
    for hook in (local["hooks"][0], hooks[0]):
        assert hook["id"] == "calc-check" and hook["pass_filenames"] is False
        assert hook["entry"].endswith("calc check")
        assert re.match(hook["files"], "data/prices.yaml") and re.match(hook["files"], "templates/index.md.j2")
        assert re.match(hook["files"], "calc/engine.py") and not re.match(hook["files"], "README.md")


def test_pre_commit_runs_calc_check_offline_in_a_clone(clone):
    result = pre_commit(clone, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^calc check \(figures, units, expectations, stale pages\)\.+Passed$", result.stdout, re.M)


def test_pre_commit_stops_a_commit_that_breaks_check(clone):
    edit(clone / "templates/index.md.j2", "# Is Claude Opus 5 a giant mixture of experts?",
         "# Is Claude Opus 5 a giant mixture of 384 experts?")
    subprocess.run(["git", "add", "templates/index.md.j2"], cwd=clone, check=True)
    result = pre_commit(clone, "run")
    assert result.returncode == 1
    assert re.search(r"^calc check \(figures, units, expectations, stale pages\)\.+Failed$", result.stdout, re.M)
    assert "templates/index.md.j2:3: hand-typed figure in prose: a number ('384')." in result.stdout


def test_pre_commit_skips_check_when_nothing_it_checks_changed(clone):
    (clone / "README.md").write_text((clone / "README.md").read_text() + "\nA note.\n")
    subprocess.run(["git", "add", "README.md"], cwd=clone, check=True)
    result = pre_commit(clone, "run")
    assert result.returncode == 0
    assert re.search(r"^calc check \(figures, units, expectations, stale pages\)\.+\(no files to check\)Skipped$",
                     result.stdout, re.M)
