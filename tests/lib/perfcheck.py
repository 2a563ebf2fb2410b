#!/usr/bin/env python3
"""Validate Nagios plugin output read from stdin.

Usage: perfcheck.py [--exit N] [--judge]

Checks the status line "NAME STATE[ - text][ | perfdata]", the perfdata
grammar 'label'=value[UOM];warn;crit;min;max (UOM one of %, B, c, s or
none, no scientific notation, ranges in the Nagios grammar), that the
STATE word matches --exit, and with --judge that the exit state is
exactly the worst state implied by each item's value against its own
warn/crit (the project's convention: an item carries thresholds only
when it was judged against them).  Prints the reason and exits 1 on
the first fault.
"""
import re
import sys

NUM = r"-?(?:\d+(?:\.\d*)?|\.\d+)"
RANGE = re.compile(r"^@?(?:(?:~|%s):)?(?:%s)?$" % (NUM, NUM))
STATES = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
SEVERITY = {0: 0, 3: 1, 1: 2, 2: 3}


def fail(msg):
    print("perfcheck: " + msg)
    sys.exit(1)


def parse_items(perf):
    items, i = [], 0
    while i < len(perf):
        if perf[i] == " ":
            i += 1
            continue
        if perf[i] == "'":
            j, label = i + 1, ""
            while True:
                k = perf.find("'", j)
                if k < 0:
                    fail("unterminated quoted label in %r" % perf)
                label += perf[j:k]
                if perf[k + 1:k + 2] == "'":
                    label += "'"
                    j = k + 2
                    continue
                i = k + 1
                break
            if label == "":
                fail("empty label")
        else:
            m = re.match(r"[^'= ]+", perf[i:])
            if not m:
                fail("bad label at %r" % perf[i:])
            label = m.group(0)
            i += len(label)
        if perf[i:i + 1] != "=":
            fail("no '=' after label %r" % label)
        m = re.match(r"[^ ]*", perf[i + 1:])
        rest = m.group(0)
        i += 1 + len(rest)
        items.append((label, rest))
    return items


def in_range(rng, v):
    """True when v alerts against rng (Nagios semantics)."""
    inside = rng.startswith("@")
    rng = rng.lstrip("@")
    if ":" in rng:
        a, b = rng.split(":", 1)
    else:
        a, b = "0", rng
    lo = float("-inf") if a == "~" else float(a)
    hi = float("inf") if b == "" else float(b)
    within = lo <= v <= hi
    return within if inside else not within


def main():
    want_exit = None
    judge = "--judge" in sys.argv
    if "--exit" in sys.argv:
        want_exit = int(sys.argv[sys.argv.index("--exit") + 1])
    text = sys.stdin.read()
    if not text.endswith("\n"):
        fail("output does not end with a newline")
    lines = text.split("\n")[:-1]
    if not lines:
        fail("no output")
    first = lines[0]
    if first.count("|") > 1:
        fail("more than one '|' in the status line")
    status, _, perf = first.partition("|")
    m = re.match(r"^[A-Z][A-Z0-9_]* (OK|WARNING|CRITICAL|UNKNOWN)( - .+)?$",
                 status.rstrip(" "))
    if not m:
        fail("bad status line %r" % status)
    state = STATES.index(m.group(1))
    if want_exit is not None and state != want_exit:
        fail("status word %s but exit code %d" % (m.group(1), want_exit))
    for ln in lines[1:]:
        if "|" in ln:
            fail("'|' in long output line %r" % ln)
    worst = None
    for label, rest in parse_items(perf.strip()):
        fields = rest.split(";")
        if len(fields) > 5:
            fail("too many fields in %r" % rest)
        fields += [""] * (5 - len(fields))
        vm = re.match(r"^(%s|U)([%%Bcs]?)$" % NUM, fields[0])
        if not vm:
            fail("bad value/UOM %r for %r" % (fields[0], label))
        for r in fields[1:3]:
            if r and not RANGE.match(r):
                fail("bad range %r for %r" % (r, label))
        for x in fields[3:5]:
            if x and not re.match("^%s$" % NUM, x):
                fail("bad min/max %r for %r" % (x, label))
        if judge and vm.group(1) != "U" and (fields[1] or fields[2]):
            v = float(vm.group(1))
            s = 0
            if fields[2] and in_range(fields[2], v):
                s = 2
            elif fields[1] and in_range(fields[1], v):
                s = 1
            if worst is None or SEVERITY[s] > SEVERITY[worst]:
                worst = s
    if judge and worst is not None and state != 3 and state != worst:
        fail("exit state %d but the perfdata implies %d" % (state, worst))
    sys.exit(0)


if __name__ == "__main__":
    main()
