"""`calc build` on two cores: mkdocs builds the site in a forked process while calc renders and draws.

A build after an edit has parts that need not wait for each other. calc computes the figures, renders the
pages and draws the charts whose figures changed; mkdocs loads its configuration and theme, lists the site's
files, converts the pages to HTML and writes the site. So ``calc build`` forks before it computes anything
(SiteBuild): the second process starts the mkdocs build at once and waits where mkdocs first needs the pages
(its ``on_files`` event). Once the figures are computed, a third process is forked to draw the charts that
changed (calc.drawing) while the first renders the pages. The pages are sent to mkdocs as soon as they are
rendered; the first then takes the drawings and writes docs/ and figures/ (pages and charts together, all or
nothing, as ``render`` does), and mkdocs, last, copies the charts just written into the site. The site is built in a
folder beside site/ and put in its place when it is complete (calc.sitebuild), so a render that fails, or a
build that mkdocs fails, leaves the site that was there.

Nothing changes in what is built: mkdocs gets the pages' Markdown from memory instead of reading it back from
docs/, and the charts that changed are copied from figures/ after the pages are built instead of before (tests/
test_sitebuild.py compares the site with a plain ``mkdocs build`` of the same docs/). What the second process
logs is printed by the first when the site is built, after calc's own report, as a build in one process
prints it. Where a process cannot be forked (no ``os.fork`` on Windows), the build runs in one process.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from calc.outputs import FIGURES_DIR
from calc.processes import fork, receive, receive_within, send


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
        forked = fork(2)
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
        """The generated pages, the generated files that are no longer produced and the charts about to be drawn
        (which mkdocs must know of, though they may not be in figures/ yet), each by its src_uri
        (calc.outputs.site_path)."""
        self._tell({"pages": pages, "removed": removed, "charts": charts})

    def send_charts(self, written: list[str] | None) -> None:
        """The charts now in figures/ that the site must get (by src_uri: charts/<name>.svg); None: docs/ and
        figures/ were not written, so the site is not built."""
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
            _, outcome = receive_within(self._inbox, None)
        finally:
            self._inbox.close()
        _, status = os.waitpid(self.pid, 0)
        if isinstance(outcome, Outcome):
            return outcome
        return Outcome(1, f"the process building the site stopped (exit status {os.waitstatus_to_exitcode(status)})\n")

    def _tell(self, message: dict[str, Any]) -> None:
        try:
            send(self._outbox, message)
        except (BrokenPipeError, OSError):
            pass  # it stopped already (a broken mkdocs.yml, say): finish() reports what it said


# --- the second process ----------------------------------------------------------------------------------------

def _build_site(root: Path, site_dir: Path, inbox: BinaryIO, outbox: BinaryIO) -> int:
    """Load mkdocs, wait for the pages, build the site from them; send back the outcome. The exit status."""
    from calc import sitebuild  # lazy: start-up time, mkdocs loads in the forked process only
    log = io.StringIO()
    handler = sitebuild.mkdocs_log_handler(log)
    status = 1
    try:
        from mkdocs import exceptions  # lazy: start-up time, mkdocs loads in the forked process only
        try:
            config = sitebuild.prepare(root, site_dir)
            config.plugins["calc-build"] = _from_memory_class()(inbox, str(root / FIGURES_DIR))
            sitebuild.run_build(config, root, site_dir)  # waits for the pages once it has listed the files
            status = 0
        except _Stopped:
            status = 0  # the pages did not render: no site is built, the one there stays
        except exceptions.MkDocsException as exc:
            if str(exc):
                logging.getLogger("mkdocs").error(str(exc))
        except OSError as exc:  # site/ or a file in it cannot be written
            logging.getLogger("mkdocs").error(sitebuild.write_failure(exc))
    except Exception:  # noqa: BLE001 - a bug here must reach the user, not vanish with this process
        log.write(traceback.format_exc())
    finally:
        sitebuild.remove_log_handler(handler)
    try:
        send(outbox, Outcome(status, log.getvalue()))
    except OSError:
        pass
    return status


def _walk_order(src_uri: str) -> list[tuple[int, Any]]:
    """Where mkdocs' walk of docs/ meets a file: a folder's files (index first) before its subfolders, by name."""
    from mkdocs.structure.files import _file_sort_key  # lazy: start-up time, mkdocs loads in the forked process only
    *folders, name = src_uri.split("/")
    return [(1, folder) for folder in folders] + [(0, _file_sort_key(name))]


def _with_added(files: Any, added: list[Any], docs_dir: str) -> Any:
    """``files`` with ``added`` (files not yet on disk) where mkdocs would list them (the order of the pages in
    the search index follows it): a page where the walk of docs/ meets it, a chart (a theme file) last."""
    from mkdocs.structure.files import Files  # lazy: start-up time, mkdocs loads in the forked process only
    listed = list(files)
    for file in added:
        if file.src_dir != docs_dir:
            listed.append(file)
            continue
        place = next((i for i, other in enumerate(listed) if other.src_dir != docs_dir
                      or _walk_order(other.src_uri) > _walk_order(file.src_uri)), len(listed))
        listed.insert(place, file)
    return Files(listed)


class _Stopped(Exception):
    """The first process said to stop (or stopped) before sending the pages."""


def _from_memory_class() -> type:
    from mkdocs.plugins import BasePlugin  # lazy: start-up time, mkdocs loads in the forked process only
    from mkdocs.structure.files import File  # lazy: start-up time, mkdocs loads in the forked process only

    class FromMemory(BasePlugin):  # type: ignore[type-arg]
        """Gives mkdocs the pages as rendered (not read back from docs/) and, after the site is built, the charts."""

        def __init__(self, inbox: BinaryIO, figures_dir: str):
            super().__init__()
            self.inbox = inbox
            self.figures_dir = figures_dir  # the theme's custom_dir: mkdocs copies the charts from there
            self.removed: list[str] = []

        def on_files(self, files: Any, *, config: Any) -> Any:
            """Everything mkdocs does before it reads the pages is done: wait for them here."""
            import markdown  # lazy: start-up time, mkdocs loads in the forked process only
            markdown.Markdown(extensions=config["markdown_extensions"],  # imports the extensions meanwhile
                              extension_configs=config["mdx_configs"] or {})
            message = receive(self.inbox)
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
                    file = File(src_uri, self.figures_dir, config.site_dir, config.use_directory_urls)
                    file.content_bytes = b""
                    added.append(file)
            return _with_added(files, added, config.docs_dir) if added else files

        def on_post_build(self, *, config: Any) -> None:
            from mkdocs import exceptions  # lazy: start-up time, mkdocs loads in the forked process only
            message = receive(self.inbox)
            written = message.get("charts") if message else None
            if written is None:
                raise exceptions.Abort("docs/ and figures/ were not written, so the site was not built")
            for src_uri in written:  # the site is built in a folder of its own: nothing removed is in it
                chart = File(src_uri, self.figures_dir, config.site_dir, config.use_directory_urls)
                Path(chart.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(chart.abs_src_path, chart.abs_dest_path)

    return FromMemory
