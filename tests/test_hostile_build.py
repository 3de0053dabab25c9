"""What `build` refuses before mkdocs runs (issue 22's unseen round of 4 December): a hook mkdocs.yml names that
is not the project's own (mkdocs would import and run it at once), and a site/ that is a link leading out of the
project (mkdocs would empty the folder it leads to). And a project that lost templates/ is named as such, as one
that lost data/ is, when the command finds the project from where it is run."""

from __future__ import annotations

import shutil

from calc.cli import main
from tests.conftest import line_of


def test_build_refuses_another_hook_before_it_can_run(copy, tmp_path_factory, capsys):
    outside = tmp_path_factory.mktemp("outside") / "PWNED"
    (copy / "evil_hook.py").write_text(f"from pathlib import Path\nPath({str(outside)!r}).write_text('x')\n",
                                       encoding="utf-8")
    text = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    (copy / "mkdocs.yml").write_text(text.replace("hooks:\n  - hooks.py\n", "hooks:\n  - hooks.py\n  - evil_hook.py\n"),
                                     encoding="utf-8")
    assert main(["--root", str(copy), "build"]) == 1
    line = line_of(copy / "mkdocs.yml", "evil_hook.py")
    assert capsys.readouterr().err == (
        f"mkdocs.yml:{line}: a hook other than the project's own ('evil_hook.py'): it would run its code on every "
        "build. Remove it: the built site needs no hook, and hooks.py is the live preview's\n"
        f"    {line} |   - evil_hook.py\n"
        "build: nothing written (1 error)\n")
    assert not outside.exists()
    assert not (copy / "site").exists()


def test_build_refuses_a_site_linked_out_of_the_project_and_keeps_what_is_there(copy, tmp_path_factory, capsys):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "KEEP.txt").write_text("keep", encoding="utf-8")
    shutil.rmtree(copy / "site", ignore_errors=True)
    (copy / "site").symlink_to(elsewhere)
    assert main(["--root", str(copy), "build"]) == 1
    assert capsys.readouterr().err == (
        f"site/: site/ is a link to {elsewhere}, outside the project: building there would delete what that folder "
        "holds. Remove the link (site/ then is built in the project), or name a folder in the project with "
        "--site-dir\n"
        "build: nothing written (1 error)\n")
    assert [p.name for p in elsewhere.iterdir()] == ["KEEP.txt"]


def test_a_project_without_templates_is_named_from_a_subfolder(copy, capsys, monkeypatch):
    shutil.rmtree(copy / "templates")
    monkeypatch.chdir(copy / "docs" / "figures")
    assert main(["render"]) == 1
    assert capsys.readouterr().err == (
        f"templates/: templates/ is missing in {copy}. Run the command in the project's folder (or name it with "
        "--root); if templates/ was lost, restore it from git\n")
