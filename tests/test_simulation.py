"""The routing simulation (calc/derivations/simulation.py): deterministic, shares that add up, balancing that works."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from calc import engine, site
from calc.charts import routing
from calc.derivations import simulation

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project() -> engine.Project:
    return engine.load(ROOT)


def test_simulation_is_deterministic(project: engine.Project) -> None:
    first = routing.simulate(project)
    simulation._run.cache_clear()  # recompute, so the comparison is not just the cache
    second = routing.simulate(project)
    assert first == second


def test_simulation_shares(project: engine.Project) -> None:
    result = routing.simulate(project)
    experts = int(project.quantities["sim_experts"].value)
    for run in ("unbalanced", "balanced"):
        assert len(result[run]) == experts
        assert sum(result[run]) == pytest.approx(1.0)
        assert result[f"{run}_sorted"] == sorted(result[run], reverse=True)
    few = project.quantities["stress_concentration_experts"]
    for n in range(int(few.low), int(few.high) + 1):
        assert result["unbalanced_cumulative"][n - 1] > result["balanced_cumulative"][n - 1]
    # Balancing brings every expert close to an even share; the skewed router does not.
    assert max(result["balanced"]) < 1.5 / experts < max(result["unbalanced"])


def test_the_named_results_are_the_simulated_ones(project: engine.Project) -> None:
    """sim_busiest_share_* (what the prose cites) agree with the cumulative shares the chart draws."""
    result = routing.simulate(project)
    few = project.quantities["stress_concentration_experts"]
    for run in simulation.RUNS:
        named = project.quantities[f"sim_busiest_share_{run}"]
        assert named.low == pytest.approx(result[f"{run}_cumulative"][int(few.low) - 1])
        assert named.high == pytest.approx(result[f"{run}_cumulative"][int(few.high) - 1])


def test_the_simulation_code_counts_towards_the_chart_stamp(project: engine.Project) -> None:
    """Changing the simulation changes what the routing chart draws, so its code is part of the chart's stamp."""
    assert routing.CHART.computed_by == ("calc.derivations.simulation",)
    with_code, listing = site.chart_inputs(routing.CHART, project)
    without_code, same_listing = site.chart_inputs(dataclasses.replace(routing.CHART, computed_by=()), project)
    assert listing == same_listing and with_code != without_code


def test_derivations_do_not_import_the_charts() -> None:
    source = Path(simulation.__file__).read_text(encoding="utf-8")
    assert "calc.charts" not in source
