"""Jinja's compiled templates kept between runs, for our templates and for the site theme's alike.

Jinja compiles every template afresh on every run unless it is given a bytecode cache. The render's templates
(calc.templating, calc.lint) and mkdocs' theme (calc.sitebuild) share this one, kept in .calc-cache/ (calc.cache):
it needs Jinja and the cache only, so the mkdocs process loads it without the engine.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import jinja2

from calc import cache


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between runs (Jinja otherwise compiles every template afresh on every run).

    They live in .calc-cache/<name>/<code key>/ (``name``: "jinja" for ours, "theme" for the site theme's), so a change to calc/ (which may change how templates compile)
    starts a fresh folder. Jinja recompiles a template whose source changed; each file also carries a sha256 of
    its content, and a damaged file is compiled afresh, never loaded.
    """

    def __init__(self, root: Path, name: str = "jinja"):
        folders = cache.directory(root) / name
        self.folder = folders / cache.code_key()[:16]
        if folders.is_dir():
            for old in folders.iterdir():
                if old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = (self.folder / f"{bucket.key}.bc").read_bytes()
        except OSError:
            return
        digest, body = data[:32], data[32:]
        if hashlib.sha256(body).digest() == digest:
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        try:
            cache.write_atomically(self.folder / f"{bucket.key}.bc", hashlib.sha256(body).digest() + body)
        except OSError:
            pass  # only a slower next run


def keep_compiled(environment: jinja2.Environment, name: str, source: str, tree: Any) -> None:
    """Compile a template from the tree the lint parsed and keep it in the bytecode cache, unless it is kept
    already: loading it for the render then costs no second parse (most of a cold check's time)."""
    cache_of = environment.bytecode_cache
    if cache_of is None or environment.loader is None:
        return
    try:
        loaded_source, filename, _ = environment.loader.get_source(environment, name)
    except jinja2.TemplateNotFound:
        return
    if loaded_source != source:
        return  # changed since the lint read it: the render compiles what it finds
    bucket = cache_of.get_bucket(environment, name, filename, source)
    if bucket.code is None:
        try:
            bucket.code = environment.compile(tree, name, filename)
        except jinja2.TemplateError:
            return  # an unknown filter, say: the render reports it, at its line
        cache_of.set_bucket(bucket)
