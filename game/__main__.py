"""`python -m game` runs the dualfreeze command."""

from game.cli import main

raise SystemExit(main())
