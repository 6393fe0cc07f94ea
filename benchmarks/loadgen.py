"""An open-loop HTTP/1.1 load generator for loopback servers: a fixed request rate, latency from the schedule.

    from loadgen import Target, run_load
    result = run_load("127.0.0.1", 8000, targets, rate=1000, duration=30)
    print(result.report())

Request ``i`` is due at ``start + i / rate`` whatever happened to the others (open loop): it goes out on an
idle keep-alive connection, or a new one up to ``max_connections``, or waits for one, and its latency is
measured from the time it was *due*, so a server that falls behind shows it in the latencies instead of
slowing the client down (no coordinated omission). Targets are taken round-robin from a list shuffled once.

An error is a status outside the target's expected set, a connection failure, or no complete answer within
``timeout`` seconds of the due time. The run is bounded: ``rate * duration`` requests, then at most
``timeout`` seconds for the last answers. Only loopback addresses are accepted. Stdlib only (asyncio
streams and a minimal response reader), so the client costs little CPU beside the server it measures.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

__all__ = ["LOOPBACK", "LoadResult", "Target", "percentile", "run_load"]

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class Target:
    """One request: its kind (a label for the report), path and query, and the statuses that are not errors."""

    kind: str
    path: str
    expect: frozenset[int] = frozenset({200})


@dataclass
class LoadResult:
    """What a run measured: per kind, latencies in seconds of the answered requests, statuses and errors."""

    rate: float
    duration: float
    sent: int = 0
    elapsed: float = 0.0
    connections: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    errors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def error_count(self) -> int:
        return sum(sum(c.values()) for c in self.errors.values())

    @property
    def achieved_rate(self) -> float:
        """Requests answered per second of the run (from the first due time to the last answer)."""
        return self.answered / self.elapsed if self.elapsed else 0.0

    def all_latencies(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]

    def report(self) -> str:
        """A table: per kind and overall, requests, errors and p50/p95/p99/max latency in milliseconds."""
        lines = [f"{'kind':<20}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
                 "  statuses"]
        kinds = sorted(set(self.latencies) | set(self.errors))
        for kind in [*kinds, "all"]:
            times = self.all_latencies() if kind == "all" else self.latencies.get(kind, [])
            errs = self.error_count if kind == "all" else sum(self.errors.get(kind, Counter()).values())
            statuses = (sum(self.statuses.values(), Counter()) if kind == "all"
                        else self.statuses.get(kind, Counter()))
            figures = "".join(f"{percentile(times, q) * 1000:>9.1f}" for q in (50, 95, 99, 100)) if times else ""
            shown = " ".join(f"{s}:{n}" for s, n in sorted(statuses.items()))
            lines.append(f"{kind:<20}{len(times) + errs:>9}{errs:>8}{figures}  {shown}")
        detail = Counter[str]()
        for c in self.errors.values():
            detail.update(c)
        lines.append(f"target {self.rate:.0f} req/s for {self.duration:.0f} s: {self.sent} sent, {self.answered} "
                     f"answered, {self.error_count} errors, achieved {self.achieved_rate:.1f} req/s over "
                     f"{self.elapsed:.1f} s, {self.connections} connection(s)")
        if detail:
            lines.append("errors: " + ", ".join(f"{k} ×{n}" for k, n in detail.most_common(8)))
        return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``; 100 is the maximum."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


class _Http:
    """Keep-alive connections to one loopback server, and one GET exchange at a time on each."""

    def __init__(self, host: str, port: int, max_connections: int) -> None:
        self.host, self.port, self.max = host, port, max_connections
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
        self.opened = 0
        self.live = 0

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if not self.idle.empty() or self.live >= self.max:
            return await self.idle.get()
        self.live += 1
        self.opened += 1
        try:
            return await asyncio.open_connection(self.host, self.port)
        except BaseException:
            self.live -= 1
            raise

    async def get(self, path: str) -> int:
        """The status of ``GET path`` after reading the whole body; a connection error raises."""
        reader, writer = await self._connection()
        keep = False
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: */*\r\n\r\n".encode())
            await writer.drain()
            status, keep = await _read_response(reader)
            return status
        finally:
            if keep:
                self.idle.put_nowait((reader, writer))
            else:
                self.live -= 1
                writer.close()

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    keep = headers.get("connection") != "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep = False
    return status, keep


async def _load(host: str, port: int, targets: list[Target], rate: float, duration: float, timeout: float,
                max_connections: int) -> LoadResult:
    result = LoadResult(rate=rate, duration=duration)
    http = _Http(host, port, max_connections)
    total = int(rate * duration)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    last_answer = start

    async def one(target: Target, due: float) -> None:
        nonlocal last_answer
        try:
            status = await asyncio.wait_for(http.get(target.path), timeout=max(0.001, due + timeout - loop.time()))
        except TimeoutError:
            result.errors[target.kind]["timeout"] += 1
            return
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as e:
            result.errors[target.kind][type(e).__name__] += 1
            return
        now = loop.time()
        last_answer = max(last_answer, now)
        result.statuses[target.kind][status] += 1
        if status in target.expect:
            result.latencies[target.kind].append(now - due)
        else:
            result.errors[target.kind][f"HTTP {status}"] += 1

    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(targets[i % len(targets)], due)))
        result.sent += 1
    await asyncio.gather(*tasks)
    result.elapsed = last_answer - start
    result.connections = http.opened
    await http.close()
    return result


def run_load(host: str, port: int, targets: list[Target], *, rate: float, duration: float, timeout: float = 10.0,
             max_connections: int = 256, seed: int = 5) -> LoadResult:
    """GET ``targets`` (shuffled, round-robin) from the loopback server at ``host:port``, ``rate`` a second
    for ``duration`` seconds; each answer is due within ``timeout`` seconds of its scheduled time."""
    if host not in LOOPBACK:
        raise ValueError(f"{host}: this load generator only targets loopback ({', '.join(LOOPBACK)})")
    if not targets or rate <= 0 or duration <= 0:
        raise ValueError("need targets, a positive rate and a positive duration")
    shuffled = list(targets)
    random.Random(seed).shuffle(shuffled)
    started = time.monotonic()
    result = asyncio.run(_load(host, port, shuffled, rate, duration, timeout, max_connections))
    assert time.monotonic() - started < duration + timeout + 30, "the run overstayed its bound"
    return result
