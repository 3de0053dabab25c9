"""How long the everyday commands take, measured (speed is measured here, not asserted in tests).

    .venv/bin/python benchmarks/speed.py [--runs N] [--code DIR] [--skip-preview | --only-preview]

Works on a scratch copy of the project. Runs each command in a fresh interpreter N times and prints the
median wall-clock time and the median CPU time (user + system of the command's processes: what the command
costs, whatever else the machine is doing), then the ratios that the goals are stated in:

- check, unchanged: run again with nothing changed (answered from .calc-cache/);
- check, a datum changed: the editor's loop (a YAML value edited, check run; it finds docs/ stale);
- check, cold: no cache at all (a fresh clone, or calc/ changed);
- build against a plain ``mkdocs build -q`` of the same docs/, unchanged and with a datum changed;
- live preview: with `mkdocs serve` running, seconds from saving a YAML value to the served page showing it,
  and the CPU seconds the server spends on that edit.

``--code DIR`` runs another checkout (e.g. the commit before an optimisation: `git archive COMMIT | tar -x -C
DIR`) the same way, its data and templates with its code, so before and after are measured in one session on
one machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from environment import command_environment

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("data", "templates", "docs", "figures", "mkdocs.yml", "hooks.py")
CACHE = ".calc-cache"
RATE = "    value: {}\n    unit: token/s\n    model: sonnet_4_5\n"
FIRST_RATE = 41


class Project:
    """A scratch copy whose decode rate for Sonnet 4.5 can be edited, as an editor would."""

    def __init__(self, folder: Path, code: Path):
        self.root = folder
        self.code = code
        for name in COPIED:  # the project as that checkout has it (its code may not read newer data)
            source = code / name
            if source.is_dir():
                shutil.copytree(source, folder / name)
            elif source.exists():
                shutil.copy2(source, folder / name)
        (folder / "calc").symlink_to(code / "calc")  # `-m calc` finds it here; mkdocs.yml watches it
        self.rate = FIRST_RATE

    def edit_datum(self) -> None:
        data = self.root / "data/throughput.yaml"
        text = data.read_text(encoding="utf-8")
        assert RATE.format(self.rate) in text, "the benchmark's datum is not where it expects it"
        data.write_text(text.replace(RATE.format(self.rate), RATE.format(self.rate + 1)), encoding="utf-8")
        self.rate += 1

    def clear_cache(self) -> None:
        shutil.rmtree(self.root / CACHE, ignore_errors=True)

    def run(self, *command: str) -> tuple[float, float]:
        """Wall-clock and CPU seconds of one run (any exit status: a stale check exits 1 by design)."""
        env = command_environment(self.code)
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, *command], cwd=self.root, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def timed(project: Project, runs: int, command: list[str], before=None) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(project.run(*command))
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


# --- live preview -------------------------------------------------------------------------------------------

def shown_rate(url: str) -> str | None:
    try:
        html = urllib.request.urlopen(url, timeout=5).read().decode()
    except OSError:
        return None
    match = re.search(r'#decode_rate_sonnet_4_5"[^>]*>([^<]*)<', html)
    return match.group(1) if match else None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def preview(project: Project, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from saving a YAML edit to the served page showing it, and the server's CPU seconds for it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/opus-4-6-size.html"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=command_environment(project.code))
    try:
        while shown_rate(url) is None:
            time.sleep(0.2)
        latencies, costs = [], []
        for _ in range(runs):
            time.sleep(4)  # let the previous rebuild (and any second one it causes) settle
            spent = cpu_seconds(server.pid)
            project.edit_datum()
            start = time.perf_counter()
            while shown_rate(url) != f"{project.rate} tokens/s":
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
            time.sleep(4)  # a second build, if the edit causes one, is part of its cost
            costs.append(cpu_seconds(server.pid) - spent)
        return latencies, costs
    finally:
        server.terminate()
        server.wait()


def report_preview(project: Project, runs: int) -> None:
    latencies, costs = preview(project, runs)
    print(f"live preview (YAML saved → new figure on the served page): median {statistics.median(latencies):.2f} s "
          f"wall-clock (worst {max(latencies):.2f}), server CPU per edit {statistics.median(costs):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose calc/ to run (default: this one)")
    parser.add_argument("--skip-preview", action="store_true")
    parser.add_argument("--only-preview", action="store_true", help="time the live preview alone")
    args = parser.parse_args()
    code = args.code.resolve()
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="calc-speed-") as scratch:
        project = Project(Path(scratch), code)
        site = str(project.root / "site-bench")
        project.run("-m", "calc", "render", "--force")
        project.run("-m", "calc", "check")  # fills the cache, as any earlier run would have
        if args.only_preview:
            report_preview(project, args.runs)
            return
        results["check, unchanged"] = timed(project, args.runs, ["-m", "calc", "check"])
        results["check, a datum changed"] = timed(project, args.runs, ["-m", "calc", "check"], project.edit_datum)
        results["check, cold"] = timed(project, args.runs, ["-m", "calc", "check"], project.clear_cache)
        results["explain"] = timed(project, args.runs, ["-m", "calc", "explain", "total_params_fp8_deepseek_like_opus_4_6"])
        results["impact --set"] = timed(project, args.runs, ["-m", "calc", "impact", "--set", "price_output_mythos=120"])
        results["build, a datum changed"] = timed(project, args.runs, ["-m", "calc", "build", "--site-dir", site],
                                                  project.edit_datum)
        results["build, unchanged"] = timed(project, args.runs, ["-m", "calc", "build", "--site-dir", site])
        results["mkdocs build"] = timed(project, args.runs, ["-m", "mkdocs", "build", "-q", "--site-dir", site])
        results["python -c pass"] = timed(project, args.runs, ["-c", "pass"])
        print(f"code: {code}; median of {args.runs} runs")
        print("| command | wall-clock s | CPU s |")
        print("| --- | ---: | ---: |")
        for label, (wall, cpu) in results.items():
            print(f"| {label} | {wall:.2f} | {cpu:.2f} |")
        plain = results["mkdocs build"]
        for label in ("build, unchanged", "build, a datum changed"):
            wall, cpu = results[label]
            print(f"{label} ÷ mkdocs build: {wall / plain[0]:.2f} wall-clock, {cpu / plain[1]:.2f} CPU")
        if not args.skip_preview:
            report_preview(project, args.runs)


if __name__ == "__main__":
    main()
