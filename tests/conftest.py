"""Test-wide settings: a private content cache, so tests never read or write the player's."""

from __future__ import annotations

import os
import tempfile

os.environ["DUALFREEZE_CACHE"] = tempfile.mkdtemp(prefix="dualfreeze-test-cache-")
