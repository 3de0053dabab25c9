"""What one template may cost is bounded, and hostile numbers, names and project layouts give one message."""

from __future__ import annotations

import shutil
from dataclasses import replace

from calc import fmt, limits
from calc.cli import main
from tests.conftest import line_of
from tests.test_corpus import messages

TEMPLATE = "templates/opus-4-6-size.md.j2"
LOOPS = "{% for a in figures %}{% for b in figures %}{% for c in figures %}{% for d in figures %}" \
        "{% endfor %}{% endfor %}{% endfor %}{% endfor %}"


def inject(root, text):
    with (root / TEMPLATE).open("a", encoding="utf-8") as stream:
        stream.write(f"Injected: {text}\n")
    return line_of(root / TEMPLATE, "Injected:")


def test_a_loop_without_end_is_stopped_at_its_line(copy, capsys, monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.5)
    line = inject(copy, LOOPS)
    assert main(["--root", str(copy), "render"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{TEMPLATE}:{line}: the template took more than 0.5 s to render (a loop too long, or "
                          "without end). Templates are for wording: loop over what the page shows, once, and compute "
                          "in calc/\n"), err
    assert messages(err) == [f"{TEMPLATE}:{line}"]


def test_a_page_without_end_is_stopped(copy, capsys, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGE_CHARACTERS", 200_000)
    line = inject(copy, "{% for a in figures %}{% for b in figures %}more words {% endfor %}{% endfor %}")
    assert main(["--root", str(copy), "render"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{TEMPLATE}:{line}: the page would be longer than 200,000 characters"), err


def test_a_figure_of_ten_to_the_twenty_eight_is_shown(project):
    count = project.quantities["experts_total_glm_4_7"]
    assert fmt.multiple(replace(count, value=1e28)) == "10,000,000,000,000,000,000,000,000,000×"


def test_a_dollar_sign_in_a_model_name_is_text_in_a_chart(copy, capsys):
    path = copy / "data/models.yaml"
    text = path.read_text(encoding="utf-8")
    assert "name: Claude Mythos Preview," in text
    path.write_text(text.replace("name: Claude Mythos Preview,", "name: Claude $x^$ Mythos Preview,", 1), encoding="utf-8")
    assert main(["--root", str(copy), "render", "--force"]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_a_command_run_in_a_subfolder_finds_the_project(copy, capsys, monkeypatch):
    monkeypatch.chdir(copy / "docs" / "figures")
    assert main(["explain", "decode_rate_opus_4_6"]) == 0
    assert "decode_rate_opus_4_6" in capsys.readouterr().out


def test_a_command_run_outside_a_project_gives_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err == (
        f"mkdocs.yml: no project here: neither {tmp_path} nor a folder above it holds mkdocs.yml and templates/. "
        "Run the command in the project's folder, or name that folder with --root\n")


def test_data_replaced_by_a_file_gives_one_message(copy, capsys):
    shutil.rmtree(copy / "data")
    (copy / "data").write_text("not a folder")
    assert main(["--root", str(copy), "render"]) == 1
    assert capsys.readouterr().err == (
        f"data/: data/ is not a folder in {copy}. Run the command in the project's folder (or name it with --root); "
        "if data/ was lost, restore it from git\n")


def test_a_template_removed_after_calc_new_gives_one_message(copy, capsys):
    assert main(["--root", str(copy), "new", "costs", "What it would cost"]) == 0
    (copy / "templates/costs.md.j2").unlink()
    capsys.readouterr()
    for _ in range(2):  # and the same on the next run: nothing is stuck
        assert main(["--root", str(copy), "render"]) == 1
        err = capsys.readouterr().err
        line = line_of(copy / "mkdocs.yml", "costs.md")
        assert err == (f"mkdocs.yml:{line}: the nav lists costs.md, but its template templates/costs.md.j2 is gone. "
                       "Put the template back, or take the page out of the nav (render then removes docs/costs.md)\n"
                       f"    {line} |   - \"What it would cost\": costs.md\n"
                       "render: nothing written (1 error)\n")


def date_warnings(root, when_line: str, key: str = "as_of") -> list[str]:
    from calc import site
    from tests.corpus import field
    field("data/prices.yaml", "price_input_opus_4_1", key, when_line)(root)
    produced = site.produce(root, draw=False)
    assert produced.errors == []
    return [str(p).split("\n")[0] for p in produced.problems if p.warning and p.location.path.startswith("data/")
            and "due for review" not in p.message]


def test_an_as_of_date_far_ahead_warns(copy):
    line = 12
    assert date_warnings(copy, "    as_of: 2999-01-01\n") == [
        f"data/prices.yaml:{line}: warning: 'as_of' of datum 'price_input_opus_4_1' is 1 January 2999, which cannot "
        "be meant. Check the year against the source"]


def test_an_as_of_date_in_year_one_warns(copy):
    assert date_warnings(copy, "    as_of: 0001-01-01\n") == [
        "data/prices.yaml:12: warning: 'as_of' of datum 'price_input_opus_4_1' is 1 January 1, which cannot be "
        "meant. Check the year against the source"]


def test_a_review_due_before_the_as_of_date_warns(copy):
    assert date_warnings(copy, "    review_by: 2026-01-01\n", key="review_by") == [
        "data/prices.yaml:14: warning: 'review_by' of datum 'price_input_opus_4_1' (1 January 2026) is before its "
        "'as_of' (12 March 2026). A figure is reviewed after the date it reflects: check both dates"]


def test_the_preview_stops_a_loop_names_a_bad_value_and_recovers(copy, monkeypatch):
    from calc import preview
    from tests.corpus import price
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.5)
    template = (copy / TEMPLATE).read_text(encoding="utf-8")
    line = inject(copy, LOOPS)
    rendering = preview.render(copy, {})
    assert [str(p).split(". ")[0] for p in rendering.problems] == [
        f"{TEMPLATE}:{line}: the template took more than 0.5 s to render (a loop too long, or without end)"]
    (copy / TEMPLATE).write_text(template, encoding="utf-8")
    price("    value: +\n")(copy)
    rendering = preview.render(copy, {})
    assert [str(p).split(". ")[0] for p in rendering.problems] == [
        "data/prices.yaml:8: 'value' of datum 'price_input_opus_4_1' must be a number (got '+')"]
    price_back = (copy / "data/prices.yaml").read_text(encoding="utf-8").replace("    value: +\n", "    value: 15\n", 1)
    (copy / "data/prices.yaml").write_text(price_back, encoding="utf-8")
    rendering = preview.render(copy, {})
    assert rendering.problems == [] and "opus-4-6-size.md" in rendering.contents
