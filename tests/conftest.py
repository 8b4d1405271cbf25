"""Shared test settings: a quick hypothesis profile by default, a thorough one in CI.

Choose with ``HYPOTHESIS_PROFILE=dev|ci``; without it, CI (where ``CI`` is set)
runs ``ci`` and everyone else ``dev``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Five times the examples of dev: with format version 2's strategies, 300 took CI's
# thorough run to 27 minutes of its 30; 200 keeps it near 20.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# For finding a failure fast while changing code: no shrinking.
settings.register_profile(
    "quick",
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
MADRID = EXAMPLES / "glo-act-madrid-2018.yaml"


@pytest.fixture(scope="session")
def madrid_text() -> str:
    return MADRID.read_text(encoding="utf-8")
