"""The `newsprism` command group and what every command shares: options, errors, exit codes.

Exit codes:
  0  everything read and done
  1  done, but some inputs could not be read (each is listed with its reason)
  2  usage error, bad option, or no input could be read at all
  3  a model package is missing
  4  the corpus database cannot be used
  5  a story or article id that does not exist
"""
from __future__ import annotations

import functools
import sys

import click
from rich.console import Console

from .. import __version__
from ..errors import NewsprismError
from ..options import Options

EXIT_OK = 0
EXIT_SOME_FAILED = 1

# stdout for results, stderr for messages and progress
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # messages hold paths and commands: never broken mid-line


def handle_errors(fn):
    """Turn NewsprismError into a message on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NewsprismError as e:
            err.print(f"[bold red]error:[/] {e}", markup=True, highlight=False)
            sys.exit(e.exit_code)

    return wrapper


class ProgressBar:
    """progress(stage, done, total) callbacks -> one transient rich bar per stage, on stderr.

    Disabled (a silent callable) when stderr is not a terminal or ``enabled`` is False, so piped
    output and tests stay clean.
    """

    def __init__(self, enabled: bool = True) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err, transient=True,
                            disable=not (enabled and err.is_terminal))
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "ProgressBar":
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=max(total, 1))
        self.bar.update(self.tasks[stage], completed=done, total=max(total, done, 1))


def build_options(**settings) -> Options:
    """Options from CLI settings; None means 'not given, keep the default'."""
    return Options().with_(**{k: v for k, v in settings.items() if v is not None})


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsprism")
def main() -> None:
    """newsprism: read one news event through many outlets.

    \b
    Start with:
      newsprism read PATH...        the articles it read, and what cleaning removed
      newsprism analyze PATH...     the story report (summary, agreements, contradictions...)
    """
