"""The command line: translates arguments into library calls, prints, and sets exit codes.

Each command lives in its own module; this package only assembles them.
"""
from .app import main  # noqa: F401
from . import read_cmd, analyze_cmd, corpus_cmd, serve_cmd  # noqa: F401,E402  (register commands)
