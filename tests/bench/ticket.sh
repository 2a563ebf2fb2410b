#!/usr/bin/env bash
# make bench: sense-ticket notifications per second into the local
# SQLite store, sequential and 8-way parallel, with p50/p99 latency of
# one notify process (spawn to exit, as Icinga sees it), and a check
# that no ticket was lost or duplicated.
#   SENSE_BENCH_N   notifications per run (default 2000)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
T=${SENSE_BUILD:-$top/build}/sense-ticket
[ -x "$T" ] || { echo "ticket bench: $T not built"; exit 1; }
tmp=$(mktemp -d /tmp/sense-bench-ticket.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.conf"
export SENSE_CONF=$tmp/empty.conf

python3 - "$T" "$tmp" "${SENSE_BENCH_N:-2000}" <<'PY'
import os, sqlite3, subprocess, sys, threading, time

prog, tmp, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
KEYS = 200		# distinct services: n / KEYS events per ticket

def args(db, i):
    return [prog, "--db", db, "notify", "--type", "PROBLEM",
            "--host", "bench%02d" % (i % 10), "--service",
            "svc %d" % (i % KEYS),
            "--state", "CRITICAL" if i % 4 else "WARNING",
            "--state-type", "HARD", "--time", str(1_000_000 + i),
            "--output", "BENCH CRITICAL - event %d" % i]

def run(db, idx, lat, fails):
    for i in idx:
        t0 = time.perf_counter()
        rc = subprocess.call(args(db, i), stdin=subprocess.DEVNULL)
        lat.append(time.perf_counter() - t0)
        if rc != 0:
            fails.append(i)

def bench(name, workers):
    db = os.path.join(tmp, name + ".db")
    subprocess.check_call([prog, "--db", db, "list"],
                          stdout=subprocess.DEVNULL)
    lat, fails, threads = [], [], []
    t0 = time.perf_counter()
    for w in range(workers):
        th = threading.Thread(target=run, args=(db, range(w, n, workers),
                                                lat, fails))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    lat.sort()
    c = sqlite3.connect(db)
    tickets, events = c.execute(
        "SELECT count(*), sum(events) FROM tickets").fetchone()
    hist = c.execute("SELECT count(*) FROM history").fetchone()[0]
    dup = c.execute("SELECT count(*) FROM (SELECT host, service FROM "
                    "tickets GROUP BY host, service HAVING count(*) > 1)"
                    ).fetchone()[0]
    c.close()
    good = (not fails and tickets == KEYS and events == n and hist == n
            and dup == 0)
    print("%-12s %5d notifications in %6.2f s: %7.1f/s  p50 %5.2f ms"
          "  p99 %5.2f ms  tickets %d (want %d), events %d (want %d)%s"
          % (name, n, wall, n / wall, lat[len(lat) // 2] * 1e3,
             lat[int(len(lat) * 0.99)] * 1e3, tickets, KEYS, events, n,
             "" if good else "  LOST OR DUPLICATED"))
    return good

def floor(name, workers):
    """The same spawning of `sense-ticket --version` (no store, no
    config): what this harness and machine cost any process."""
    lat, threads = [], []
    def spawn(k):
        for _ in range(k):
            t0 = time.perf_counter()
            subprocess.call([prog, "--version"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL)
            lat.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    for w in range(workers):
        th = threading.Thread(target=spawn, args=(n // workers,))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    lat.sort()
    print("%-12s %5d x --version in %6.2f s: %7.1f/s  p50 %5.2f ms"
          "  p99 %5.2f ms  (spawn floor)"
          % (name, len(lat), wall, len(lat) / wall,
             lat[len(lat) // 2] * 1e3, lat[int(len(lat) * 0.99)] * 1e3))

ok = bench("sequential", 1)
ok = bench("parallel-8", 8) and ok
floor("sequential", 1)
floor("parallel-8", 8)
print("targets: >= 500/s, p99 <= 10 ms, no lost or duplicated ticket")
sys.exit(0 if ok else 1)
PY
