"""Chart images: a plotly figure drawn as PNG by a headless browser, with that browser's lifecycle.

Contract: `figure_png` draws through ONE browser per process (kaleido's server), started on first
use and stopped at exit, in the print template (`charts.PRINT_TEMPLATE`) whatever the screen
theme. It never downloads a browser: with no Chromium (`chromium_path`: BROWSER_PATH, else
chromium or Chrome on PATH) it raises `ChartImageError`, whose one-line message names the fix; a
browser that stops, or does not answer within `RENDER_TIMEOUT`, raises it too. Renders are
serialised by a lock, so threads may call it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import time


class ChartImageError(RuntimeError):
    """A chart could not be drawn as an image. The message names the fix."""


_KALEIDO_LOCK = threading.Lock()
_server_started = False
RENDER_TIMEOUT = 120.0  # seconds; kaleido times out one render after 90


def chromium_path() -> str | None:
    """The browser kaleido will use: BROWSER_PATH when set, else chromium or Chrome on PATH."""
    wanted = os.environ.get("BROWSER_PATH", "").strip()
    if wanted:
        return wanted if os.access(wanted, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _no_browser_message() -> str:
    wanted = os.environ.get("BROWSER_PATH", "").strip()
    where = f"BROWSER_PATH={wanted!r} is not an executable" if wanted else "no Chromium or Chrome was found"
    return (
        f"cannot draw the chart image: {where}; install Debian's browser with `apt-get install chromium` "
        "(or set BROWSER_PATH to a Chromium/Chrome executable)"
    )


def _stop_server() -> None:
    global _server_started
    if _server_started:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _server_started = False


def _server_alive(kaleido) -> bool:
    # kaleido offers no health check; its server runs in one thread, which ends if the browser fails.
    thread = getattr(getattr(kaleido, "_global_server", None), "_thread", None)
    return thread is None or thread.is_alive()


def figure_png(fig, width: int = 1000, height: int = 620, scale: float = 2.0) -> bytes:
    """A plotly figure as PNG bytes, drawn by the process's one kaleido browser (started lazily)."""
    global _server_started
    browser = chromium_path()
    if browser is None:
        raise ChartImageError(_no_browser_message())
    import kaleido
    import plotly.io as pio

    from trajectories import charts

    spec = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    spec["layout"] = {**spec.get("layout", {}), "template": pio.templates[charts.PRINT_TEMPLATE].to_plotly_json()}
    opts = {"format": "png", "width": int(width), "height": int(height), "scale": scale}
    with _KALEIDO_LOCK:
        if not _server_started:
            kaleido.start_sync_server(silence_warnings=True, path=browser, mathjax=False)
            if not getattr(figure_png, "_atexit", False):
                atexit.register(_stop_server)
                figure_png._atexit = True
            _server_started = True
        result: dict = {}
        done = threading.Event()

        def work():
            try:
                result["png"] = kaleido.calc_fig_sync(spec, opts=opts)
            except BaseException as exc:  # handed to the caller below
                result["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, name="chart-image", daemon=True).start()
        deadline = time.monotonic() + RENDER_TIMEOUT
        while not done.wait(0.2):
            if not _server_alive(kaleido):
                _stop_server()
                raise ChartImageError(
                    f"cannot draw the chart image: the browser at {browser} did not start or stopped; "
                    "check that it runs headless, or reinstall it with `apt-get install chromium`"
                )
            if time.monotonic() > deadline:
                raise ChartImageError(
                    f"cannot draw the chart image: no answer from the browser at {browser} after {RENDER_TIMEOUT:.0f} s"
                )
        if "error" in result:
            error = result["error"]
            if error.__class__.__name__ == "ChromeNotFoundError":
                _stop_server()
                raise ChartImageError(_no_browser_message()) from error
            raise ChartImageError(
                f"cannot draw the chart image: {error.__class__.__name__}: {str(error)[:200]}"
            ) from error
        return result["png"]
