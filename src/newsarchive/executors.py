"""Running the build's chunks on a Dask distributed cluster (``--executor dask://HOST:PORT``), past one
machine: the reading of articles' facts and the rendering of pages, as ``parallel.run`` does with local
processes. Dask, not a scheduler of our own: its retries, spilling to disk and dashboard come with it.

- What every chunk shares of the context (``base()``: the config, the theme, the paths) is sent once per
  worker (``scatter(..., broadcast=True)``), and each chunk carries its own part (``part(chunk)``: its
  pages and what they show, never the archive behind them: ``detached_dumps``); a render context rebuilds
  its Jinja environment when a worker unpickles it (``context.RenderContext``).
- Before any chunk, every worker proves it sees the same content/ and the stage (a shared filesystem) and
  runs the same newsarchive; the messages say what to fix.
- Content errors raised in a worker (``BuildFailed``) reach the build as they do from a local process.
  A worker lost while it runs a chunk is replaced by the scheduler, which runs the chunk again elsewhere;
  after ``distributed.scheduler.allowed-failures`` losses (3 by default) the build stops, output unchanged.

Dask is imported only here, and only when an executor is used (it costs about a second at start-up).
"""

from __future__ import annotations

import contextlib
import copyreg
import io
import os
import pickle
import socket
import struct
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsarchive import __version__
from newsarchive.errors import UsageError
from newsarchive.model import NO_NEIGHBOURS, Entry, Span, Term
from newsarchive.options import EXAMPLE, LOCAL, address_problem, scheduler  # noqa: F401 - theirs

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler
GREETING_TIMEOUT = 10  # seconds for what listens there to greet a new connection, as a scheduler does at once
_GREETING_MAX = 64 * 1024  # bytes: a scheduler's greeting is about 60
WORKERS_TIMEOUT = 60  # seconds to wait for a first worker

_clients: dict[str, Any] = {}  # address -> its distributed.Client, for this build (``disconnect``)


def run(address: str, function: Callable[[Any, Any], Any], work: list, context: Any) -> Iterator[Any]:
    """``function(context, chunk)`` for every chunk of ``work`` on the cluster, results as they complete.

    A context that can be split (``base``, ``part``, ``joined``: see ``context``) is: its base goes once
    to each worker, and each chunk carries its own part, pickled here without the archive behind it
    (``detached_dumps``). Chunks are handed out a few at a time per worker, so that this process never
    holds more than those parts at once. Any other context is sent whole, once, to each worker."""
    from distributed import as_completed

    client = _connect(address)
    _check_workers(client, address, context)
    name = getattr(function, "__name__", "chunk").strip("_")
    token = uuid.uuid4().hex[:8]
    split = hasattr(context, "part")
    shared = client.scatter(Deep(context.base() if split else context), broadcast=True, hash=False)
    todo = iter(enumerate(work))
    live: set = set()
    done = as_completed(loop=client.loop, with_results=True)

    def hand_out() -> None:
        item = next(todo, None)
        if item is None:
            return
        index, chunk = item
        key = f"newsarchive-{name}-{token}-{index}"
        if split:
            part = context.part(chunk)
            shown = context.entries_shown(part) if hasattr(context, "entries_shown") else None
            future = client.submit(_call_part, function, shared, Packed(detached_dumps((part, chunk), shown)),
                                   key=key, pure=False)
        else:
            future = client.submit(_call, function, shared, chunk, key=key, pure=False)
        live.add(future)
        done.add(future)

    try:
        for _ in range(AHEAD * max(1, _threads(client))):
            hand_out()
        for future, result in done:
            live.discard(future)
            future.release()
            hand_out()
            yield result
    except Exception as exc:
        lost = _lost(exc, address)
        if lost is None:
            raise  # a content error (BuildFailed), or a bug: as from a local worker
        raise UsageError(lost) from None
    finally:
        client.cancel([*live, shared], force=True)


AHEAD = 3  # chunks handed to each of the cluster's threads ahead of its results


def _threads(client: Any) -> int:
    """How many chunks the cluster runs at once (its workers' threads)."""
    try:
        return sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    except Exception:  # noqa: BLE001 - an older scheduler's answer: assume one thread
        return 1


class Packed:
    """A chunk and its part of the context, pickled once by ``detached_dumps`` and sent as bytes."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def __reduce__(self) -> tuple:
        return Packed, (self.data,)


def detached_dumps(value: Any, shown: frozenset[int] | None = frozenset()) -> bytes:
    """``pickle.dumps(value)``, without the archive behind its pages:

    - each term (``model.Term``) it reaches is sent with its count and first and last days
      (``model.Span``) instead of its articles: a page's articles link their source, language, tags and
      authors, which link every article of theirs;
    - an article's neighbours (``Entry.nearby``) only where its own page is rendered: ``shown``, the ids
      of those entries (a list shows none of them); None keeps every entry's.

    The reductions are a dispatch table, which pickle's C code looks up by type: Python runs only for
    the terms and entries."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)

    def entry(obj: Entry) -> tuple:
        return Entry, (obj.article, obj.url, obj.source, obj.language, obj.tags, obj.authors, obj.direction,
                       obj.key, obj.date_label, obj.translations,
                       obj.nearby if shown is None or id(obj) in shown else NO_NEIGHBOURS)

    pickler.dispatch_table = {**copyreg.dispatch_table, Term: _reduce_term, Entry: entry}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_term(obj: Term) -> tuple:
    entries = obj.entries if type(obj.entries) is Span else Span.of(obj.entries)
    return _term, (obj.kind, obj.key, obj.name, obj.url, entries, obj.info, obj.direction, obj.spelling)


def _term(*fields: Any) -> Term:
    return Term(*fields)


# (Any other context is sent whole, once per worker: ``Deep``.) A whole render context's pages link
# articles to their sources and tags, and those to their articles: pickle's depth-first walk goes as deep
# as the archive is large (500 articles pass Python's default limit of 1,000 frames: "RecursionError ...
# Could not serialize object of type RenderContext"). So it is pickled by a thread of its own with a deep
# stack (address space, touched only as deep as the walk goes) and a recursion limit to match; unpickling
# needs neither (pickle's loader keeps its own stack).
DEEP_STACK = 1 << 30  # bytes
DEEP_LIMIT = 2_000_000  # frames


class Deep:
    """A value that Dask sends as bytes pickled by ``deep_dumps``, to the workers and between them (a
    broadcast copies it from worker to worker): a worker holds it as a ``Deep`` too, ``value`` unpickled and
    the bytes kept for the next copy."""

    __slots__ = ("data", "value")

    def __init__(self, value: Any, data: bytes | None = None):
        self.value = value
        self.data = data

    def __reduce__(self) -> tuple:
        if self.data is None:
            self.data = deep_dumps(self.value)
        return _undeep, (self.data,)


def _undeep(data: bytes) -> Deep:
    return Deep(pickle.loads(data), data)


def deep_dumps(value: Any) -> bytes:
    """``pickle.dumps(value)`` however deep its object graph."""
    box: dict[str, Any] = {}

    def work() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, DEEP_LIMIT))
        try:
            box["data"] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            box["error"] = exc
        finally:
            sys.setrecursionlimit(limit)

    previous = threading.stack_size(DEEP_STACK)
    try:
        thread = threading.Thread(target=work, name="newsarchive-pickle")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["data"]


def _call(function: Callable[[Any, Any], Any], context: Any, item: Any) -> Any:
    """In a worker: the chunk, with the context this worker keeps for every chunk."""
    return function(context.value if isinstance(context, Deep) else context, item)


def _call_part(function: Callable[[Any, Any], Any], context: Any, packed: Packed) -> Any:
    """In a worker: the chunk, with the context this worker keeps joined to the chunk's part of it."""
    part, item = pickle.loads(packed.data)
    return function(context.value.joined(part), item)


def _connect(address: str) -> Any:
    client = _clients.get(address)
    if client is not None and client.status == "running":
        return client
    from distributed import Client

    wrong = _greeting_problem(address)
    if wrong is not None:
        raise UsageError(f"{wrong}; check the address and port `dask scheduler` printed, or build without "
                         "--executor")
    try:
        client = Client(scheduler(address), timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {reason}; start one with "
                         "`dask scheduler`, or build without --executor") from None
    except Exception as exc:  # noqa: BLE001 - what distributed raises on a reply it cannot read
        raise UsageError(f"what answers at {address} does not speak as a Dask scheduler ({exc!r}); "
                         "check the address and port `dask scheduler` printed, or build without --executor"
                         ) from None
    _clients[address] = client
    return client


def _greeting_problem(address: str) -> str | None:
    """Why what listens at ``address`` is not a Dask scheduler, or None. A scheduler greets each new
    connection at once (a short msgpack message in Dask's frames); distributed's client waits for that
    greeting without a time limit, so a listener that never answers (a web server waiting for a request)
    would hang the build, and one that sends anything else would end in an obscure error. Nothing listening
    is None here: the client then retries for ``CONNECT_TIMEOUT`` and says so."""
    parts = urlsplit(scheduler(address))
    try:
        connection = socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_TIMEOUT)
    except OSError:
        return None
    deadline = time.monotonic() + GREETING_TIMEOUT
    with connection:
        try:
            (size,) = struct.unpack("Q", _receive(connection, 8, deadline))
            if not 0 < size <= _GREETING_MAX:
                return f"what answers at {address} is not a Dask scheduler (its first bytes are not Dask's)"
            frames = _receive(connection, size, deadline)
        except TimeoutError:
            return (f"what listens at {address} said nothing in {GREETING_TIMEOUT} s, where a Dask "
                    "scheduler answers at once: it is another service (a web server?), or a scheduler too "
                    "busy to answer")
        except OSError:
            return (f"what listens at {address} closed the connection without a word: it is not a Dask "
                    "scheduler")
    if not _is_greeting(frames):
        return f"what answers at {address} is not a Dask scheduler (its first message is not Dask's greeting)"
    return None


def _receive(connection: socket.socket, size: int, deadline: float) -> bytes:
    """Exactly ``size`` bytes; TimeoutError after the deadline, ConnectionError when the peer closes."""
    data = bytearray()
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        connection.settimeout(left)
        chunk = connection.recv(min(size - len(data), 65536))  # socket.timeout is a TimeoutError
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return bytes(data)


def _is_greeting(frames: bytes) -> bool:
    """Dask's frames (a count, each one's length, the bytes) holding a msgpack map with the sender's
    ``python`` version: the greeting. Read with msgpack alone, which runs nothing it receives."""
    import msgpack

    if len(frames) < 8:
        return False
    (count,) = struct.unpack_from("Q", frames)
    if not 0 < count <= 16 or len(frames) < 8 * (count + 1):
        return False
    lengths = struct.unpack_from(f"{count}Q", frames, 8)
    if 8 * (count + 1) + sum(lengths) != len(frames):
        return False
    start = 8 * (count + 1)
    for length in lengths:
        try:
            message = msgpack.unpackb(frames[start:start + length], raw=False)
        except Exception:  # noqa: BLE001 - any bytes may come: not msgpack is not a greeting
            message = None
        if isinstance(message, dict) and "python" in message:
            return True
        start += length
    return False


def disconnect() -> None:
    """Close this build's connections (the cluster itself keeps running)."""
    while _clients:
        _address, client = _clients.popitem()
        with contextlib.suppress(Exception):  # a scheduler already gone: nothing left to close
            client.close(timeout=5)


def _check_workers(client: Any, address: str, context: Any) -> None:
    """Every worker sees the same content/ and stage as this machine, and runs the same newsarchive."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise UsageError(f"the Dask scheduler at {address} has no workers (waited {WORKERS_TIMEOUT} s); "
                         f"start some with `dask worker {scheduler(address)}`") from None
    files, folder = context.shared()
    probe = None
    if folder is not None:  # the stage: write a file there, which every worker must read back
        probe = Path(folder) / f".newsarchive-probe-{uuid.uuid4().hex}"
        files = {**files, str(probe): None}
        probe.write_text(probe.name, encoding="utf-8")
    try:
        answers = client.run(_sees, files)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"the Dask workers at {address} cannot run newsarchive ({exc}): install newsarchive "
                         f"{__version__} on every worker, with the Python packages it needs") from None
    finally:
        if probe is not None:
            probe.unlink(missing_ok=True)
    for worker, (version, unseen) in sorted(answers.items()):
        if version != __version__:
            raise UsageError(f"the Dask worker {worker} runs newsarchive {version}, this machine "
                             f"{__version__}: install the same version on every worker")
        if unseen:
            raise UsageError(f"the Dask worker {worker} cannot see {unseen} as this machine does: "
                             "content and output must be on a filesystem every worker shares, at the "
                             "same path (build with -o on it)")


def _sees(files: dict[str, tuple[int, int] | None]) -> tuple[str, str | None]:
    """On each worker: its newsarchive's version, and the first file it does not see as the build does
    (``(size, mtime in ns)``; None: the probe file, holding its own name)."""
    for path, stats in files.items():
        try:
            if stats is None:
                if Path(path).read_text(encoding="utf-8") != Path(path).name:
                    return __version__, path
            else:
                seen = os.stat(path)
                if (seen.st_size, seen.st_mtime_ns) != tuple(stats):
                    return __version__, path
        except OSError:
            return __version__, str(Path(path).parent) if stats is None else path
    return __version__, None


def _lost(exc: Exception, address: str) -> str | None:
    """The message for a chunk the cluster could not run (workers lost, the scheduler gone), or None for
    an exception raised by the chunk's own code (a content error, a full disk, a bug)."""
    from concurrent.futures import CancelledError

    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    if isinstance(exc, KilledWorker):
        return (f"a Dask worker died running {exc.task}, and again each time the scheduler tried it on "
                f"another ({exc.allowed_failures} retries: distributed.scheduler.allowed-failures); nothing "
                "was written, the previous output is unchanged; see the workers' logs (out of memory?)")
    if isinstance(exc, (CancelledError, CommClosedError)):
        return (f"the Dask cluster at {address} lost this build's work ({exc or type(exc).__name__}): the "
                "scheduler, or every worker, went away; nothing was written, the previous output is "
                "unchanged; build again")
    return None
