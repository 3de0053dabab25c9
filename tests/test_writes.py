"""Writes that cannot finish are found before the commit, or undone: one message, docs/ as it was, and the
next command not stuck. (The suite may run as root, for whom no permission is refused: a refusal is
simulated where it would come from the system; another device is real, /dev/shm being a tmpfs.)"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from calc import outputs
from calc.cli import main
from tests.conftest import edit
from tests.test_corpus import snapshot

RATE = "    value: 40\n    unit: token/s\n    model: opus_4_5\n"


def change_a_rate(root: Path) -> None:
    edit(root / "data/throughput.yaml", RATE, RATE.replace("40", "41"))


def test_a_render_that_only_removes_a_page(copy, capsys):
    # every page (docs/) and chart (figures/) the committed site has is left unchanged (counted on disk, not from the code)
    kept = len(list((copy / "docs").rglob("*.md"))) + len(list((copy / "figures").rglob("*.svg")))
    assert main(["--root", str(copy), "new", "extra", "An extra page"]) == 0
    (copy / "templates/extra.md.j2").unlink()
    config = copy / "mkdocs.yml"
    config.write_text("".join(line for line in config.read_text().splitlines(keepends=True)
                              if "extra.md" not in line))
    capsys.readouterr()
    assert main(["--root", str(copy), "render"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out == f"render: 0 written, {kept} unchanged, 1 removed\n  removed docs/extra.md\n"
    assert not (copy / "docs/extra.md").exists() and not (copy / outputs.STAGING).exists()


def test_a_move_refused_after_the_commit_is_undone(copy, capsys, monkeypatch):
    change_a_rate(copy)
    before = snapshot(copy)
    real_replace = os.replace
    moved = []

    def refuse_the_catalogue(source, target):  # noqa: ANN001 - os.replace's own signature
        if "docs/figures/" in str(target) and ".render" not in str(target):
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        moved.append(target)
        real_replace(source, target)
    monkeypatch.setattr(os, "replace", refuse_the_catalogue)
    assert main(["--root", str(copy), "render"]) == 1
    err = capsys.readouterr().err
    assert moved, "some files were moved into place before the refusal"
    assert err.endswith(": cannot write: Permission denied. Make the folder writable (or free disk space) and run "
                        "the command again; nothing was changed\n"), err
    assert err.startswith("docs/figures/"), err
    assert snapshot(copy) == before
    assert outputs.leftovers(copy) == []
    monkeypatch.setattr(os, "replace", real_replace)
    assert main(["--root", str(copy), "render"]) == 0  # nothing stuck


def test_a_full_disk_while_staging_changes_nothing(copy, capsys, monkeypatch):
    change_a_rate(copy)
    before = snapshot(copy)
    refused = []

    def full(path, content):  # noqa: ANN001
        refused.append(Path(path).relative_to(copy / outputs.STAGING / "new").as_posix())
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    monkeypatch.setattr(outputs, "_write_synced", full)
    assert main(["--root", str(copy), "render"]) == 1
    assert refused[0].startswith("docs/")  # the staged copy of a page: the message names the page
    assert capsys.readouterr().err == (f"{refused[0]}: cannot write: No space left on device. Make the folder "
                                       "writable (or free disk space) and run the command again; nothing was changed\n")
    assert snapshot(copy) == before and not (copy / outputs.STAGING).exists()


def test_a_read_only_project_names_the_staging_folder(copy, capsys, monkeypatch):
    change_a_rate(copy)
    before = snapshot(copy)
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):  # noqa: ANN001 - Path.mkdir's own signature
        if self == copy / outputs.STAGING:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["--root", str(copy), "render"]) == 1
    assert capsys.readouterr().err == (".render/: cannot write: Read-only file system (render stages its files in "
                                       ".render/, beside docs/, before moving them into place). Make the folder "
                                       "writable (or free disk space) and run the command again; nothing was changed\n")
    assert snapshot(copy) == before


@pytest.mark.parametrize("path", ["../outside.txt", "docs/../../outside.txt", "/tmp/outside.txt", "data/prices.yaml",
                                  "docs/escape/outside.txt"])
def test_a_tampered_render_plan_moves_and_removes_nothing(copy, capsys, path):
    outside = copy.parent / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (copy / "docs/escape").symlink_to(copy.parent)  # a folder inside docs/ that leads out of it
    staging = copy / outputs.STAGING
    (staging / "new").mkdir(parents=True)
    (staging / outputs.PLAN).write_text(json.dumps({"write": [], "remove": ["docs/index.md", path]}), encoding="utf-8")
    before = snapshot(copy)
    data = (copy / "data/prices.yaml").read_bytes()
    assert main(["--root", str(copy), "render"]) == 1
    assert capsys.readouterr().err == (f".render/plan.json: the render plan names a file outside docs/ and figures/ "
                                       f"(\"{path}\"), so it was not written by calc. Nothing was moved or removed; "
                                       "delete .render/ and run the command again\n")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert snapshot(copy) == before and (copy / "data/prices.yaml").read_bytes() == data


@pytest.mark.skipif(not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat(tempfile.gettempdir()).st_dev,
                    reason="needs a second file system (/dev/shm)")
def test_a_folder_on_another_device_is_refused_before_the_commit(copy, capsys):
    change_a_rate(copy)
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        shutil.move(str(copy / "docs/figures"), elsewhere / "figures")
        (copy / "docs/figures").symlink_to(elsewhere / "figures")
        before = snapshot(copy)
        assert main(["--root", str(copy), "render"]) == 1
        err = capsys.readouterr().err
        assert err.endswith(": cannot write: on another device than the project (files cannot be moved there "
                            "whole). Make the folder writable (or free disk space) and run the command again; nothing "
                            "was changed\n"), err
        assert snapshot(copy) == before and not (copy / outputs.STAGING).exists()
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
