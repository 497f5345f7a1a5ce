"""``newsarchive serve``: build, serve the output on loopback, rebuild when the archive changes, and tell
open browser tabs to reload (or to show the build's errors).

Three parts, each in its thread: the HTTP server (``ThreadingHTTPServer`` over the output folder, adding a
small script to every HTML response it sends: the built files are never changed), the watchers
(watchfiles, over ``content/``, ``templates/`` and ``newsarchive.yaml``), and the builder, which rebuilds
after each batch of changes and publishes an event to the browsers through Server-Sent Events at
``/__newsarchive/events``: ``reload`` after a good build, ``build-error`` with the messages after a failed
one (the build is atomic: the last good site keeps being served).

A rebuild looks only at what the watchers saw change (``planning.Known``): the files of ``content/`` they
name are looked at again, not the whole folder, and the output is not checked against the fixity record
(nobody but the builder writes it while serving; the next ``newsarchive build`` checks it). A change
outside ``content/`` (the config, the theme, ``static/``), or one that is not an article file, makes the
rebuild scan and check everything, as the first rebuild after the server starts does (the watchers may
not have been watching during the first build).

``start()`` returns a running ``DevServer`` (its ``url``, ``stop()``): the command line and the tests
drive the same object.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsarchive.commands.build import summary
from newsarchive.commands.livereload import EVENTS_PATH, Events, LiveHandler, LiveServer  # noqa: F401 - EVENTS_PATH for tests
from newsarchive.config import CONFIG_NAME
from newsarchive.errors import BuildFailed, UsageError, content_folder


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    jobs: int = 0


class DevServer:
    """A running server, watchers and builder. ``url`` is where it serves; ``stop()`` ends everything."""

    def __init__(self, site_dir: Path, options: ServeOptions, say: Callable[[str, bool], None]):
        self.site_dir = site_dir.absolute()
        self.options = options
        self.output = (options.output or self.site_dir / "build").absolute()
        self.say = say  # say(text, is_error)
        self.events = Events()
        self._stop = threading.Event()
        self._changes: queue.Queue[set] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self.builds = 0  # finished builds, good or bad
        self._warned: set[str] = set()
        self.known = None  # what the last rebuild knew (planning.Known): the watchers run by then

    # ---- building

    def build(self, changes: set | None = None) -> bool:
        """Build; ``changes``: the (change, path) pairs the watchers saw since the last build (None: the
        first build, before the watchers run)."""
        from newsarchive.build import build
        from newsarchive.options import BuildOptions
        from newsarchive.planning import Known

        options = BuildOptions(output=self.output, drafts=self.options.drafts, future=self.options.future,
                               jobs=self.options.jobs, executor="local")
        prefix = _prefix(self.site_dir)
        if changes is not None:
            self.known = self.known or Known()
            content = self.site_dir / "content"
            for _change, path in changes:
                try:
                    self.known.changed.add(Path(path).relative_to(content).as_posix())
                except ValueError:
                    self.known.everything = True  # the config, the theme, static/
        try:
            result = build(self.site_dir, options, self.known)
        except BuildFailed as failed:
            lines = [p.format(prefix) for p in failed.problems]
            errors = sum(p.is_error for p in failed.problems)
            lines.append(f"Build failed: {errors} error(s); still serving the last good site.")
            self._finished("build-error", "\n".join(lines))
            return False
        except UsageError as exc:
            if not self.builds:
                raise  # the first build: an output folder that is not ours, say; nothing to serve
            self._finished("build-error", f"Error: {exc}")
            return False
        except Exception as exc:  # noqa: BLE001 - a bug in a rebuild must not end the session
            self._finished("build-error", f"Internal error: {exc!r}. Run 'newsarchive build --debug' for "
                                          "the traceback, and report it.")
            return False
        warnings = [p.format(prefix) for p in result.problems]
        for line in warnings:
            if line not in self._warned:  # each warning once a session, not at every rebuild
                self.say(line, True)
        self._warned.update(warnings)
        self._finished("reload", summary(result))
        return True

    def _finished(self, kind: str, text: str) -> None:
        self.builds += 1
        self.say(text, kind == "build-error")
        self.events.publish(kind, text)

    def _builder(self) -> None:
        while not self._stop.is_set():
            try:
                changes = self._changes.get(timeout=0.2)
            except queue.Empty:
                continue
            while True:  # changes that came meanwhile go into the same rebuild
                try:
                    changes |= self._changes.get_nowait()
                except queue.Empty:
                    break
            if not self._stop.is_set():
                names = sorted({_relative(path, self.site_dir) for _change, path in changes})
                shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
                self.say(f"Changed: {shown}", False)
                self.build(changes)

    # ---- watching

    def _watch(self, paths: list[Path], recursive: bool, keep: Callable[[str], bool]) -> None:
        import watchfiles

        for changes in watchfiles.watch(*paths, stop_event=self._stop, recursive=recursive, debounce=300,
                                        step=30, rust_timeout=1000, yield_on_timeout=False,
                                        raise_interrupt=False):
            kept = {(change, path) for change, path in changes if keep(path)}
            if kept:
                self._changes.put(kept)

    def _start_watchers(self) -> None:
        tree = [self.site_dir / "content"]
        tree += [self.site_dir / name for name in ("templates", "static") if (self.site_dir / name).is_dir()]
        top = {str(self.site_dir / name) for name in (CONFIG_NAME, "templates", "static")}
        self._thread(self._watch, tree, True, lambda path: True)
        self._thread(self._watch, [self.site_dir], False, lambda path: path in top)

    # ---- serving

    def start(self) -> DevServer:
        self.build()
        self.output.mkdir(parents=True, exist_ok=True)
        handler = _handler_for(self.output)
        self.httpd = LiveServer((self.options.host, self.options.port), handler)
        self.httpd.events = self.events
        host, port = self.httpd.server_address[:2]
        shown_host = f"[{host}]" if ":" in str(host) else host
        self.url = f"http://{shown_host}:{port}/"
        self._thread(self.httpd.serve_forever, 0.1)
        self._start_watchers()
        self._thread(self._builder)
        return self

    def _thread(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name=f"serve-{target.__name__}")
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.events.close()
        if hasattr(self, "httpd"):
            self.httpd.shutdown()
            self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait(self) -> None:
        """Until stop() (or Ctrl-C in the caller)."""
        while not self._stop.is_set():
            time.sleep(0.2)


def _handler_for(directory: Path):
    class Handler(LiveHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(directory), **kwargs)

    return Handler


def start(site_dir: Path, options: ServeOptions | None = None,
          say: Callable[[str, bool], None] = lambda text, is_error: None) -> DevServer:
    """Build, then serve and watch. Raises UsageError when there is no archive or the port is taken."""
    options = options or ServeOptions()
    content_folder(site_dir)
    server = DevServer(site_dir, options, say)
    try:
        return server.start()
    except OSError as exc:
        server.stop()
        raise UsageError(f"cannot serve on {options.host}:{options.port} ({exc.strerror}); choose another "
                         "port with --port, or --port 0 for any free one") from None


def _prefix(site_dir: Path) -> str:
    rel = os.path.relpath(site_dir, Path.cwd())
    return "" if rel == "." else Path(rel).as_posix() + "/"


def _relative(path: str, site_dir: Path) -> str:
    try:
        return Path(path).relative_to(site_dir).as_posix()
    except ValueError:
        return path
