"""mkdocs hooks: the live preview while `mkdocs serve` (`make serve`) runs; the built site needs no hook.

During `mkdocs serve` every build renders the pages and charts from data/ and templates/ in memory and serves
them (calc.preview): an edit to a YAML value, a template or calc/ shows on the page after one build, and
docs/ is not written. A chart the edit changes is drawn meanwhile by a process forked when the server starts
(calc.drawing.DrawingWorker). An edit that does not render leaves the last good pages on the site with a
banner saying what is wrong. Changes are noticed at once (inotify), not at mkdocs' half-second poll, and stopping
the server with SIGTERM (as with Ctrl-C) removes its temporary site folder.

`mkdocs build` and builders that run no hooks (Zensical) produce the same site: the charts are in
docs/charts/, where every MkDocs-compatible builder picks them up.
"""

from __future__ import annotations

import importlib
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BUILD_DELAY = 0.05  # seconds without another edit before a build starts (mkdocs' own: 0.1)
_serving = False
_code_stamp: float | None = None
_served: dict[str, bytes] = {}  # the last good rendering, by path within docs/
_drawings: dict[str, bytes] = {}  # charts drawn while serving, by inputs hash
_banner = ""  # what the last edit got wrong, shown on every page until it renders
_worker = None  # calc.drawing.DrawingWorker: draws changed charts while a build renders the pages


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _worker
    _serving = command == "serve"
    if _serving:
        signal.signal(signal.SIGTERM, _stop)
        # Forked now, before the server starts its threads: it draws the charts an edit changes.
        _worker = importlib.import_module("calc.drawing").DrawingWorker.start(ROOT)


def on_shutdown() -> None:
    if _worker is not None:
        _worker.stop()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # mkdocs serve then shuts down and removes its temporary site folder


def on_serve(server, config, builder):
    """Watch with inotify (mkdocs' polling observer notices a saved file up to half a second late), and only
    edits: a file read (the render reads every data file) or Python's bytecode appearing in calc/ starts no
    build."""
    from watchdog.events import EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_OPENED, FileSystemEventHandler
    from watchdog.observers import Observer

    class EditsOnly(FileSystemEventHandler):
        def __init__(self, handler: FileSystemEventHandler):
            self.handler = handler

        def dispatch(self, event) -> None:
            if event.event_type in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE):
                return
            paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
            if not any("__pycache__" in path or path.endswith((".pyc", ".tmp")) for path in paths):
                self.handler.dispatch(event)

    class EditsObserver(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, handler, path, **options):
            return super().schedule(EditsOnly(handler), path, **options)

    watched = [config.docs_dir] + ([config.config_file_path] if config.config_file_path else [])
    for path in watched:
        server.unwatch(path)
    server.observer = EditsObserver()
    for path in watched:
        server.watch(path)
    # mkdocs waits for 0.1 s without events before building; inotify reports a save at once, and an editor's
    # save (write, or write and rename) is over within milliseconds: a shorter wait still builds once per save.
    server.build_delay = BUILD_DELAY
    return server


def on_config(config):
    if _serving:  # Material's templates compiled and listed once, not on every build (the site is the same)
        sitebuild = importlib.import_module("calc.sitebuild")
        sitebuild.keep_theme_compiled(config, ROOT)
        sitebuild.open_store(None)  # conversions and search entries kept in memory while serving
    return config


def on_pre_build(config) -> None:
    global _banner
    if not _serving:
        return  # `python -m calc build` has rendered already
    _fresh_calc_if_code_changed()
    preview = importlib.import_module("calc.preview")
    locking, errors = importlib.import_module("calc.locking"), importlib.import_module("calc.errors")
    try:
        with locking.project_lock(ROOT, "preview"):  # its caches are written while a render or build waits
            rendering = preview.render(ROOT, Path(config.docs_dir), _drawings, _worker)
    except errors.CalcError as exc:
        rendering = preview.Rendering(problems=exc.problems)
    except Exception as exc:  # noqa: BLE001 - a bug in calc/ mid-edit must not stop the preview
        rendering = preview.Rendering(problems=[preview.crash(exc)])
    if rendering.problems:
        _banner = preview.banner(rendering.problems)
        print("\n".join(str(p) for p in rendering.problems), file=sys.stderr)
    else:
        _banner = ""
        _served.clear()
        _served.update(rendering.contents)


def on_files(files, config):
    if _serving:
        importlib.import_module("calc.preview").serve_from_memory(files, config, _served)
    return files


def on_post_page(output: str, page, config) -> str:
    if _serving and _banner:
        return importlib.import_module("calc.preview").with_banner(output, _banner)
    return output


def _fresh_calc_if_code_changed() -> None:
    """Forget the imported calc modules when their code changed, so the next render uses the new code."""
    global _code_stamp
    _code_stamp = importlib.import_module("calc.reloading").forget_calc_if_changed(_code_stamp)
