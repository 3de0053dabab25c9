"""Two commands at once in one project: they take turns (calc.locking), neither fails, nothing is lost.

Each trial edits a datum (so the commands do the whole work, not the kept result), starts two real `python -m
calc` processes together and, while they run, watches that site/ is never missing or empty. Afterwards: both
succeeded without a traceback, docs/ is exactly what a render of the data gives, and nothing is left over.
The project copy is prepared once and reused by every trial (a trial costs two commands, about 3 s).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from calc import locking, outputs, sitebuild
from calc.cli import main
from tests.conftest import COPIED, ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs flock (POSIX)")

TRIALS = 25
RATE = "    value: {}\n    unit: token/s\n    model: opus_4_5\n"
RATES = (40, 41)  # each trial changes the datum to the other of these values
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def set_rate(root: Path, value: int) -> None:
    path = root / "data/throughput.yaml"
    text = path.read_text(encoding="utf-8")
    current = next(RATE.format(v) for v in RATES if RATE.format(v) in text)
    path.write_text(text.replace(current, RATE.format(value)), encoding="utf-8")


def command(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "calc", "--root", str(root), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A copy of the project, built once, with the docs/ a render gives for each of the two rates."""
    root = tmp_path_factory.mktemp("concurrent")
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    (root / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    expected = {}
    for value in RATES:
        set_rate(root, value)
        assert subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "build"], capture_output=True,
                              env=ENV).returncode == 0
        expected[value] = snapshot(root / "docs")
    assert expected[RATES[0]] != expected[RATES[1]]
    return root, expected


def run_pair(root: Path, verb: str, watch_site: bool) -> tuple[list[tuple[int, str, str]], int]:
    """Start two commands together; return their (status, stdout, stderr) and how often site/ was seen
    missing or empty while they ran."""
    first, second = command(root, verb), command(root, verb)
    missing = 0
    index = root / "site" / "index.html"
    while first.poll() is None or second.poll() is None:
        if watch_site and not index.exists():
            missing += 1
        time.sleep(0.001)
    results = []
    for process in (first, second):
        out, err = process.communicate()
        results.append((process.returncode, out, err))
    return results, missing


def trials(prepared, verb: str) -> None:
    root, expected = prepared
    waited = 0
    for trial in range(TRIALS):
        value = RATES[(trial + 1) % 2]
        set_rate(root, value)
        results, missing = run_pair(root, verb, watch_site=verb == "build")
        for status, out, err in results:
            assert status == 0, err
            assert "Traceback" not in err, err
        waited += sum("is running in this project; waiting for it to finish" in err for _, _, err in results)
        assert missing == 0, f"trial {trial}: site/ was missing {missing} times"
        assert snapshot(root / "docs") == expected[value], f"trial {trial}"
        assert outputs.leftovers(root) == [] and outputs.site_leftovers(root) == []
        if verb == "build":
            assert (root / "site" / "index.html").is_file()
    assert waited >= TRIALS // 2  # the two did overlap, and one waited for the other
    print(f"two {verb}s at once, {TRIALS} trials: all succeeded, {waited} waited for the other")


def test_two_builds_at_once(prepared):
    trials(prepared, "build")


def test_two_renders_at_once(prepared):
    trials(prepared, "render")


def test_a_command_waits_then_gives_up_with_one_message(prepared):
    root, _ = prepared
    before = snapshot(root / "docs")
    with locking.project_lock(root, "build"):
        result = subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "--wait", "0.3", "render"],
                                capture_output=True, text=True, env=ENV)
    assert result.returncode == 1
    holder = f"build, pid {os.getpid()}"
    assert result.stderr == (
        f"render: another calc command ({holder}) is running in this project; waiting for it to finish (at most "
        "0.3 s)\n"
        f".calc-cache/lock: another calc command ({holder}) still holds this project's lock after 0.3 s. Wait for it "
        "to finish (or stop it), then run this command again\n")
    assert snapshot(root / "docs") == before


def test_check_shares_the_lock_with_check_but_waits_for_a_render(prepared):
    root, _ = prepared
    with locking.project_lock(root, "check", shared=True):
        result = subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "--wait", "0", "check"],
                                capture_output=True, text=True, env=ENV)
        assert "waiting" not in result.stderr, result.stderr
    with locking.project_lock(root, "render"):
        result = subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "--wait", "0", "check"],
                                capture_output=True, text=True, env=ENV)
    assert result.returncode == 1
    assert f"another calc command (render, pid {os.getpid()}) still holds this project's lock" in result.stderr


def test_check_reports_what_a_build_cut_short_left(copy, capsys):
    from calc.cli import main
    (copy / ".site.building" / "assets").mkdir(parents=True)
    (copy / ".site.old").mkdir()
    (copy / ".site.old" / "index.html").write_text("the last site")
    status = main(["--root", str(copy), "check"])
    err = capsys.readouterr().err
    assert status == 1
    assert (".site.building/: left over: a part-built site, left by a build that was cut short. Run `python -m calc "
            "build`: it removes it (or remove the folder yourself)\n") in err
    assert (".site.old/: left over: the previous site/, moved aside by a build that was cut short while putting the "
            "new one in place. Run `python -m calc build`: it puts it back as site/ (or rename it yourself)\n") in err


def test_a_build_puts_back_the_site_a_cut_short_build_moved_aside(copy):
    (copy / ".site.old").mkdir()
    (copy / ".site.old" / "index.html").write_text("the last site")
    (copy / ".site.building").mkdir()
    sitebuild.recover_site(copy / "site")
    assert (copy / "site" / "index.html").read_text() == "the last site"
    assert outputs.site_leftovers(copy) == []


@pytest.mark.parametrize("exchange", [True, False])
def test_the_new_site_takes_the_old_ones_place(tmp_path, monkeypatch, exchange):
    site, building = tmp_path / "site", sitebuild.building_dir(tmp_path / "site")
    site.mkdir()
    (site / "index.html").write_text("old")
    building.mkdir()
    (building / "index.html").write_text("new")
    if not exchange:  # a system without renameat2: two renames, the old site moved aside in between
        monkeypatch.setattr(sitebuild, "_exchange", lambda first, second: False)
    sitebuild._put_in_place(building, site)
    assert (site / "index.html").read_text() == "new"
    assert not sitebuild.old_dir(site).exists()
    assert (building / "index.html").read_text() == "old" if exchange else not building.exists()


PREVIEW = """
import sys
sys.path.insert(0, sys.argv[1])
import hooks  # the copy's hooks.py: its ROOT is the copy
hooks._serving = True  # as under `mkdocs serve`
for _ in range(int(sys.argv[2])):
    hooks.on_pre_build(None)  # renders in memory, holding the project's lock (calc.locking) meanwhile
    print("banner:" + hooks._banner.replace("\\n", " "), flush=True)
"""
PREVIEW_TRIALS = 3


def test_the_preview_and_a_render_take_turns(copy):
    """The live preview (hooks.on_pre_build, in a process of its own as under `mkdocs serve`) and `calc render`
    started together, a few trials: each waits for the other's lock, neither fails, the preview renders without
    a problem every time and docs/ is what a render of the data gives."""
    expected = {RATES[0]: snapshot(copy / "docs")}  # the committed pages: the project's rate (checked below)
    set_rate(copy, RATES[1])
    assert main(["--root", str(copy), "render"]) == 0  # in this process: the other rate's pages
    expected[RATES[1]] = snapshot(copy / "docs")
    assert expected[RATES[0]] != expected[RATES[1]]
    waited = 0
    for trial in range(PREVIEW_TRIALS):
        value = RATES[(trial + 1) % 2]
        set_rate(copy, value)
        preview = subprocess.Popen([sys.executable, "-c", PREVIEW, str(copy), "1"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=ENV, cwd=copy)
        render = command(copy, "render")
        for process in (preview, render):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "Traceback" not in err, err
            waited += "is running in this project; waiting for it to finish" in err
            if process is preview:
                assert out.splitlines() == ["banner:"], out + err  # it rendered, and without a problem
        assert snapshot(copy / "docs") == expected[value], f"trial {trial}"
        assert outputs.leftovers(copy) == []
    assert waited >= 1  # they did overlap, and one waited for the other's lock
