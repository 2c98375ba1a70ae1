"""Key-based paging for list pages and exports: no OFFSET, no COUNT, as fast on page 1,000 as on 1.

A page is the `page_size` rows after (or before) the key of the row the user last saw. The key is
the values of the ordering columns, ending in the primary key so that rows with equal sort values
keep a fixed order. It travels in an opaque `?cursor=` (base64 of JSON); a cursor that does not
decode (edited by hand, from an older ordering) simply shows the first page.

NULLs in an ordering column sort last in both directions (`nulls_last`), on every database, and
the key comparison knows it, so nullable columns may be used.

    page = page_by_key(request, members, ordering=("name", "pk"))
    return render(request, "linmas/member_list.html", {"page": page})
    {% for member in page.rows %}...{% endfor %} {% include "core/includes/pager.html" %}
"""

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, QueryDict

CURSOR_PARAM = "cursor"
MAX_CURSOR_LENGTH = 2000
_KEY_PREFIX = "keyset_"
_FORWARD = "n"
_BACKWARD = "p"


@dataclass(frozen=True)
class KeyPage:
    """One page of rows and the links to its neighbours (None where there is none)."""

    rows: list[Any]
    next_url: str | None
    previous_url: str | None
    page_size: int

    @property
    def has_next(self) -> bool:
        return self.next_url is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_url is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class _Column:
    name: str
    descending: bool
    field: "models.Field[Any, Any] | None"
    alias: str
    nullable: bool = True


def _path(model: type[models.Model], path: str) -> list[Any] | None:
    """The fields along `a__b__c`, or None when a part is not a field (an annotation)."""
    current: Any = model
    fields: list[Any] = []
    for part in path.split("__"):
        if current is None:
            return None
        try:
            found = current._meta.pk if part == "pk" else current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        fields.append(found)
        current = found.related_model if found.is_relation else None
    return fields


def _resolve_field(model: type[models.Model], path: str) -> "models.Field[Any, Any] | None":
    """The model field at the end of `a__b__c` (or None for an annotation)."""
    fields = _path(model, path)
    if not fields:
        return None
    found = fields[-1]
    if found.is_relation and found.target_field is not None:
        return found.target_field
    return found


def _nullable(model: type[models.Model], path: str) -> bool:
    """Whether `a__b__c` can be NULL in a row: the field allows it, a relation on the way may be
    missing (a nullable or reverse relation), or the name is an annotation we cannot see into."""
    fields = _path(model, path)
    return fields is None or any(getattr(f, "null", True) for f in fields)


def _columns(model: type[models.Model], ordering: Sequence[str]) -> list[_Column]:
    names = list(ordering)
    if not names or names[-1].lstrip("-") not in ("pk", model._meta.pk.name):
        # Equal sort values need a tie-breaker or rows repeat and vanish between pages.
        names.append("pk")
    return [
        _Column(
            name=name.lstrip("-"),
            descending=name.startswith("-"),
            field=_resolve_field(model, name.lstrip("-")),
            alias=f"{_KEY_PREFIX}{i}",
            nullable=_nullable(model, name.lstrip("-")),
        )
        for i, name in enumerate(names)
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # full precision: keys must compare exactly
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def encode_cursor(direction: str, values: Sequence[Any]) -> str:
    raw = json.dumps([direction, [_plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(text: str, columns: list[_Column]) -> tuple[str, list[Any]] | None:
    """(direction, key values) of a cursor, or None when it is not one of ours."""
    if not text or len(text) > MAX_CURSOR_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        direction, values = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, RecursionError):
        return None
    if direction not in (_FORWARD, _BACKWARD) or not isinstance(values, list):
        return None
    if len(values) != len(columns):
        return None
    decoded: list[Any] = []
    for column, value in zip(columns, values, strict=True):
        if value is not None and not isinstance(value, str | int | float | bool):
            return None
        if value is not None and column.field is not None:
            try:
                value = column.field.to_python(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                return None
        decoded.append(value)
    if decoded[-1] is None:  # the primary key is never NULL
        return None
    return direction, decoded


def _after(column: _Column, value: Any, *, backward: bool) -> Q:
    """Rows strictly after `value` in this column, in the direction of travel (NULLs last)."""
    if not backward:
        if value is None:
            return Q(pk__in=[])  # nothing sorts after NULL
        beyond = Q(**{f"{column.name}__{'lt' if column.descending else 'gt'}": value})
        if not column.nullable:
            return beyond
        return beyond | Q(**{f"{column.name}__isnull": True})
    if value is None:
        return Q(**{f"{column.name}__isnull": False})
    return Q(**{f"{column.name}__{'gt' if column.descending else 'lt'}": value})


def _equal(column: _Column, value: Any) -> Q:
    if value is None:
        return Q(**{f"{column.name}__isnull": True})
    return Q(**{column.name: value})


def _from(column: _Column, value: Any, *, backward: bool) -> Q:
    """The first column at or past the key: a bound the database can seek an index to (the
    condition below alone is an OR it can only filter with, row by row from the start)."""
    after = column.descending != backward
    return Q(**{f"{column.name}__{'lte' if after else 'gte'}": value})


def _beyond(columns: list[_Column], values: list[Any], *, backward: bool) -> Q:
    """Rows past the key (a, b, pk): a > x OR (a = x AND b > y) OR (... AND pk > z); when the
    first column cannot be NULL, also a >= x, so an index on (a, b, pk) is entered at the key."""
    condition = Q(pk__in=[])
    prefix = Q()
    for column, value in zip(columns, values, strict=True):
        condition |= prefix & _after(column, value, backward=backward)
        prefix &= _equal(column, value)
    first, first_value = columns[0], values[0]
    if not first.nullable and first_value is not None and len(columns) > 1:
        return _from(first, first_value, backward=backward) & condition
    return condition


def _order(columns: list[_Column], *, backward: bool) -> list[OrderBy]:
    order = []
    for column in columns:
        descending = column.descending != backward
        expression = F(column.name)
        if not column.nullable:
            # No NULLs to place: the plain order, which an index serves in either direction.
            order.append(expression.desc() if descending else expression.asc())
        elif backward:  # reversed: NULLs come first
            order.append(
                expression.desc(nulls_first=True)
                if descending
                else expression.asc(nulls_first=True)
            )
        else:
            order.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
    return order


def _keyed(queryset: models.QuerySet[Any], columns: list[_Column]) -> models.QuerySet[Any]:
    return queryset.annotate(**{c.alias: F(c.name) for c in columns})


def _key_of(row: Any, columns: list[_Column]) -> list[Any]:
    return [getattr(row, c.alias) for c in columns]


def _url(request: HttpRequest, cursor: str | None) -> str:
    query: QueryDict = request.GET.copy()
    query.pop(CURSOR_PARAM, None)
    if cursor is not None:
        query[CURSOR_PARAM] = cursor
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def page_by_key(
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    *,
    ordering: Sequence[str],
    page_size: int = 50,
) -> KeyPage:
    """The page of `queryset` that `?cursor=` points to (the first page without one).

    `ordering` is a tuple of field paths (`-` for descending); the primary key is appended when
    it is not last. Runs one query: `page_size + 1` rows, no COUNT. Other query parameters (the
    filters) are kept in the links.
    """
    columns = _columns(queryset.model, ordering)
    cursor = _decode_cursor(request.GET.get(CURSOR_PARAM, ""), columns)
    keyed = _keyed(queryset, columns)
    backward = cursor is not None and cursor[0] == _BACKWARD
    if cursor is not None:
        keyed = keyed.filter(_beyond(columns, cursor[1], backward=backward))
    rows = list(keyed.order_by(*_order(columns, backward=backward))[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backward:
        rows.reverse()
    if not rows:
        # Past the end (rows deleted since the link was made): offer the way back to the start.
        back = _url(request, None) if cursor is not None else None
        return KeyPage(rows=[], next_url=None, previous_url=back, page_size=page_size)
    first, last = _key_of(rows[0], columns), _key_of(rows[-1], columns)
    if backward:
        has_previous, has_next = more, True
    else:
        has_previous, has_next = cursor is not None, more
    previous_url = _url(request, encode_cursor(_BACKWARD, first)) if has_previous else None
    next_url = _url(request, encode_cursor(_FORWARD, last)) if has_next else None
    return KeyPage(rows=rows, next_url=next_url, previous_url=previous_url, page_size=page_size)


def first_page_url(request: HttpRequest) -> str:
    """The list's own URL with its filters and without a cursor."""
    return _url(request, None)


def iterate_by_key(
    queryset: models.QuerySet[Any],
    *,
    chunk: int = 2000,
    ordering: Sequence[str] = ("pk",),
) -> Iterator[Any]:
    """Every row of `queryset`, fetched `chunk` rows at a time by key (never OFFSET).

    For exports: memory stays at one chunk, and each query is as fast as the first. The
    queryset's own ordering is replaced by `ordering` (default: the primary key).
    """
    columns = _columns(queryset.model, ordering)
    keyed = _keyed(queryset, columns).order_by(*_order(columns, backward=False))
    key: list[Any] | None = None
    while True:
        page = keyed if key is None else keyed.filter(_beyond(columns, key, backward=False))
        rows = list(page[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        key = _key_of(rows[-1], columns)
