"""`python -m digest.cli`, as `python -m digest`."""

from digest.cli import console

console()
