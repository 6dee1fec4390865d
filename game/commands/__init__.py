"""The commands `dualfreeze` runs, one module each, below the argument parser in `game.cli`."""

#: 0 success, 1 failure (bad content, a failed expectation, a damaged file), 2 a usage error.
EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
