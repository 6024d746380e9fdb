"""`python -m checker` is the same as the `fzcheck` command."""

from checker.cli import main

raise SystemExit(main())
