"""The corrections log: worked out from git history, in a scratch repository whose data change and are committed."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from calc import corrections, githistory
from calc.cli import main
from tests.conftest import ROOT, edit

AUTHOR = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
          "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
REASON = "Correct the reported Mythos output price"
BODY = "The analysis was revised on 4 May; its *new* figure is lower."


def git(repo: Path, *args: str, date: str = "2026-05-01T12:00:00+00:00") -> str:
    env = {**os.environ, **AUTHOR, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def calc(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m calc --root REPO ARGS``, in this process (an interpreter per call would double the time)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--root", str(repo), *args])
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def render(repo: Path) -> None:
    result = calc(repo, "render")
    assert result.returncode == 0, result.stderr


@pytest.fixture
def repo(copy: Path) -> Path:
    """The project in a fresh repository: one commit of everything, the log rendered from that history."""
    shutil.copy2(ROOT / ".gitignore", copy / ".gitignore")
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-qm", "The project as it stands")
    render(copy)  # the copied log came from the real history; this one's has no correction yet
    git(copy, "commit", "-qam", "Log from this history")
    return copy


def correct_mythos_price(repo: Path) -> None:
    edit(repo / "data/prices.yaml", "    value: 125\n", "    value: 100\n")
    render(repo)  # the editor's routine: render, then commit data/ and docs/ together
    git(repo, "commit", "-qam", f"{REASON}\n\n{BODY}", date="2026-05-04T09:30:00+00:00")


# A figure's tier as the log shows it: the tier's mark, spelled out the first time on the page (calc.markup).
T3_FULL = '[T3: tier 3, researcher inference](tiers.md#tier-3 "Tier 3 · Researcher inference"){ .tier .tier--3 }'
T3 = ('[T3](tiers.md#tier-3 "Tier 3 · Researcher inference"){ .tier .tier--3 aria-label="T3, tier 3: researcher '
      'inference" }')


def test_a_committed_data_change_shows_in_the_log(repo):
    page = (repo / "docs/corrections.md").read_text()
    assert "No commit to the data has changed a published figure yet." in page
    correct_mythos_price(repo)
    assert calc(repo, "check").returncode == 0  # the page committed with the change cannot name it yet
    render(repo)
    page = (repo / "docs/corrections.md").read_text()
    # By hand: the announced output price goes from $125 to $100 a million tokens, so its multiple of Opus 4.6's
    # $25 goes from 125 / 25 = 5 to 100 / 25 = 4; both are tier 3 (the announcement is read in a summary).
    assert f"## 2026-05-04 {{ #correction-1 }}\n\n**The reason given:** {REASON}\n\n" in page
    assert "> The analysis was revised on 4 May; its \\*new\\* figure is lower." in page
    assert ("- [Claude Mythos Preview's price for output tokens to Project Glasswing participants, as Anthropic "
            f"announced it](figures/prices.md#price_output_mythos): $125/Mtok {T3_FULL} → **$100/Mtok {T3}** "
            "([its history](#history-price_output_mythos))\n") in page
    assert (f"(figures/prices.md#price_ratio_output_mythos_vs_opus_4_6): 5× {T3} → **4× {T3}** ([its history]"
            "(#history-price_ratio_output_mythos_vs_opus_4_6))\n") in page
    assert page.count(" ([its history](#history-") == 2  # nothing else changed
    assert ("- On [opus-5-claim.md](opus-5-claim.md), before: - The Mythos Preview price Anthropic announced to its "
            "Project Glasswing participants is 5× the Opus 4.6 price for input and 5× for output, as a summary of the "
            "announcement quotes it.\n  <br>after: - The Mythos Preview price Anthropic announced to its Project "
            "Glasswing participants is 5× the Opus 4.6 price for input and 4× for output, as a summary of the "
            "announcement quotes it.") in page
    assert "before: Claude Mythos Preview: input $25/Mtok, output $125/Mtok (tier 3," in page  # the price chart's alt text
    assert page.count("  <br>after: ") == 5  # the five sentences of the review that show either figure
    assert f"- [2026-05-04](#correction-1): $125/Mtok {T3} → $100/Mtok {T3}\n" in page
    figures = (repo / "docs/figures/prices.md").read_text()
    assert "- Corrections: [its history](../corrections.md#history-price_output_mythos)" in figures
    assert figures.count("- Corrections: ") == 2
    assert calc(repo, "check").returncode == 0
    git(repo, "commit", "-qam", "Log the correction")
    assert calc(repo, "check").returncode == 0


def test_a_commit_message_holding_the_old_separators_is_logged(repo):
    edit(repo / "data/prices.yaml", "    value: 125\n", "    value: 100\n")
    render(repo)
    git(repo, "commit", "-qam", "Correct\x1fthe\x1eprice\n\nA body\x1e with <b>bold</b> [a](javascript:go())")
    render(repo)
    page = (repo / "docs/corrections.md").read_text()
    assert "## 2026-05-01 { #correction-1 }\n\n**The reason given:** Correct the price\n\n" in page
    assert "> A body with &lt;b>bold&lt;/b> \\[a\\](javascript:go())\n" in page


def test_a_log_two_data_commits_behind_is_stale(repo):
    correct_mythos_price(repo)
    render(repo)
    git(repo, "commit", "-qam", "Log the correction")
    edit(repo / "data/prices.yaml", "    value: 100\n", "    value: 110\n")
    render(repo)
    git(repo, "commit", "-qam", "Correct it again")
    assert calc(repo, "check").returncode == 0
    git(repo, "checkout", "HEAD~2", "--", "docs/corrections.md")  # as it stood before either change
    result = calc(repo, "check")
    assert result.returncode == 1
    assert "docs/corrections.md: stale: out of date." in result.stderr


def test_a_shallow_clone_keeps_the_committed_log(repo, tmp_path_factory):
    correct_mythos_price(repo)
    render(repo)
    git(repo, "commit", "-qam", "Log the correction")
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    committed = (clone / "docs/corrections.md").read_bytes()
    result = calc(clone, "check")
    assert result.returncode == 0, result.stderr
    assert ("docs/corrections.md: warning: the corrections log could not be checked: This clone's git history is "
            "shallow, so the log could not be worked out from it (fetch the full history with `git fetch "
            "--unshallow`). It is kept as committed") in result.stderr
    render(clone)
    assert (clone / "docs/corrections.md").read_bytes() == committed
    assert "#history-price_output_mythos" in (clone / "docs/figures/prices.md").read_text()


def test_without_git_the_page_says_why_it_is_empty(copy):
    (copy / "docs/corrections.md").unlink()
    render(copy)
    page = (copy / "docs/corrections.md").read_text()
    assert ('!!! note "No history to read"\n    This copy of the project has no git history, so the log could not '
            "be worked out from it.") in page
    assert "## " not in page
    assert "- Corrections: " not in "".join(p.read_text() for p in (copy / "docs/figures").glob("*.md"))
    assert calc(copy, "check").returncode == 0


def test_commit_messages_are_shown_as_plain_text():
    assert corrections.escape("Fix *x* [y](z) <b>\n# not a heading {#id}") == \
        "Fix \\*x\\* \\[y\\](z) &lt;b> \\# not a heading \\{\\#id\\}"


def test_sentences_are_matched_to_the_figures_they_show():
    link = '[{}](figures.md#{} "Tier 3 · Researcher inference")'
    old = {"a.md": f"The price is {link.format('$150/Mtok', 'price')}. Nothing else. A third {link.format('2', 'n')}."}
    new = {"a.md": f"The price is {link.format('$120/Mtok', 'price')}. Nothing else. A third {link.format('3', 'n')}."}
    assert corrections.changed_sentences(old, new, {"price": ("$150/Mtok", "$120/Mtok")}) == [
        corrections.Sentence("a.md", "The price is $150/Mtok.", "The price is $120/Mtok.")]


def test_a_merge_carries_the_log_of_what_it_brings(repo):
    git(repo, "checkout", "-q", "-b", "fix")
    correct_mythos_price(repo)
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("The project.\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "A readme")
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "fix")
    render(repo)  # while the merge is being made, as when resolving a conflict
    assert f"**The reason given:** {REASON}\n" in (repo / "docs/corrections.md").read_text()
    git(repo, "commit", "-qam", "Merge the fix")
    result = calc(repo, "check")
    assert result.returncode == 0, result.stderr
    render(repo)
    assert git(repo, "status", "--porcelain") == ""  # the merge commit's log was already complete


def test_the_history_key_follows_the_data_commits_only(repo):
    before = githistory.history_key(repo)
    (repo / "README.md").write_text("The project.\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "A readme")
    assert githistory.history_key(repo) == before  # check's cache still holds
    edit(repo / "data/prices.yaml", "    value: 150\n", "    value: 120\n")
    git(repo, "commit", "-qam", REASON)
    assert githistory.history_key(repo) != before


def test_a_commit_whose_parent_does_not_load_is_compared_with_the_nearest_that_does(repo):
    prices = repo / "data/prices.yaml"
    good = prices.read_text(encoding="utf-8")
    prices.write_text(good.replace("data:\n", "data:\n  broken: [unclosed\n", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "A slip: the prices do not parse", date="2026-05-02T09:00:00+00:00")
    prices.write_text(good.replace("    value: 125\n", "    value: 100\n"), encoding="utf-8")
    git(repo, "commit", "-qam", REASON, date="2026-05-04T09:30:00+00:00")
    render(repo)
    page = (repo / "docs/corrections.md").read_text()
    # By hand: the commit before the correction does not parse, so the correction is compared with the project's
    # first commit (2026-05-01), where the announced output price was $125: $125 → $100, and 125 / 25 = 5× → 4×.
    assert (f"**The reason given:** {REASON}\n\n*The data before this commit do not load: compared with the nearest "
            "older commit whose data do (2026-05-01).*\n\n") in page
    assert f"$125/Mtok {T3_FULL} → **$100/Mtok {T3}**" in page
    assert f"5× {T3} → **4× {T3}**" in page
    assert "A slip" not in page  # its own data do not load: it changed no figure that could be published
