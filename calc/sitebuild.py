"""What mkdocs works out afresh on every build of the same site, kept: the builds of `calc build` and of the
live preview are quicker, and the site they give is the same byte for byte.

mkdocs makes a new theme environment, converts every page's Markdown to HTML and indexes every page for
search on every build. An edit changes a few pages; the rest would be converted and indexed again to the same
result. Kept here:

- the theme's compiled templates (a Jinja bytecode cache, .calc-cache/theme/) and the listing of its files;
- each page's conversion (its HTML, table of contents, title, anchors and links to anchors), keyed by the
  page's Markdown and address, the site's file list and the Markdown settings of mkdocs.yml;
- each page's search entries, keyed by what Material's search plugin reads of the page.

Only a conversion that logged no warning is kept, so a warning (which fails a strict build) is given again on
every build. The two library methods wrapped (mkdocs' Page.render, Material's SearchIndex.add_entry_from_context)
are checked at install against the signatures they had when the wrappers were written (``PINNED``): after an
upgrade that changed either, one warning says so and every page is converted and indexed as mkdocs does. ``calc build`` keeps them on disk (.calc-cache/site.json) between runs, the live preview in
memory while it serves. A plain ``mkdocs build``, and any builder that runs no calc code, is not touched.
"""

from __future__ import annotations

import copy
import ctypes
import hashlib
import inspect
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any, Callable

import mkdocs.utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

try:
    from material.plugins.search.plugin import SearchIndex
except ImportError:  # another theme: its search is left as it is
    SearchIndex = None

from calc import cache
from calc.bytecode import CheckedBytecodeCache

DOCUMENT = "site.json"
# The library methods wrapped, with their signatures when the wrappers were written (mkdocs 1.6.1, Material 9.8.1).
PAGE_RENDER = "mkdocs.structure.pages.Page.render"
SEARCH_ENTRY = "material.plugins.search.plugin.SearchIndex.add_entry_from_context"
PINNED = {PAGE_RENDER: "(self, config: 'MkDocsConfig', files: 'Files') -> 'None'", SEARCH_ENTRY: "(self, page)"}
LOG = logging.getLogger("calc.sitebuild")  # not under "mkdocs": a strict build does not fail on what it says
_warned = False  # the changed signatures are said once per process
_LISTINGS: dict[tuple[str, ...], list[str]] = {}  # theme folders → the files in them, for the life of the process


class Store:
    """Conversions and search entries by key, and the keys used since the store was opened (what is saved)."""

    def __init__(self, pages: dict[str, Any] | None = None, search: dict[str, Any] | None = None):
        self.pages: dict[str, Any] = pages or {}
        self.search: dict[str, Any] = search or {}
        self.used_pages: set[str] = set()
        self.used_search: set[str] = set()
        self.added = False  # a conversion or an index was added since the store was opened
        self.converted = 0  # pages converted afresh since the store was opened (the others were kept)

    @property
    def changed(self) -> bool:
        """Whether saving would keep anything else than the file on disk holds."""
        return self.added or set(self.pages) != self.used_pages or set(self.search) != self.used_search

    def kept(self) -> dict[str, Any]:
        """What a later build can use: the entries of the pages this build had, nothing older."""
        return {"pages": {k: v for k, v in self.pages.items() if k in self.used_pages},
                "search": {k: v for k, v in self.search.items() if k in self.used_search}}


_store: Store | None = None  # the store the patched mkdocs methods use; None: they behave as mkdocs' own


def open_store(root: Path | None) -> Store:
    """Use the store kept on disk for ``root`` (or, with None, a store in memory that lasts while the process
    does, for the live preview); the patched methods are installed on first use."""
    global _store
    if not _install():
        _store = None  # the methods are mkdocs' own: there is nothing to keep
        return Store()
    if root is None:
        if _store is None:
            _store = Store()
        elif _store.used_pages:  # what the last build used, nothing older: the server's memory stays bounded
            _store = Store(**_store.kept())
        _store.used_pages, _store.used_search, _store.added, _store.converted = set(), set(), False, 0
        return _store
    payload = cache.read_document(root, DOCUMENT) or {}
    if payload.get("code") != cache.code_key():
        payload = {}
    try:
        _store = Store(dict(payload.get("pages", {})), dict(payload.get("search", {})))
    except (TypeError, ValueError):
        _store = Store()
    return _store


def save_store(root: Path) -> None:
    """Keep what this build converted and indexed for the next `calc build` (a cache: failure only costs time)."""
    if _store is not None and _store.changed:
        cache.write_document(root, DOCUMENT, {"code": cache.code_key(), **_store.kept()})


def close_store() -> None:
    global _store
    _store = None


def building_dir(site_dir: Path) -> Path:
    """Where the site is built: beside its folder, which it replaces once it is built (so a build that fails
    leaves the site that was there)."""
    return site_dir.with_name(f".{site_dir.name}.building")


def prepare(root: Path, site_dir: Path) -> Any:
    """mkdocs' configuration for a strict build of ``root`` for ``site_dir``, with what earlier builds kept.

    mkdocs checks ``site_dir`` as given (it may not hold docs/, nor lie in it); the site is then built beside it
    when it can take the built folder's place as a whole (see _replaceable), else in it, as mkdocs does.
    """
    site_dir = Path(os.path.abspath(site_dir))
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    if _replaceable(site_dir, root):
        building = building_dir(site_dir)
        recover_site(site_dir)  # what a build cut short left
        _SHOWN_AS[str(building)] = str(site_dir)
        config.site_dir = str(building)
    keep_theme_compiled(config, root)
    open_store(root)
    return config


def _replaceable(site_dir: Path, root: Path) -> bool:
    """Whether a folder built beside ``site_dir`` can replace it whole and leave what mkdocs would leave: not a
    link or a mount point (mkdocs writes into those), holding no hidden file (mkdocs' clean keeps them: a
    deployment's .git, say), and not the project or a folder holding it."""
    if site_dir.is_symlink() or os.path.ismount(site_dir) or Path(os.path.abspath(root)).is_relative_to(site_dir):
        return False
    if not site_dir.exists():
        return True
    return site_dir.is_dir() and not any(name.startswith(".") for name in os.listdir(site_dir))


def run_build(config: Any, root: Path, site_dir: Path) -> None:
    """Build the site as ``mkdocs build`` does (raising mkdocs' exceptions), then put it in ``site_dir``'s place;
    keep what it converted if it succeeds."""
    site_dir = Path(os.path.abspath(site_dir))
    built = Path(config.site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
        if _store is not None:
            pages = len(_store.used_pages)
            logging.getLogger("mkdocs.calc").info(f"{_store.converted} of {pages} pages converted afresh; "
                                                  f"{pages - _store.converted} kept from earlier builds")
        save_store(root)  # only a build that succeeded keeps what it converted
        if built != site_dir:
            _put_in_place(built, site_dir)
    finally:
        close_store()
        config.plugins.on_shutdown()
        if built != site_dir:
            shutil.rmtree(built, ignore_errors=True)


def write_failure(exc: OSError) -> str:
    """What to say when the site cannot be written: the file, why, and what to do."""
    where = _SHOWN_AS.get(str(exc.filename), exc.filename) if exc.filename else "the site's folder"
    return (f"cannot write {where}: {exc.strerror or exc}. Make the site's folder writable (or remove it), or name "
            "another with --site-dir; the site was not built")


def _put_in_place(building: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by the folder just built, in one step where the system can exchange two folders
    (``site_dir`` is never missing, not even for a moment); else in two renames, which the next build
    completes if it is cut short between them (see recover_site). Where renaming fails, copy into it as mkdocs
    writes."""
    old = old_dir(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    try:
        if site_dir.exists():
            if _exchange(building, site_dir):
                return  # ``building`` now holds the old site, which run_build removes
            os.replace(site_dir, old)
        os.replace(building, site_dir)
    except OSError:
        if old.exists() and not site_dir.exists():
            os.replace(old, site_dir)
        mkdocs.utils.clean_directory(str(site_dir))
        shutil.copytree(building, site_dir, dirs_exist_ok=True)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux's renameat2 with RENAME_EXCHANGE); False where it cannot be done."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0


def old_dir(site_dir: Path) -> Path:
    """Where the last site is moved while the new one takes its place (when the folders cannot be exchanged)."""
    return site_dir.with_name(f".{site_dir.name}.old")


def recover_site(site_dir: Path) -> None:
    """What a build cut short left beside the site: the last site put back if it was moved aside and the new
    one never took its place; the part-built folder and the moved-aside one removed."""
    old = old_dir(site_dir)
    if old.is_dir() and not site_dir.exists():
        os.replace(old, site_dir)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(building_dir(site_dir), ignore_errors=True)


_SHOWN_AS: dict[str, str] = {}  # the folder a site is built in → the folder it is built for (for messages)


class _ShownPaths(logging.Filter):
    """mkdocs names the folder it builds in; the reader wants the folder the site will be in."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for building, site_dir in _SHOWN_AS.items():
            if building in message:
                record.msg, record.args = message.replace(building, site_dir), ()
        return True


def mkdocs_log_handler(stream: Any) -> logging.Handler:
    """Show mkdocs' messages (INFO and up) on ``stream`` as the mkdocs command does."""
    from mkdocs.__main__ import ColorFormatter  # lazy: start-up time, mkdocs' command line (click) only for a build
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(ColorFormatter())
    handler.addFilter(_ShownPaths())
    logger.addHandler(handler)
    LOG.addHandler(handler)
    return handler


def remove_log_handler(handler: logging.Handler) -> None:
    logging.getLogger("mkdocs").removeHandler(handler)
    LOG.removeHandler(handler)


def keep_theme_compiled(config: Any, root: Path) -> None:
    """The theme's templates compiled once (kept in .calc-cache/theme/) and its files listed once per process."""
    theme = config.theme
    new_environment = theme.get_env

    def get_env() -> Any:
        environment = new_environment()
        environment.bytecode_cache = CheckedBytecodeCache(root, "theme")
        loader = environment.loader
        folders = tuple(str(folder) for folder in theme.dirs)
        list_files = loader.list_templates

        def listing() -> list[str]:  # Jinja filters this listing itself, so every caller's filter still applies
            if folders not in _LISTINGS:
                _LISTINGS[folders] = list_files()
            return list(_LISTINGS[folders])

        loader.list_templates = listing
        return environment

    theme.get_env = get_env


# --- the conversions and search entries --------------------------------------------------------------------

def _install() -> bool:
    """Wrap Page.render and Material's SearchIndex.add_entry_from_context with this module's wrappers (again
    after calc/ was reloaded while serving: the wrappers of the old module would read its old store). If either
    method's signature is not the pinned one, leave both as the library has them, say so once, and return False."""
    global _warned
    render = getattr(Page.render, "unwrapped", Page.render)
    index_page = None if SearchIndex is None else SearchIndex.add_entry_from_context
    index_page = getattr(index_page, "unwrapped", index_page)
    changed = changed_signatures({PAGE_RENDER: render, SEARCH_ENTRY: index_page})
    if changed:
        Page.render = render
        if SearchIndex is not None:
            SearchIndex.add_entry_from_context = index_page
        if not _warned:
            _warned = True
            LOG.warning(f"calc: {'; '.join(changed)}: the site is built without the kept conversions (every page "
                        f"converted and indexed afresh, as mkdocs does) until calc/sitebuild.py is checked against "
                        f"the new version and PINNED updated")
        return False
    Page.render = _kept_conversion(render)
    if index_page is not None:  # None: another theme, whose search is left as it is
        SearchIndex.add_entry_from_context = _kept_entries(index_page)
    return True


def changed_signatures(methods: dict[str, Any]) -> list[str]:
    """What differs from ``PINNED``: "NAME has the signature NOW, not PINNED" for each method (None: absent)."""
    found = []
    for name, method in methods.items():
        if method is None:
            continue
        now = str(inspect.signature(method))
        if now != PINNED[name]:
            found.append(f"{name} has the signature {now}, not {PINNED[name]}")
    return found


def _kept_conversion(convert: Callable[..., None]) -> Callable[..., None]:
    def render(page: Any, config: Any, files: Any) -> None:
        store = _store
        if store is None:
            return convert(page, config, files)
        key = _digest(page.file.src_uri, page.file.url, page.markdown or "", _files_digest(files),
                      _markdown_settings(config))
        store.used_pages.add(key)
        kept = store.pages.get(key)
        if kept is not None and _restore(page, files, kept):
            return None
        store.converted += 1
        with _Warnings() as warnings:
            convert(page, config, files)
        if not warnings.seen:  # a warning fails a strict build: it must be given again next time
            store.pages[key] = _conversion(page)
            store.added = True
        return None

    render.unwrapped = convert  # type: ignore[attr-defined]
    return render


def _conversion(page: Any) -> dict[str, Any]:
    links = getattr(page, "links_to_anchors", None)
    return {"content": page.content, "toc": [_toc_item(item) for item in page.toc],
            "title": page._title_from_render, "anchors": sorted(a for a in page.present_anchor_ids or () if a),  # an address such as <https://x/docs/id/y>
            # reads to mkdocs' HTML scan as a tag with a valueless 'id' attribute: an anchor of None, which is no anchor
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}}


def _restore(page: Any, files: Any, kept: dict[str, Any]) -> bool:
    """Set on ``page`` what its conversion set; False (convert afresh) if the kept record is not usable."""
    try:
        links = None
        if kept["links"] is not None:
            links = {}
            for uri, anchors in kept["links"].items():
                target = files.get_file_from_path(uri)
                if target is None:
                    return False
                links[target] = dict(anchors)
        items = [_anchor_link(item) for item in kept["toc"]]
        if items:
            items[0].active = True  # as mkdocs' get_toc marks it
        toc = TableOfContents(items)
        content, title, anchors = str(kept["content"]), kept["title"], set(kept["anchors"])
    except (KeyError, TypeError, ValueError, IndexError):
        return False
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
    if links is not None:
        page.links_to_anchors = links
    return True


def _toc_item(item: Any) -> list[Any]:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _anchor_link(data: list[Any]) -> Any:
    title, anchor, level, children = data
    link = AnchorLink(str(title), str(anchor), int(level))
    link.children = [_anchor_link(child) for child in children]
    return link


def _kept_entries(index_page: Callable[..., None]) -> Callable[..., None]:
    def add_entry_from_context(index: Any, page: Any) -> None:
        store = _store
        if store is None:
            return index_page(index, page)
        key = _digest(page.url, page.content or "", json.dumps([_toc_item(i) for i in page.toc]),
                      repr(page.meta), str(page.title),
                      json.dumps(index.config, sort_keys=True, default=repr))
        store.used_search.add(key)
        kept = store.search.get(key)
        if isinstance(kept, list):
            index.entries.extend(copy.deepcopy(kept))
            return None
        before = len(index.entries)
        index_page(index, page)
        store.search[key] = copy.deepcopy(index.entries[before:])
        store.added = True
        return None

    add_entry_from_context.unwrapped = index_page  # type: ignore[attr-defined]
    return add_entry_from_context


def _files_digest(files: Any) -> str:
    """A hash of every file's path and address: what a page's links resolve against (kept on the Files)."""
    cached = getattr(files, "_calc_digest", None)
    if cached is None:
        text = "\n".join(sorted(f"{f.src_uri} {f.url}" for f in files))
        cached = files._calc_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return cached


def _markdown_settings(config: Any) -> str:
    """What of mkdocs.yml a conversion depends on, beyond the page: extensions, their settings, link checks."""
    return json.dumps([repr(config["markdown_extensions"]), config["mdx_configs"], config["validation"],
                       config["use_directory_urls"]], sort_keys=True, default=repr)


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class _Warnings(logging.Handler):
    """Notes whether anything under the 'mkdocs' logger warned while it was installed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True

    def __enter__(self) -> "_Warnings":
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
