"""Load `fzcheck serve` with concurrent clients on loopback and print latency, throughput and memory.

Starts its own server (`fzcheck serve --host 127.0.0.1 --port 0`) unless `--url` names a running one,
which must be on a loopback address. The load is bounded: `--clients` threads send `--requests` checks
in all (each `POST /api/check` with one report as a multipart file, keep-alive connections) and stop at
`--deadline` seconds whatever is left. Prints p50, p95, p99 and max latency, checks per second, errors,
and the server's memory (RSS of the server process and of its worker processes) before and after.

    python benchmarks/web.py                         # 8 clients, 2,000 checks of a ~10 KB seed
    python benchmarks/web.py --runs 3                # repeat and print each run and the medians
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "fixtures" / "seeds" / "001_fc7b85533537df1c.txt"


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    usage_start: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    usage_end: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
    head += "Content-Type: text/plain\r\n\r\n"
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _tree(pid: int) -> list[int]:
    """`pid`'s descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    descendants, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        descendants += children
        frontier = children
    return descendants


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_usage(pid: int) -> tuple[float, float, float, float]:
    """RSS (MB) and CPU seconds of the server process, and the same summed over its worker processes."""
    workers = _tree(pid)
    return (
        _rss_mb(pid),
        sum(_rss_mb(p) for p in workers),
        _cpu_seconds(pid),
        sum(_cpu_seconds(p) for p in workers),
    )


def start_server(workers: int | None) -> tuple[subprocess.Popen[bytes], str]:
    fzcheck = Path(sys.executable).with_name("fzcheck")
    command = [str(fzcheck) if fzcheck.exists() else shutil.which("fzcheck") or "fzcheck"]
    command += ["serve", "--host", "127.0.0.1", "--port", "0", "--no-config"]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert server.stderr is not None
    url = None
    for raw in server.stderr:
        line = raw.decode("utf-8", "replace")
        found = re.search(r"http://[^/\s]+/", line)
        if found:
            url = found.group(0)
        if "Application startup complete" in line:
            break
    if url is None:
        server.kill()
        raise SystemExit("server did not start")
    # Keep draining its log so that it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()  # type: ignore[union-attr]
    return server, url


def load(url: str, clients: int, requests: int, deadline: float, body: bytes, content_type: str) -> Figures:
    parts = urlsplit(url)
    figures = Figures()
    lock = threading.Lock()
    left = [requests]
    stop_at = time.monotonic() + deadline

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        headers = {"Content-Type": content_type}
        while time.monotonic() < stop_at:
            with lock:
                if left[0] == 0:
                    break
                left[0] -= 1
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/check", body, headers)
                response = connection.getresponse()
                answer = response.read()
                ok = response.status == 200 and answer.startswith(b"{") and b'"reports"' in answer
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    figures.latencies.append(elapsed)
                else:
                    figures.errors += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.seconds = time.perf_counter() - started
    return figures


def in_process_ms(data: bytes, name: str, count: int = 50) -> float:
    """CPU ms per check of the same report in this process (check and its JSON, as a worker does it):
    what the machine gives the checker right now, to read the server's figures against."""
    from dataclasses import replace

    from checker.batch import Job, check_one, make_checker

    job = replace(Job(), json_batch=False)
    checker = make_checker(job)
    for _ in range(5):
        check_one(checker, job, name, None, data)
    started = time.process_time()
    for _ in range(count):
        check_one(checker, job, name, None, data)
    return (time.process_time() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="checks in all, per run")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds a run may last at most")
    parser.add_argument("--workers", type=int, help="server worker processes (default: its own default)")
    parser.add_argument("--url", help="a running server on a loopback address instead of starting one")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise SystemExit("only loopback addresses are load-tested")
    data = args.report.read_bytes()
    body, content_type = multipart(args.report.name, data)
    server, url = (None, args.url) if args.url else start_server(args.workers)
    try:
        # Warm-up: every worker has checked a report before the clock starts.
        load(url, args.clients, args.clients * 4, 60, body, content_type)
        runs = []
        for run in range(1, args.runs + 1):
            nothing = (float("nan"),) * 4
            before = server_usage(server.pid) if server else nothing
            figures = load(url, args.clients, args.requests, args.deadline, body, content_type)
            figures.usage_start, figures.usage_end = before, server_usage(server.pid) if server else nothing
            runs.append(figures)
            start, end, count = figures.usage_start, figures.usage_end, max(1, len(figures.latencies))
            print(
                f"run {run}: {len(figures.latencies)} checks of {len(data)} bytes, {args.clients} clients, "
                f"{figures.seconds:.1f} s: p50 {figures.percentile(0.5):.1f} ms, p95 {figures.percentile(0.95):.1f} ms, "
                f"p99 {figures.percentile(0.99):.1f} ms, max {max(figures.latencies, default=0) * 1000:.0f} ms, "
                f"{figures.rate:.0f} checks/s, errors {figures.errors}; RSS server {start[0]:.0f} -> {end[0]:.0f} MB, "
                f"workers {start[1]:.0f} -> {end[1]:.0f} MB; CPU per check: server "
                f"{(end[2] - start[2]) / count * 1000:.1f} ms, workers {(end[3] - start[3]) / count * 1000:.1f} ms",
                flush=True,
            )
        if len(runs) > 1:
            print(
                f"median of {len(runs)} runs: p50 {statistics.median(r.percentile(0.5) for r in runs):.1f} ms, "
                f"p95 {statistics.median(r.percentile(0.95) for r in runs):.1f} ms, "
                f"{statistics.median(r.rate for r in runs):.0f} checks/s, errors {sum(r.errors for r in runs)}"
            )
        baseline = in_process_ms(data, args.report.name)
        print(
            f"same report in one process (check + JSON, CPU): {baseline:.1f} ms, i.e. at most "
            f"{(os.cpu_count() or 1) * 1000 / baseline:.0f} checks/s on {os.cpu_count()} CPUs with nothing else running"
        )
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        if server:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
