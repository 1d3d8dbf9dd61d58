import sys

from .consts import FACTOR  # sibling-relative import
from ..sub import consts  # parent-relative import

if "import-error" in sys.argv:
    FACTOR / 0


def twice(x):
    return FACTOR * x if consts.FACTOR == FACTOR else None
