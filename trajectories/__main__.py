"""`python -m trajectories ...` runs the command line (see trajectories.cli)."""

import sys

from trajectories.cli import main

sys.exit(main())
