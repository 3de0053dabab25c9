"""Charts drawn beside the render: for `calc build`, in a process forked once the figures are computed; for the
live preview, by a worker forked when the server starts (the server has threads once it runs, and forking a
process with threads can leave the child waiting on a lock one of them held).

Either way a drawing is used only if it was drawn from the inputs (their hash) the render computed itself;
anything not drawn here is drawn by site.draw_pending.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any, BinaryIO

from calc.processes import TAKE_TIMEOUT, fork, receive, receive_within, send


class ChartDrawing:
    """For `calc build`: the charts whose drawings on disk are stale, drawn in a process forked once the figures
    are computed, while this one renders the pages (which say which charts the site shows: any drawing not used
    is dropped, and a chart not drawn here is drawn by site.draw_pending). calc build has no threads of its own
    (numpy's OpenBLAS pool prepares itself for a fork), so forking here is safe."""

    def __init__(self, pid: int, inbox: BinaryIO):
        self.pid, self._inbox = pid, inbox

    @classmethod
    def start(cls, root: Path, project: Any) -> "ChartDrawing | None":
        """Start drawing, unless there is nothing to draw (or no second process can be had)."""
        from calc import charts, site  # lazy: the drawing worker imports calc afresh after calc.reloading forgot changed code
        if project.problems.errors:
            return None
        try:
            stale = site.stale_drawings(root, project, charts.ALL)
        except Exception:  # noqa: BLE001 - a chart that cannot say its inputs is reported by the render
            return None
        if not stale:
            return None
        forked = fork(1)
        if forked is None:
            return None
        pid, ((from_child, to_parent),) = forked
        if pid == 0:
            status = 1
            try:
                os.close(from_child)
                with os.fdopen(to_parent, "wb") as outbox:
                    send(outbox, _draw(project, stale))
                status = 0
            except BaseException:  # noqa: BLE001 - the first process draws what this one could not
                pass
            finally:
                os._exit(status)
        os.close(to_parent)
        return cls(pid, os.fdopen(from_child, "rb"))

    def take(self, timeout: float = TAKE_TIMEOUT) -> dict[str, tuple[str, bytes]]:
        """The drawings (path → inputs hash, stamped SVG): all of them, or none if the process failed or took
        longer than ``timeout`` seconds (then it is stopped, and the caller draws)."""
        came, drawn = receive_within(self._inbox, timeout)
        if not came:
            self.cancel()
            return {}
        self._inbox.close()
        os.waitpid(self.pid, 0)
        return drawn if isinstance(drawn, dict) else {}

    def cancel(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._inbox.close()
        os.waitpid(self.pid, 0)


def _draw(project: Any, stale: list[Any]) -> dict[str, tuple[str, bytes]]:
    from calc import site  # lazy: the drawing worker imports calc afresh after calc.reloading forgot changed code
    return {pending.path: (pending.inputs_hash, site.drawing(pending.chart, project, pending.theme,
                                                               pending.inputs_hash, pending.listing))
            for pending in stale}


class DrawingWorker:
    """For the live preview: a process that draws the charts an edit changed while the server renders the pages.

    The server's build runs beside other threads (the HTTP server, the file watcher), and forking a process
    with threads can leave the child waiting on a lock one of them held. So this process is forked once, when
    the server starts and before any thread does. For each build it is asked to draw: it reads data/ itself,
    computes the figures and draws every chart whose drawing on disk is stale and not among those the server
    has; the server takes a drawing only if it was drawn from the inputs (hash) it computed itself. Edits to
    calc/ are picked up (its modules are imported afresh when the code changed). If it fails, the server draws.
    """

    def __init__(self, pid: int, outbox: BinaryIO, inbox: BinaryIO):
        self.pid, self._outbox, self._inbox = pid, outbox, inbox
        self._asked = False

    @classmethod
    def start(cls, root: Path) -> "DrawingWorker | None":
        forked = fork(2)
        if forked is None:
            return None
        pid, ((from_parent, to_child), (from_child, to_parent)) = forked
        if pid == 0:
            try:
                os.close(to_child)
                os.close(from_child)
                with os.fdopen(from_parent, "rb") as inbox, os.fdopen(to_parent, "wb") as outbox:
                    _serve_drawings(root, inbox, outbox)
            finally:
                os._exit(0)
        os.close(from_parent)
        os.close(to_parent)
        return cls(pid, os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb"))

    def ask(self, known: dict[str, bytes]) -> None:
        """Start drawing what the data on disk now call for (``known``: drawings at hand, "inputs hash:theme")."""
        try:
            send(self._outbox, sorted(known))
            self._asked = True
        except OSError:
            self._asked = False

    def take(self, timeout: float = TAKE_TIMEOUT) -> dict[str, tuple[str, bytes]]:
        """What it drew for the last request (path → inputs hash, stamped SVG); {} if it failed or took too long."""
        if not self._asked:
            return {}
        self._asked = False
        came, drawn = receive_within(self._inbox, timeout)
        if not came or drawn is None:  # too slow, or it stopped: the server draws from now on
            self.stop()
        return drawn if isinstance(drawn, dict) else {}

    @property
    def alive(self) -> bool:
        return not self._outbox.closed

    def stop(self) -> None:
        for stream in (self._outbox, self._inbox):
            try:
                stream.close()
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve_drawings(root: Path, inbox: BinaryIO, outbox: BinaryIO) -> None:
    """The worker's loop: one request (the drawings the server has) → the drawings it does not have."""
    from calc.reloading import forget_calc_if_changed  # lazy: the drawing worker imports calc afresh after calc.reloading forgot changed code
    code_stamp = forget_calc_if_changed(None)
    try:
        from calc.charts import style  # noqa: F401  # lazy: start-up time, matplotlib loaded while the server starts
    except Exception:  # noqa: BLE001 - reported when a chart is drawn
        pass
    while True:
        request = receive(inbox)
        if request is None:
            return  # the server stopped
        code_stamp = forget_calc_if_changed(code_stamp)
        drawn: dict[str, tuple[str, bytes]] = {}
        try:
            from calc import charts, engine, site  # lazy: the drawing worker imports calc afresh after calc.reloading forgot changed code
            project = engine.load(root)
            if not project.problems.errors:
                known = set(request)
                stale = [p for p in site.stale_drawings(root, project, charts.ALL) if p.key not in known]
                drawn = _draw(project, stale)
        except Exception:  # noqa: BLE001 - half-edited code, say: the server draws, and reports what fails
            drawn = {}
        send(outbox, drawn)
