"""The API's JSON parser, refusing bodies nested too deep with a 400 instead of a crash.

It lives apart from `core.api` because DRF's settings import it while `rest_framework.views` is
still loading; this module imports nothing of DRF's views, so there is no import cycle.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

MESSAGE_JSON_TOO_DEEP = gettext_noop(
    "Data JSON bertingkat terlalu dalam (paling banyak %(limit)s tingkat)."
)
MAX_JSON_DEPTH = 64


class OutOfRange(exceptions.ValidationError):
    """400 for a number, date or JSON body outside what the API accepts."""

    default_code = "out_of_range"


def _depth_exceeds(data: Any, limit: int) -> bool:
    """True when lists/objects nest deeper than `limit` (iterative: no recursion to overflow)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than 64 levels with a 400."""

    max_depth = MAX_JSON_DEPTH

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise OutOfRange(_(MESSAGE_JSON_TOO_DEEP) % {"limit": self.max_depth}) from exc
        if _depth_exceeds(data, self.max_depth):
            raise OutOfRange(_(MESSAGE_JSON_TOO_DEEP) % {"limit": self.max_depth})
        return data
