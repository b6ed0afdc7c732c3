"""`python -m generator`: the same as the `parallax` command."""

from generator.cli import main

main()
