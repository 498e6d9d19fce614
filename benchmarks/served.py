"""What the browser benchmarks and the browser tests share: serving a Streamlit script on
loopback, and the chromium they drive (Debian's, never a downloaded one).

- `serve(script, env, log=None)` starts `streamlit run script` on a free 127.0.0.1 port with
  `env` and returns (process, url) once its health check answers. The server's output goes to
  the file `log` (a file, never a pipe nobody reads, which a long run could fill and stall) or
  nowhere. If the process exits or does not answer within `timeout` seconds it is killed and
  RuntimeError names the script, quoting the end of `log`. The caller stops it (`stop`).
- `stop(proc)` ends a served process: terminate, then kill if it has not gone in ten seconds.
- `CHROMIUM` (CHROMIUM_PATH, else chromium on the PATH, else /usr/bin/chromium), its headless
  `ARGS`, and `CHART`, the selector of a drawn plotly chart.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def serve(script: Path, env: dict, log: Path | None = None, timeout: float = 120) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log:
            out.close()  # the child holds its own copy
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    said = log.read_text(errors="replace")[-2000:] if log and log.exists() else "(output not kept)"
    raise RuntimeError(f"{script} did not start:\n{said}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
