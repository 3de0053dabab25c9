"""`calc build` on two cores: mkdocs builds the site in a second process while calc draws the charts.

A build after an edit has two halves that need not wait for each other. calc computes the figures, renders
the pages and draws the charts whose figures changed; mkdocs loads its configuration and theme, lists the
site's files, converts the pages to HTML and writes the site. So the build forks before calc computes
anything. The second process starts the mkdocs build at once and waits where mkdocs first needs the pages (its
``on_files`` event); it is sent them as soon as they are rendered (before any chart is drawn) and builds the
site from them, while the first draws the charts and writes docs/ (pages and charts together, all or
nothing, as ``render`` does). Last, the second copies the charts just written into the site. The site is
built in a folder beside site/ and put in its place when it is complete (calc.sitebuild), so a render that
fails, or a build that mkdocs fails, leaves the site that was there.

Nothing changes in what is built: mkdocs gets the pages' Markdown from memory instead of reading it back from
docs/, and the charts that changed are copied after the pages are built instead of before (tests/
test_sitebuild.py compares the site with a plain ``mkdocs build`` of the same docs/). What the second process
logs is printed by the first when the site is built, after calc's own report, as a build in one process
prints it. Where ``os.fork`` is missing (Windows), ``start`` gives None and the build runs in one process.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import select
import shutil
import signal
import struct
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

HEADER = struct.Struct("!Q")  # each message: its length, then the pickled message
TAKE_TIMEOUT = 60.0  # seconds: five charts in two themes take well under one


def _send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    """The next message, or None when the other process closed its end (it stopped, or was stopped)."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    data = stream.read(HEADER.unpack(header)[0])
    return pickle.loads(data)  # from our own forked process, through a pipe only the two of them hold


@dataclass
class Outcome:
    """How the site build went: mkdocs' exit status and what it logged."""

    status: int
    log: str


class SiteBuild:
    """The second process, as the first sees it."""

    def __init__(self, pid: int, outbox: BinaryIO, inbox: BinaryIO):
        self.pid, self._outbox, self._inbox = pid, outbox, inbox

    @classmethod
    def start(cls, root: Path, site_dir: Path) -> "SiteBuild | None":
        """Fork the process that builds the site (it loads mkdocs at once, then waits for the pages)."""
        forked = _fork(2)
        if forked is None:
            return None
        pid, ((from_parent, to_child), (from_child, to_parent)) = forked
        if pid == 0:  # the second process: never returns into the caller's code
            status = 1
            try:
                os.close(to_child)
                os.close(from_child)
                with os.fdopen(from_parent, "rb") as inbox, os.fdopen(to_parent, "wb") as outbox:
                    status = _build_site(root, site_dir, inbox, outbox)
            finally:
                os._exit(status)
        os.close(from_parent)
        os.close(to_parent)
        return cls(pid, os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb"))

    def send_pages(self, pages: dict[str, bytes], removed: list[str], charts: list[str]) -> None:
        """The generated pages (by path within docs/), the generated files that are no longer produced and the
        charts about to be drawn (which mkdocs must know of, though they may not be in docs/ yet)."""
        self._tell({"pages": pages, "removed": removed, "charts": charts})

    def send_charts(self, written: list[str] | None) -> None:
        """The charts now in docs/ that the site must get (paths within docs/); None: docs/ was not written, so
        the site is not built."""
        self._tell({"charts": written})

    def cancel(self) -> None:
        """Stop before any site is built (the pages did not render)."""
        self._tell({"stop": True})
        self.finish()

    def finish(self) -> Outcome:
        """Wait for the site to be built; what mkdocs logged is the caller's to print."""
        try:
            self._outbox.close()
        except OSError:
            pass
        try:
            outcome = _receive(self._inbox)
        except (OSError, EOFError, pickle.UnpicklingError):
            outcome = None
        finally:
            self._inbox.close()
        _, status = os.waitpid(self.pid, 0)
        if isinstance(outcome, Outcome):
            return outcome
        return Outcome(1, f"the process building the site stopped (exit status {os.waitstatus_to_exitcode(status)})\n")

    def _tell(self, message: dict[str, Any]) -> None:
        try:
            _send(self._outbox, message)
        except (BrokenPipeError, OSError):
            pass  # it stopped already (a broken mkdocs.yml, say): finish() reports what it said


class ChartDrawing:
    """The charts whose drawings on disk are stale, drawn in a process forked once the figures are computed,
    while this one renders the pages (which say which charts the site shows: any drawing not used is dropped,
    and a chart not drawn here is drawn by site.draw_pending)."""

    def __init__(self, pid: int, inbox: BinaryIO):
        self.pid, self._inbox = pid, inbox

    @classmethod
    def start(cls, root: Path, project: Any, known: dict[str, bytes] | None = None) -> "ChartDrawing | None":
        """Start drawing, unless there is nothing to draw; ``known``: drawings at hand ("inputs hash:theme")."""
        from calc import charts, site
        if not hasattr(os, "fork") or project.problems.errors:
            return None
        try:
            stale = [p for p in site.stale_drawings(root, project, charts.ALL)
                     if f"{p.inputs_hash}:{p.theme}" not in (known or {})]
        except Exception:  # noqa: BLE001 - a chart that cannot say its inputs is reported by the render
            return None
        if not stale:
            return None
        forked = _fork(1)
        if forked is None:
            return None
        pid, ((from_child, to_parent),) = forked
        if pid == 0:
            status = 1
            try:
                os.close(from_child)
                with os.fdopen(to_parent, "wb") as outbox:
                    _send(outbox, _draw(project, stale))
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
        ready, _, _ = select.select([self._inbox], [], [], timeout)
        if not ready:
            self.cancel()
            return {}
        try:
            drawn = _receive(self._inbox)
        except (OSError, EOFError, pickle.UnpicklingError):
            drawn = None
        finally:
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
    from calc import site
    return {pending.path: (pending.inputs_hash, site.drawing(pending.chart, project, pending.theme,
                                                               pending.inputs_hash, pending.listing))
            for pending in stale}


def _fork(pipes: int) -> tuple[int, list[tuple[int, int]]] | None:
    """``pipes`` pipes (read end, write end) and a fork; None where either cannot be had (then the caller does
    the work itself)."""
    if not hasattr(os, "fork"):
        return None
    made: list[tuple[int, int]] = []
    try:
        for _ in range(pipes):
            made.append(os.pipe())
        sys.stdout.flush()
        sys.stderr.flush()
        return os.fork(), made
    except OSError:
        for read_end, write_end in made:
            os.close(read_end)
            os.close(write_end)
        return None


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
        forked = _fork(2)
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
            _send(self._outbox, sorted(known))
            self._asked = True
        except OSError:
            self._asked = False

    def take(self, timeout: float = TAKE_TIMEOUT) -> dict[str, tuple[str, bytes]]:
        """What it drew for the last request (path → inputs hash, stamped SVG); {} if it failed or took too long."""
        if not self._asked:
            return {}
        self._asked = False
        ready, _, _ = select.select([self._inbox], [], [], timeout)
        if not ready:
            self.stop()
            return {}
        try:
            drawn = _receive(self._inbox)
        except (OSError, EOFError, pickle.UnpicklingError):
            drawn = None
        if drawn is None:  # it stopped: the server draws from now on
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
    code_stamp = _forget_calc_if_changed(None)
    try:
        from calc.charts import style  # noqa: F401 - matplotlib, imported while the server starts
    except Exception:  # noqa: BLE001 - reported when a chart is drawn
        pass
    while True:
        request = _receive(inbox)
        if request is None:
            return  # the server stopped
        code_stamp = _forget_calc_if_changed(code_stamp)
        drawn: dict[str, tuple[str, bytes]] = {}
        try:
            from calc import charts, engine, site
            project = engine.load(root)
            if not project.problems.errors:
                known = set(request)
                stale = [p for p in site.stale_drawings(root, project, charts.ALL)
                         if f"{p.inputs_hash}:{p.theme}" not in known]
                drawn = _draw(project, stale)
        except Exception:  # noqa: BLE001 - half-edited code, say: the server draws, and reports what fails
            drawn = {}
        _send(outbox, drawn)


def _forget_calc_if_changed(stamp: float | None) -> float:
    """Forget the imported calc modules when calc/'s code changed since ``stamp`` (its newest file time)."""
    package = Path(__file__).resolve().parent
    newest = max((path.stat().st_mtime for path in package.rglob("*.py")), default=0.0)
    if stamp is not None and newest != stamp:
        for name in [n for n in sys.modules if n == "calc" or n.startswith("calc.")]:
            del sys.modules[name]
    return newest


# --- the second process ----------------------------------------------------------------------------------------

def _build_site(root: Path, site_dir: Path, inbox: BinaryIO, outbox: BinaryIO) -> int:
    """Load mkdocs, wait for the pages, build the site from them; send back the outcome. The exit status."""
    from calc import sitebuild
    log = io.StringIO()
    handler = sitebuild.mkdocs_log_handler(log)
    status = 1
    try:
        from mkdocs import exceptions
        try:
            config = sitebuild.prepare(root, site_dir)
            config.plugins["calc-build"] = _from_memory_class()(inbox)
            sitebuild.run_build(config, root, site_dir)  # waits for the pages once it has listed the files
            status = 0
        except _Stopped:
            status = 0  # the pages did not render: no site is built, the one there stays
        except exceptions.MkDocsException as exc:
            if str(exc):
                logging.getLogger("mkdocs").error(str(exc))
    except Exception:  # noqa: BLE001 - a bug here must reach the user, not vanish with this process
        log.write(traceback.format_exc())
    finally:
        sitebuild.remove_log_handler(handler)
    try:
        _send(outbox, Outcome(status, log.getvalue()))
    except OSError:
        pass
    return status


def _walk_order(src_uri: str) -> list[tuple[int, Any]]:
    """Where mkdocs' walk of docs/ meets a file: a folder's files (index first) before its subfolders, by name."""
    from mkdocs.structure.files import _file_sort_key
    *folders, name = src_uri.split("/")
    return [(1, folder) for folder in folders] + [(0, _file_sort_key(name))]


def _with_added(files: Any, added: list[Any], docs_dir: str) -> Any:
    """``files`` with ``added`` (files of docs/ not yet on disk) where mkdocs would list them (the order of the
    pages in the search index follows it)."""
    from mkdocs.structure.files import Files
    listed = list(files)
    for file in added:
        place = next((i for i, other in enumerate(listed) if other.src_dir != docs_dir
                      or _walk_order(other.src_uri) > _walk_order(file.src_uri)), len(listed))
        listed.insert(place, file)
    return Files(listed)


class _Stopped(Exception):
    """The first process said to stop (or stopped) before sending the pages."""


def _from_memory_class() -> type:
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class FromMemory(BasePlugin):  # type: ignore[type-arg]
        """Gives mkdocs the pages as rendered (not read back from docs/) and, after the site is built, the charts."""

        def __init__(self, inbox: BinaryIO):
            super().__init__()
            self.inbox = inbox
            self.removed: list[str] = []

        def on_files(self, files: Any, *, config: Any) -> Any:
            """Everything mkdocs does before it reads the pages is done: wait for them here."""
            import markdown
            markdown.Markdown(extensions=config["markdown_extensions"],  # imports the extensions meanwhile
                              extension_configs=config["mdx_configs"] or {})
            message = _receive(self.inbox)
            if not message or "stop" in message:
                raise _Stopped
            pages, self.removed = message["pages"], message["removed"]
            for src_uri in self.removed:
                file = files.get_file_from_path(src_uri)
                if file is not None:
                    files.remove(file)
            added = []
            for src_uri, content in pages.items():
                file = files.get_file_from_path(src_uri)
                if file is None:  # a new page: listed where mkdocs would have found it on disk
                    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                    added.append(file)
                file.content_string = content.decode("utf-8")
            for src_uri in message["charts"]:
                if files.get_file_from_path(src_uri) is None:  # a chart not drawn yet: copied in on_post_build
                    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                    file.content_bytes = b""
                    added.append(file)
            return _with_added(files, added, config.docs_dir) if added else files

        def on_post_build(self, *, config: Any) -> None:
            from mkdocs import exceptions
            message = _receive(self.inbox)
            written = message.get("charts") if message else None
            if written is None:
                raise exceptions.Abort("docs/ was not written, so the site was not built")
            for src_uri in written:  # the site is built in a folder of its own: nothing removed is in it
                chart = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                Path(chart.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(chart.abs_src_path, chart.abs_dest_path)

    return FromMemory
