"""The check cache: answers only while nothing it depends on changed; a corrupt or foreign cache is not trusted."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from calc import cache, cli, site
from tests.conftest import edit

SONNET_4_5_RATE = "    value: 41\n    unit: token/s\n    model: sonnet_4_5\n"
NEW_RATE = SONNET_4_5_RATE.replace("41", "39")  # same length: the file's size does not change either


def check(root: Path, capsys) -> tuple[int, str, str]:
    status = cli.main(["--root", str(root), "check"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def forbid_computing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("check computed the site although the cache should have answered")
    monkeypatch.setattr(site, "produce", refuse)


def test_an_unchanged_project_is_answered_from_the_cache(copy, capsys, monkeypatch):
    first = check(copy, capsys)
    assert first[0] == 0
    assert (copy / ".calc-cache/check.json").is_file()
    forbid_computing(monkeypatch)
    assert check(copy, capsys) == first  # same status, same report, word for word


def test_a_changed_datum_is_never_served_from_the_cache(copy, capsys):
    assert check(copy, capsys)[0] == 0
    data = copy / "data/throughput.yaml"
    stat = data.stat()
    edit(data, SONNET_4_5_RATE, NEW_RATE)
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the content differs
    status, _, errors = check(copy, capsys)
    assert status == 1
    assert "docs/opus-4-6-size.md: stale: out of date" in errors
    assert "decode_rate_sonnet_4_5: 41 tokens/s → 39 tokens/s" in errors


def test_a_stale_page_is_found_though_the_inputs_are_unchanged(copy, capsys):
    assert check(copy, capsys)[0] == 0
    page = copy / "docs/tiers.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAdded by hand.\n", encoding="utf-8")
    status, _, errors = check(copy, capsys)
    assert status == 1
    assert "docs/tiers.md: docs/tiers.md was edited by hand" in errors


@pytest.mark.parametrize("damage", ["not json at all", '{"payload": {}, "checksum": "0"}', ""])
def test_a_corrupt_cache_is_rebuilt(copy, capsys, damage):
    first = check(copy, capsys)
    (copy / ".calc-cache/check.json").write_text(damage, encoding="utf-8")
    assert check(copy, capsys) == first
    assert cache.load(copy, cache.inputs_key(copy)) is not None  # rewritten, and trusted again


def test_a_tampered_cache_is_not_trusted(copy, capsys):
    first = check(copy, capsys)
    file = copy / ".calc-cache/check.json"
    document = json.loads(file.read_text(encoding="utf-8"))
    document["payload"]["summary"]["quantities"] = 1  # the checksum no longer matches
    file.write_text(json.dumps(document), encoding="utf-8")
    assert check(copy, capsys) == first


def test_a_foreign_cache_is_not_trusted(copy, capsys, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    for name in ("data", "templates", "docs", "figures"):
        shutil.copytree(copy / name, other / name)
    shutil.copy2(copy / "mkdocs.yml", other / "mkdocs.yml")  # its navigation names pages on the Figures pages
    assert check(other, capsys)[0] == 0  # a cache for the unchanged data, in another folder
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, NEW_RATE)
    shutil.copytree(other / ".calc-cache", copy / ".calc-cache")
    status, _, errors = check(copy, capsys)
    assert status == 1
    assert "decode_rate_sonnet_4_5: 41 tokens/s → 39 tokens/s" in errors


def test_review_warnings_follow_the_date_not_the_cache(copy, capsys):
    early = cli.main(["--root", str(copy), "check", "--today", "2026-01-01"])
    assert early == 0
    assert "was due for review" not in capsys.readouterr().err
    assert cli.main(["--root", str(copy), "check", "--today", "2027-06-01"]) == 0
    assert "'decode_rate_sonnet_4_5' was due for review on 12 September 2026" in capsys.readouterr().err
