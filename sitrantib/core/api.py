"""Shared API pieces: key-based pagination (no COUNT over whole tables)."""

from rest_framework.pagination import CursorPagination


class KeyPagination(CursorPagination):
    """Pages by the ordering key, so page 1,000 is as fast as page 1 at national scale."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"
