"""Run the gloact command: python -m gloact_model."""

import sys

from gloact_model.cli import main

sys.exit(main())
