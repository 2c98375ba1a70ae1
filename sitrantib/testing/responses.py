"""Test-client responses, let go of without closing the database connection."""

from typing import Any


def release(response: Any) -> None:
    """Close what a response holds open (a streamed file, a temporary workbook).

    Not `response.close()`: besides running the response's resource closers, that sends
    `request_finished`, whose handler closes a connection that is not in autocommit — which,
    inside a test's transaction on PostgreSQL, ends the connection for the rest of the test
    (SQLite's in-memory database does not notice). So the closers run here without the signal.
    """
    closers = getattr(response, "_resource_closers", None) or []
    for closer in closers:
        closer()
    closers.clear()
    stream = getattr(response, "file_to_stream", None)
    if stream is not None:
        stream.close()
