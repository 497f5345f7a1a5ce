"""The address of a Dask scheduler as a user writes it (``--executor``, ``executor:`` in the config): the one
place that decides what is one. Apart from ``executors``, which imports Dask and the build's records, so
that reading the config imports neither."""

from __future__ import annotations

from urllib.parse import urlsplit

LOCAL = "local"  # --executor local: build with local processes, whatever the config says
SCHEMES = ("dask", "tcp")
DEFAULT_PORT = 8786  # the port `dask scheduler` listens on
EXAMPLE = "dask://HOST:8786 or tcp://HOST:8786, the address `dask scheduler` prints"


def address_problem(text: str) -> str | None:
    """What is wrong with an executor's address as written, or None."""
    if text == LOCAL:
        return None
    parts = urlsplit(text)
    if parts.scheme not in SCHEMES or not parts.netloc:
        return f"'{text}' is not a Dask scheduler's address"
    try:
        port = parts.port
    except ValueError:
        return f"'{text}' has no valid port"
    if not parts.hostname or parts.path.strip("/") or parts.query or parts.fragment or port == 0:
        return f"'{text}' is not a Dask scheduler's address"
    return None


def scheduler(text: str) -> str:
    """``tcp://HOST:PORT`` for ``dask://HOST[:PORT]`` or ``tcp://HOST[:PORT]`` (the port defaults to 8786)."""
    parts = urlsplit(text)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return f"tcp://{host}:{parts.port or DEFAULT_PORT}"
