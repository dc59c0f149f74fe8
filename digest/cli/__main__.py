"""`python -m digest.cli`, as `python -m digest`."""

import sys

from digest.cli import main

sys.exit(main())
