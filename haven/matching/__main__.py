"""``python -m haven.matching --input instance.json --output result.json``."""

import sys

from haven.matching.cli import match

raise SystemExit(match(sys.argv[1:]))
