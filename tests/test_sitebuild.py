"""What `calc build` keeps between builds (calc.sitebuild) changes nothing in the site it builds.

The built site is compared, file by file, with what a plain `mkdocs build` of the same docs/ gives: with
nothing kept yet, with everything kept, and after a datum changed (some pages converted afresh, the rest
kept). A conversion that warned is not kept, so a strict build fails on it every time, not only the first.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, edit

SONNET_4_5_RATE = "    value: 41\n    unit: token/s\n    model: sonnet_4_5\n"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def calc_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "build", "--site-dir", "site"],
                          cwd=root, capture_output=True, text=True, env=ENV)


def plain_build(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site-plain"], cwd=root, check=True,
                   capture_output=True, env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def assert_same_site(root: Path) -> None:
    plain_build(root)
    ours, plain = tree(root / "site"), tree(root / "site-plain")
    assert sorted(ours) == sorted(plain)
    differing = [name for name in ours if ours[name] != plain[name]]
    assert differing == []


def test_kept_conversions_build_the_site_mkdocs_builds(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    first = calc_build(copy)
    assert first.returncode == 0, first.stderr
    assert (copy / ".calc-cache/site.json").is_file()  # what the next build can use
    assert_same_site(copy)
    pages = len(list((copy / "docs").rglob("*.md")))
    assert f" 0 of {pages} pages converted afresh" not in first.stderr  # nothing was kept yet ("20 of 20" holds "0 of 20")
    again = calc_build(copy)  # nothing changed: mkdocs alone, in this process, every page kept
    assert again.returncode == 0, again.stderr
    assert f" 0 of {pages} pages converted afresh" in again.stderr
    assert_same_site(copy)
    (copy / ".calc-cache/check.json").unlink()  # calc renders again: the build forks, every page still kept
    forked = calc_build(copy)
    assert forked.returncode == 0, forked.stderr
    assert f" 0 of {pages} pages converted afresh" in forked.stderr
    assert_same_site(copy)
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    changed = calc_build(copy)  # the pages showing the rate are converted afresh, the others are kept
    assert changed.returncode == 0, changed.stderr
    assert "39 tokens/s" in (copy / "site/opus-4-6-size.html").read_text(encoding="utf-8")
    rewritten = [line for line in changed.stdout.splitlines() if line.startswith("  wrote docs/")
                 and line.endswith(".md")]
    assert rewritten and f"{len(rewritten)} of {pages} pages converted afresh" in changed.stderr
    assert_same_site(copy)


def test_a_conversion_that_warned_warns_again(copy: Path):
    """In a build that warnings do not fail (the live preview's), a page that warned warns on every build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from calc import sitebuild

    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    (copy / "docs/notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    edit(copy / "mkdocs.yml", "  - Evidence tiers: tiers.md\n", "  - Evidence tiers: tiers.md\n  - Notes: notes.md\n")
    warnings = Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        for _ in range(2):  # the second build converts the other pages from the store, this one afresh
            config = load_config(config_file=str(copy / "mkdocs.yml"), site_dir=str(copy / "site"), strict=False)
            sitebuild.open_store(None)
            build(config)
    finally:
        logger.removeHandler(warnings)
        sitebuild.close_store()
    said = [m for m in warnings.messages if "contains a link 'missing.md'" in m]
    assert len(said) == 2, warnings.messages


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_page_added_then_removed_reaches_the_site_and_leaves_it(copy: Path):
    """Pages reach mkdocs from memory: a new one (not yet in docs/) is built, and one no longer generated is
    neither built nor left in the site."""
    (copy / "calc").symlink_to(ROOT / "calc")
    (copy / "templates/notes.md.j2").write_text("{# context: q. A page for this test. #}\n# Notes\n\n"
                                                "Opus 4.6 decodes at {{ q.decode_rate_opus_4_6 }}.\n",
                                                encoding="utf-8")
    edit(copy / "mkdocs.yml", "  - Evidence tiers: tiers.md\n", "  - Evidence tiers: tiers.md\n  - Notes: notes.md\n")
    added = calc_build(copy)
    assert added.returncode == 0, added.stderr
    assert "  wrote docs/notes.md" in added.stdout
    assert "Opus 4.6 decodes at" in (copy / "site/notes.html").read_text(encoding="utf-8")
    assert_same_site(copy)
    (copy / "templates/notes.md.j2").unlink()
    edit(copy / "mkdocs.yml", "  - Notes: notes.md\n", "")
    removed = calc_build(copy)
    assert removed.returncode == 0, removed.stderr
    assert "  removed docs/notes.md" in removed.stdout
    assert not (copy / "docs/notes.md").exists() and not (copy / "site/notes.html").exists()
    assert_same_site(copy)


def test_charts_drawn_beside_the_pages_are_the_charts_render_draws(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    result = calc_build(copy)
    assert result.returncode == 0, result.stderr
    assert "  wrote figures/charts/throughput_calibration.svg" in result.stdout
    assert "  wrote figures/charts/throughput_calibration-dark.svg" in result.stdout
    redrawn = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "render", "--force"], cwd=copy,
                             capture_output=True, text=True, env=ENV)  # every chart drawn again, in one process
    assert redrawn.returncode == 0, redrawn.stderr
    assert redrawn.stdout.startswith("render: 0 written"), redrawn.stdout


def test_a_build_mkdocs_fails_says_so_after_what_calc_wrote_and_leaves_the_last_site(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    assert calc_build(copy).returncode == 0
    last_site = tree(copy / "site")
    (copy / "docs/notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    edit(copy / "mkdocs.yml", "  - Evidence tiers: tiers.md\n", "  - Evidence tiers: tiers.md\n  - Notes: notes.md\n")
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    docs_before, figures_before = tree(copy / "docs"), tree(copy / "figures")
    result = calc_build(copy)
    assert result.returncode == 1
    assert "  wrote docs/opus-4-6-size.md" in result.stdout  # calc rendered the page, then mkdocs failed
    assert result.stdout.strip().splitlines()[-1].startswith("check: ")
    errors = result.stderr.strip().splitlines()
    assert any("contains a link 'missing.md'" in line for line in errors)
    assert errors[-1] == ("build: mkdocs reported problems (above); the site was not built, and docs/ and figures/ "
                          "are as they were")
    assert (tree(copy / "docs"), tree(copy / "figures")) == (docs_before, figures_before)  # a failed build changes nothing
    assert tree(copy / "site") == last_site  # built beside it, so the failed build left it as it was
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith(".site")) == []


def test_without_fork_the_build_runs_in_one_process_to_the_same_site(copy: Path, monkeypatch, capsys):
    import argparse

    from calc.commands import build

    (copy / "calc").symlink_to(ROOT / "calc")
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    monkeypatch.delattr(os, "fork")  # as on Windows
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert build.run(argparse.Namespace(root=copy, site_dir="site", builder="mkdocs")) == 0
    assert "  wrote figures/charts/throughput_calibration.svg" in capsys.readouterr().out
    assert "39 tokens/s" in (copy / "site/opus-4-6-size.html").read_text(encoding="utf-8")
    assert_same_site(copy)


def test_a_damaged_store_is_ignored_and_rewritten(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    assert calc_build(copy).returncode == 0
    store = copy / ".calc-cache/site.json"
    text = store.read_text(encoding="utf-8")
    store.write_text(text.replace('"content": "', '"content": "<p>not what mkdocs made</p>', 1), encoding="utf-8")
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    result = calc_build(copy)  # the checksum no longer matches: nothing in the store is used
    assert result.returncode == 0, result.stderr
    assert "not what mkdocs made" not in "".join(p.read_text(encoding="utf-8") for p in (copy / "site").rglob("*.html"))
    assert_same_site(copy)
    assert "not what mkdocs made" not in store.read_text(encoding="utf-8")  # rewritten by the build


def test_a_chart_missing_from_figures_is_drawn_and_reaches_the_site(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    for drawing in (copy / "figures/charts").glob("prices*.svg"):
        drawing.unlink()
    result = calc_build(copy)  # mkdocs lists the site's files before the chart is drawn again
    assert result.returncode == 0, result.stderr
    assert "  wrote figures/charts/prices.svg" in result.stdout
    assert "  wrote figures/charts/prices-dark.svg" in result.stdout
    assert (copy / "site/charts/prices.svg").read_bytes() == (copy / "figures/charts/prices.svg").read_bytes()
    assert_same_site(copy)


def test_front_matter_of_any_shape_is_indexed_as_mkdocs_indexes_it(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    (copy / "docs/notes.md").write_text("---\n2024: reviewed\ntitle: Notes\n---\n\n# Notes\n\nA page by hand.\n",
                                        encoding="utf-8")
    edit(copy / "mkdocs.yml", "  - Evidence tiers: tiers.md\n", "  - Evidence tiers: tiers.md\n  - Notes: notes.md\n")
    for _ in range(2):  # converted and indexed, then kept
        result = calc_build(copy)
        assert result.returncode == 0, result.stderr
        assert_same_site(copy)


def test_the_site_dir_is_checked_as_mkdocs_checks_it(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    before = {path: path.read_bytes() for path in sorted((copy / "data").rglob("*")) if path.is_file()}
    for site_dir in ("docs", "."):  # would hold, or be, the sources: mkdocs refuses, and nothing is removed
        result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "build", "--site-dir", site_dir],
                                cwd=copy, capture_output=True, text=True, env=ENV)
        assert result.returncode == 1
        assert "Aborted with a configuration error!" in result.stderr
    assert (copy / "docs/opus-4-6-size.md").is_file()
    assert {path: path.read_bytes() for path in sorted((copy / "data").rglob("*")) if path.is_file()} == before


def test_a_site_folder_holding_hidden_files_is_built_in_place_as_mkdocs_does(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")
    (copy / "site/.git").mkdir(parents=True)  # a deployment's checkout, say: mkdocs' clean keeps hidden files
    (copy / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (copy / "site/stale.html").write_text("old\n", encoding="utf-8")
    result = calc_build(copy)
    assert result.returncode == 0, result.stderr
    assert (copy / "site/.git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (copy / "site/stale.html").exists()
    assert (copy / "site/opus-4-6-size.html").is_file()


def test_the_wrapped_methods_have_the_pinned_signatures():
    """An upgrade of mkdocs or Material that changes a wrapped method fails here first (see the next test)."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.pages import Page

    from calc import sitebuild

    methods = {sitebuild.PAGE_RENDER: Page.render, sitebuild.SEARCH_ENTRY: SearchIndex.add_entry_from_context}
    assert sitebuild.changed_signatures({name: getattr(m, "unwrapped", m) for name, m in methods.items()}) == []


def test_a_changed_signature_is_said_once_and_the_site_is_built_as_mkdocs_builds_it(copy: Path, monkeypatch, capsys,
                                                                                    caplog):
    from mkdocs.structure.pages import Page

    from calc import sitebuild
    from calc.commands import build

    original = getattr(Page.render, "unwrapped", Page.render)

    def render(self, config, files, extra=None):  # as if an upgrade had added a parameter
        return original(self, config, files)

    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    monkeypatch.setattr(Page, "render", render)
    monkeypatch.setattr(sitebuild, "_warned", False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert build._mkdocs_build(copy, "site") == 0
    assert build._mkdocs_build(copy, "site") == 0  # said once, not on every build
    said = [record.getMessage() for record in caplog.records if record.name == "calc.sitebuild"]
    assert said == [
        "calc: mkdocs.structure.pages.Page.render has the signature (self, config, files, extra=None), not "
        "(self, config: 'MkDocsConfig', files: 'Files') -> 'None': the site is built without the kept conversions "
        "(every page converted and indexed afresh, as mkdocs does) until calc/sitebuild.py is checked against the "
        "new version and PINNED updated"]
    shown = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().err).split())  # mkdocs may wrap it
    assert shown.count("WARNING - " + said[0]) == 1
    assert Page.render is render  # not wrapped
    assert not (copy / ".calc-cache/site.json").exists()  # nothing kept
    assert_same_site(copy)
