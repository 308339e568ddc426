# The driver of bench/zlib_bench.sh (see its --help): runs
# zlib_bench_worker.py and pigz with the system zlib, with libwd_zlib
# preloaded (default mode) and preloaded under WD_ZLIB=exact, in interleaved
# rounds (the order rotates each round, so no mode always runs first on a
# cold or warm machine), takes the best (or median) time of each
# measurement, and
# prints one table (or JSON). Ratios are against the system zlib of the same
# run: absolute MB/s on a shared machine mean little, ratios do.
# It judges the goals ("met"), it asserts nothing: exit 0 whatever
# the speed; exit 1 only if a run failed or gave a wrong result.
import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

MODES = ("sys", "wd", "exact")
PY = "/usr/bin/python3.11"  # Debian's: links libz.so.1, so LD_PRELOAD reaches it
here = os.path.dirname(os.path.abspath(__file__))


def parse():
    p = argparse.ArgumentParser(prog="zlib_bench.sh", description=(
        "Issue 11's performance numbers: Python's zlib/gzip and pigz -p 2 with the system zlib and with "
        "libwd_zlib preloaded (default mode; and WD_ZLIB=exact, the cost of exact mode), in the same run, "
        "interleaved rounds, best (or median) time. Speed = system time / our time; size = our bytes / the system "
        "zlib's at the same level; 'vs zlib' = our bytes / zlib -1's (levels 1-3) or zlib -6's (level 6), "
        "the issue's size goals. Never asserts timings."))
    p.add_argument("--lib", default=os.path.join(here, "..", "build", "src", "zlib", "libwd_zlib.so"),
                   help="libwd_zlib.so (default: build/src/zlib/libwd_zlib.so)")
    p.add_argument("--corpus", default=os.path.join(here, "..", "corpus", "mixed.bin"),
                   help="input (default corpus/mixed.bin, made by bench/make_corpus.sh)")
    p.add_argument("--mib", type=int, default=0, help="use the first MIB MiB only (default: all)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per mode, interleaved (default 3)")
    p.add_argument("--stat", choices=("best", "median"), default="best",
                   help="time per measurement: the best round (default: on a shared machine other work only "
                        "ever slows a round down) or the median")
    p.add_argument("--levels", default="1,2,3,6,9", help="levels (default 1,2,3,6,9)")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="time the Python operations by the wall clock (default) or by the process's CPU time, "
                        "steadier when other work competes for the CPUs (single-threaded work on the CPU "
                        "driver: the same when the machine is idle); pigz is always timed by the wall clock")
    p.add_argument("--block", type=int, default=1024, help="KiB per block for the /block rows (default 1024)")
    p.add_argument("--chunk", type=int, default=64, help="KiB per GzipFile write/read and per decompressobj input piece (default 64)")
    p.add_argument("--no-pigz", action="store_true", help="leave out pigz")
    p.add_argument("--json", action="store_true", help="print JSON (every sample) instead of the table")
    p.add_argument("--from", dest="src", metavar="JSON", help="measure nothing: print the table of a saved --json run")
    return p.parse_args()


def env_for(mode, lib):
    e = dict(os.environ)
    e.pop("WD_ZLIB", None)
    e.pop("LD_PRELOAD", None)
    if mode != "sys":
        e["LD_PRELOAD"] = lib
    if mode == "exact":
        e["WD_ZLIB"] = "exact"
    return e


def run_worker(a, mode, refdir, check, mib):
    cmd = [PY, os.path.join(here, "zlib_bench_worker.py"), a.corpus, str(mib), str(a.block), str(a.chunk),
           a.levels, refdir, "1" if check else "0"]
    r = subprocess.run(cmd, env=env_for(mode, a.lib), stdout=subprocess.PIPE, text=True)
    if r.returncode:
        sys.exit("zlib_bench: the %s run failed" % mode)
    return [json.loads(l) for l in r.stdout.splitlines()]


def run_pigz(a, mode, tmp, check):
    out = os.path.join(tmp, "pigz.%s.gz" % mode)
    with open(a.corpus, "rb") as src, open(out, "wb") as dst:
        t = time.perf_counter()
        subprocess.run(["pigz", "-p", "2", "-c"], stdin=src, stdout=dst, env=env_for(mode, a.lib), check=True)
        sec = time.perf_counter() - t
    if check:  # read back by gzip -d (the system's), compared with the input
        h = hashlib.sha256()
        with subprocess.Popen(["gzip", "-dc", out], stdout=subprocess.PIPE, env=env_for("sys", a.lib)) as p:
            for b in iter(lambda: p.stdout.read(1 << 20), b""):
                h.update(b)
        if p.returncode or h.hexdigest() != a.sha:
            sys.exit("zlib_bench: pigz's output (%s) does not read back to the input" % mode)
    return {"op": "pigz -p 2 (wall)", "level": 6, "sec": sec, "bytes": os.path.getsize(a.corpus),
            "size": os.path.getsize(out)}


def goal(op, level):
    """The issue's goal for a row: (speed, size limit against zlib's -1 or -6 bytes) or None."""
    if op.startswith("pigz"):
        return (2.0, None)
    if "decompress" in op or op.endswith(".read"):
        return (2.0, None)
    if level in (1, 2, 3):
        return (4.0, 1.0)
    if level == 6:
        return (3.0, 1.10)
    return None


def measure(a):
    """Runs every round; returns the run's description and its rows."""
    a.lib = os.path.abspath(a.lib)
    for f, what in ((a.corpus, "no corpus %s (bench/make_corpus.sh makes it)"), (a.lib, "no library %s (build it)"),
                    (PY, "%s is not installed")):
        if not os.path.exists(f):
            sys.exit("zlib_bench: " + what % f)
    if not a.no_pigz and subprocess.run(["sh", "-c", "command -v pigz"], stdout=subprocess.DEVNULL).returncode:
        sys.exit("zlib_bench: pigz is not installed (or use --no-pigz)")
    size = os.path.getsize(a.corpus)
    mib = a.mib or size >> 20
    with open(a.corpus, "rb") as f:
        a.sha = hashlib.sha256(f.read()).hexdigest()
    samples = {}  # (mode, op, level) -> [seconds], sizes alongside
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            # rotate the order; round 0 starts with the system zlib, which
            # writes the reference data every mode then decompresses
            order = MODES[r % 3:] + MODES[:r % 3]
            for mode in order:
                sys.stderr.write("zlib_bench: round %d/%d, %s\n" % (r + 1, a.rounds, mode))
                rows = run_worker(a, mode, tmp, r == 0, mib)
                if not a.no_pigz:
                    rows.append(run_pigz(a, mode, tmp, r == 0))
                for row in rows:
                    k = (mode, row["op"], row["level"])
                    samples.setdefault(k, []).append(row[a.clock] if a.clock in row else row["sec"])
                    sizes[k] = row["size"]
                    sizes[("bytes",) + k[1:]] = row["bytes"]
    table = []
    keys = [k[1:] for k in samples if k[0] == "sys"]
    for op, lvl in keys:
        n = sizes[("bytes", op, lvl)]
        pick = min if a.stat == "best" else statistics.median
        med = {m: pick(samples[(m, op, lvl)]) for m in MODES}
        row = {"op": op, "level": lvl, "bytes": n, "samples": {m: samples[(m, op, lvl)] for m in MODES},
               "mb_s": {m: n / med[m] / 1e6 for m in MODES}, "speed": med["sys"] / med["wd"],
               "exact_speed": med["sys"] / med["exact"]}
        zs = sizes[("sys", op, lvl)]
        if zs is not None:
            row["size"] = {m: sizes[(m, op, lvl)] for m in MODES}
            row["size_ratio"] = row["size"]["wd"] / zs
            ref = 1 if lvl in (1, 2, 3) else 6 if lvl == 6 else None
            if ref is not None and ("sys", op, ref) in sizes:
                row["vs_zlib_level"] = ref
                row["vs_zlib"] = row["size"]["wd"] / sizes[("sys", op, ref)]
        g = goal(op, lvl)
        if g:
            speed_ok = row["speed"] >= g[0]
            size_ok = g[1] is None or ("vs_zlib" in row and row["vs_zlib"] <= g[1])
            row["goal"] = {"speed": g[0], "size": g[1], "met": speed_ok and size_ok,
                           "speed_met": speed_ok, "size_met": size_ok}
        table.append(row)
    meta = {"corpus": os.path.abspath(a.corpus), "sha256": a.sha, "mib": mib, "rounds": a.rounds,
            "stat": a.stat, "clock": a.clock, "block_kib": a.block, "chunk_kib": a.chunk, "lib": a.lib, "python": PY, "cpus": os.cpu_count(),
            "machine": platform.node(), "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    return meta, table


def print_table(meta, table):
    print("%d MiB of %s, %s of %d interleaved rounds, %s time, %d CPUs, %s; MB/s of uncompressed data" %
          (meta["mib"], os.path.basename(meta["corpus"]), meta["stat"], meta["rounds"],
           "CPU" if meta.get("clock") == "cpu" else "wall-clock", meta["cpus"], meta["date"]))
    print("%-31s %3s %9s %9s %6s %6s %9s %10s %6s  %s" %
          ("operation", "lvl", "zlib MB/s", "ours MB/s", "speed", "size", "vs zlib", "exact MB/s", "exact", "goal"))
    for row in table:
        vs = "%.3f (-%d)" % (row["vs_zlib"], row["vs_zlib_level"]) if "vs_zlib" in row else "-"
        g = row.get("goal")
        gs = "-"
        if g:
            want = ">=%gx" % g["speed"] + (", size <=%.2f" % g["size"] if g["size"] is not None else "")
            miss = [w for w, ok in (("speed", g["speed_met"]), ("size", g["size_met"])) if not ok]
            gs = "%s: %s" % (want, "met" if not miss else "missed (" + ", ".join(miss) + ")")
        print("%-31s %3d %9.1f %9.1f %5.2fx %6s %9s %10.1f %5.2fx  %s" % (
            row["op"], row["level"], row["mb_s"]["sys"], row["mb_s"]["wd"], row["speed"],
            "%.3f" % row["size_ratio"] if "size_ratio" in row else "-", vs, row["mb_s"]["exact"],
            row["exact_speed"], gs))
    print("speed: zlib's time / ours (default mode); size: our bytes / zlib's at the same level; "
          "vs zlib: our bytes / zlib -1's (levels 1-3) or -6's (level 6); exact: WD_ZLIB=exact vs zlib. "
          "Decompression reads the system zlib's bytes.")
    whole = os.path.getsize(meta["corpus"]) >> 20 if os.path.exists(meta["corpus"]) else meta["mib"]
    if meta["mib"] < whole or meta["rounds"] < 3:
        print("goal: the issue judges the whole %d MiB corpus over 3 rounds or more; this run (%d MiB, %d round%s) "
              "is a sample, its met/missed only indicative" % (whole, meta["mib"], meta["rounds"], "" if meta["rounds"] == 1 else "s"))


def main():
    a = parse()
    if a.src:
        with open(a.src) as f:
            run = json.load(f)
        print_table(run["meta"], run["rows"])
        return
    meta, table = measure(a)
    if a.json:
        json.dump({"meta": meta, "rows": table}, sys.stdout, indent=1)
        print()
    else:
        print_table(meta, table)


if __name__ == "__main__":
    main()
