"""`python -m bot` is the `coordinator` command."""

import sys

from bot.cli import main

sys.exit(main())
