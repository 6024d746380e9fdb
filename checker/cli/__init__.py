"""The command line: one module per command, all thin shells over the pipeline and the renderers."""

from checker.cli.main import main

__all__ = ["main"]
