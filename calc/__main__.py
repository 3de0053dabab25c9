"""``python -m calc``: run the verb, then leave without tearing the interpreter down.

Everything a verb writes is written and closed by the time it returns. Python's own teardown (freeing the
modules of numpy, pint, matplotlib and mkdocs one object at a time) would add about a tenth of a second to
every command; the exit handlers still run, and the output streams are flushed. Under a profiler or a
debugger (``python -m cProfile -m calc …``), which reports after the module returns, it exits as usual.
"""

import atexit
import os
import sys

from calc.cli import main

status = main()
if sys.getprofile() is not None or sys.gettrace() is not None:  # a profiler or debugger reports once we return
    raise SystemExit(status)
atexit._run_exitfuncs()
for stream in (sys.stdout, sys.stderr):
    try:
        stream.flush()
    except (OSError, ValueError):  # `python -m calc explain x | head`: the reader left, or the stream is closed
        pass
os._exit(status)
