"""A tiny headless-Chromium driver over the DevTools protocol pipe (stdlib only, no websocket library).

Chromium started with ``--remote-debugging-pipe`` reads NUL-terminated JSON commands on fd 3 and writes
responses and events on fd 4. :class:`Browser` opens a page, records every network request, console
message, exception and JavaScript dialog, and evaluates expressions in the page.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Self

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """Return the Chromium binary, from ``$KGRAPH_CHROMIUM`` or the usual Debian paths."""
    env = os.environ.get("KGRAPH_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


class Browser:
    """Headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, binary: str, *, window: str = "1400,900") -> None:
        self.profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
        cmd_r0, self._cmd_w = os.pipe()  # we write commands, chromium reads fd 3
        self._evt_r, evt_w0 = os.pipe()  # chromium writes fd 4, we read
        # Move the child's ends above 10 so the shell redirections below cannot clash with fds 3 and 4.
        cmd_r, evt_w = fcntl.fcntl(cmd_r0, fcntl.F_DUPFD, 10), fcntl.fcntl(evt_w0, fcntl.F_DUPFD, 10)
        os.close(cmd_r0)
        os.close(evt_w0)
        # bash (dash cannot name fds above 9) moves our pipe ends to fds 3 and 4, where
        # --remote-debugging-pipe expects them.
        self.proc = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", f'exec "$@" 3<&{cmd_r} 4>&{evt_w} {cmd_r}<&- {evt_w}>&-', "sh",
             binary, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={window}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(cmd_r, evt_w),
        )
        os.close(cmd_r)
        os.close(evt_w)
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session: str | None = None

    # -- protocol ------------------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._evt_r, "rb", buffering=0) as stream:
            while True:
                chunk = stream.read(1 << 16)
                if not chunk:
                    return
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    if "id" in message:
                        with self._lock:
                            box = self._responses.get(message["id"])
                        if box is not None:
                            box.put(message)
                    else:
                        self.events.append(message)
                        if message.get("method") == "Page.javascriptDialogOpening":
                            self.send_async("Page.handleJavaScriptDialog", {"accept": False},
                                            session=message.get("sessionId"))

    def send_async(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> int:
        with self._lock:
            self._next_id += 1
            mid = self._next_id
            self._responses[mid] = queue.Queue()
        message: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        return mid

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = "page",
             timeout: float = 60) -> dict[str, Any]:
        sid = self.session if session == "page" else session
        mid = self.send_async(method, params, session=sid)
        try:
            reply = self._responses[mid].get(timeout=timeout)
        except queue.Empty as err:
            raise TimeoutError(f"no reply to {method} within {timeout}s") from err
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # -- page ------------------------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Open ``url`` in a fresh page with network, console and dialog events recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=None)["sessionId"]
        for domain in ("Network.enable", "Runtime.enable", "Page.enable", "Log.enable"):
            self.send(domain)
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 120, poll: float = 0.1) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(poll)
        raise TimeoutError(f"{expression!r} still falsy after {timeout}s")

    def requests(self) -> list[str]:
        """URLs of every request the page made (including the page itself)."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def dialogs(self) -> list[str]:
        opened = "Page.javascriptDialogOpening"
        return [e["params"].get("message", "") for e in self.events if e.get("method") == opened]

    def exceptions(self) -> list[str]:
        return [json.dumps(e["params"])[:500] for e in self.events if e.get("method") == "Runtime.exceptionThrown"]

    def console(self) -> list[str]:
        return [
            " ".join(str(a.get("value", a.get("description", ""))) for a in e["params"].get("args", []))
            for e in self.events
            if e.get("method") == "Runtime.consoleAPICalled"
        ]

    def close(self) -> None:
        try:
            self.send_async("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - best effort, then kill our own process
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            os.close(self._cmd_w)
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
