#!/usr/bin/env python3
"""tools/bench.py — what `make bench` runs: Nook and Linux, side by side.

The same static program, build/user/bench (user/bench.c), is booted on
both kernels in the same emulated machine, and its figures compared:

  Linux  Debian's own kernel (tools/bench-deps.sh fetches it), booted by
         QEMU with -kernel/-initrd; the initramfs holds the benchmark as
         /init and bench-exec-target (build/bench/linux-initramfs.cpio).
  Nook   nook.iso through GRUB, kernel command line NOOK_RUN=/bin/bench:
         Nook's init runs the benchmark (user/README.md); with
         --nook-rdinit, rdinit=/bin/bench makes it PID 1 as on Linux.

Both get the very QEMU machine of harness.qemu_command (machine, -cpu,
-m, -smp, accelerator, devices): only the boot medium differs. Settings
reach the benchmark as environment variables on the kernel command line
(BENCH_TIME_MS=..., which both kernels hand to init).

A run is read from the serial console. Boot time is a figure too: from
the start of the QEMU process to the benchmark's "bench: start" line.
There are ROUNDS rounds, Linux then Nook in each; each figure's median
over the rounds is what the table shows:

  figure, Linux ns, Nook ns, Nook/Linux

A figure a kernel could not measure shows why ("unsupported ENOSYS",
"no output"); nothing is ever made up. If Nook gives no output at all in
the first round (it cannot exec yet, say), the later rounds leave it out.

Written under build/bench/: results.csv (the table), rounds.csv (every
round's every figure), table.txt (the table and the settings, as printed),
ratios.png (gnuplot's bar chart of the ratios), one console log per run.

    tools/bench.py --vmlinuz PATH [--rounds 3] [--time-ms 300] [--only a,b]

No figure here is ever a pass or a fail: benchmarks are benchmarks
(DESIGN.md section 5), never timed assertions in tests.
"""

import argparse
import csv
import datetime
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness      # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join("build", "bench")
USER_DIR = os.path.join("build", "user")
KERNELS = ("Linux", "Nook")
LINUX_APPEND = "console=ttyS0 quiet panic=-1"
BOOT = "boot"               # the figure measured here, not by the program

START_TIMEOUT_S = 30        # QEMU start to "bench: start"
STALL_TIMEOUT_S = 60        # the longest a single figure may take
RUN_TIMEOUT_S = 180         # a whole run (keeps 3 rounds under 15 min)
AFTER_DONE_S = 2            # time for QEMU to end by itself (Linux powers off)

BENCH_RE = re.compile(r"bench: (.*)$")
PANIC_RE = re.compile(r"Kernel panic|BUG: ")
# user/init.c's report, in Nook: the benchmark ended (or never started).
INIT_RE = re.compile(r"init: (.*)$")


class Run:
    """One boot of one kernel: its figures, or why there are none."""

    def __init__(self, kernel, round_no):
        self.kernel = kernel
        self.round = round_no
        self.boot_ns = None
        self.figures = {}       # name -> (ns per op, iterations) or "why"
        self.order = []         # figure names as printed
        self.uname = ""
        self.started = False
        self.done = False
        self.note = ""          # why the run ended early, if it did
        self.bench_notes = []   # what the benchmark noted ("note ...")
        self.seconds = 0.0
        self.log_path = ""


# ---------------------------------------------------------------------------
# The two QEMU command lines
# ---------------------------------------------------------------------------

def _drop_options(cmd, names):
    """cmd without the options in names (each with its one value)."""
    out, skip = [], False
    for word in cmd:
        if skip:
            skip = False
        elif word in names:
            skip = True
        else:
            out.append(word)
    return out


def bench_env(args):
    """The benchmark's settings, as NAME=VALUE words for the command line."""
    words = [f"BENCH_TIME_MS={args.time_ms}",
             f"BENCH_MIN_ITERS={args.min_iters}"]
    if args.only:
        words.append(f"BENCH_ONLY={args.only}")
    return " ".join(words)


def nook_command(args):
    """NOOK_RUN=/bin/bench: Nook's init runs it. --nook-rdinit makes the
    benchmark itself PID 1, as it is on Linux (rdinit=, as in Linux)."""
    run = "rdinit=/bin/bench" if args.nook_rdinit else "NOOK_RUN=/bin/bench"
    return harness.qemu_command(args.iso, f"{run} {bench_env(args)}",
                                args.mem, args.smp, args.accel)


def linux_command(args, initramfs):
    """Nook's machine exactly, booting Linux's vmlinuz instead of the ISO."""
    machine = _drop_options(harness.qemu_command("-", "", args.mem, args.smp,
                                                 args.accel),
                            {"-cdrom", "-boot", "-fw_cfg"})
    return machine + ["-kernel", args.vmlinuz, "-initrd", initramfs,
                      "-append", f"{LINUX_APPEND} {bench_env(args)}"]


def make_linux_initramfs(user_dir, out_dir):
    """/init is the benchmark itself; bench-exec-target is in /bin."""
    path = os.path.join(out_dir, "linux-initramfs.cpio")
    programs = [os.path.join(user_dir, p)
                for p in ("bench", "bench-exec-target")]
    subprocess.run([os.path.join(TOOLS, "mkinitramfs"), "-o", path,
                    "--init", "bin/bench", *programs], check=True)
    return path


# ---------------------------------------------------------------------------
# Running one kernel
# ---------------------------------------------------------------------------

def _pump(stream, q):
    """Reader thread: (arrival time, line) for each console line, then None."""
    for raw in iter(stream.readline, b""):
        q.put((time.monotonic(), raw.decode("utf-8", "replace")))
    q.put((time.monotonic(), None))


def parse_bench_line(run, text, when, t0):
    """Takes in one "bench: ..." line; True once it says "done"."""
    words = text.split()
    if not words:
        return False
    if words[0] == "start":
        run.started = True
        run.boot_ns = int((when - t0) * 1e9)
        return False
    if words[0] == "done":
        run.done = True
        return True
    if words[0] == "note":
        if words[1:2] == ["uname"]:
            run.uname = " ".join(words[2:])
        elif words[1:2] != ["time"]:
            run.bench_notes.append(" ".join(words[1:]))
        return False
    if len(words) != 3:
        return False
    name, value, rest = words
    if value.isdigit() and rest.isdigit():
        run.figures[name] = (int(value), int(rest))
    else:                               # "unsupported ENOSYS", "error EAGAIN"
        run.figures[name] = f"{value} {rest}"
    run.order.append(name)
    return False


def run_kernel(kernel, round_no, cmd, args, verbose=False):
    """Boots cmd and reads the benchmark's lines; returns a Run."""
    run = Run(kernel, round_no)
    os.makedirs(args.out, exist_ok=True)
    run.log_path = os.path.join(args.out, f"{kernel.lower()}-round{round_no}"
                                ".log")
    log = open(run.log_path, "w")
    log.write("# " + " ".join(cmd) + "\n")
    lines = queue.Queue()
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    except OSError as e:
        run.note = f"cannot start QEMU: {e}"
        log.close()
        return run
    threading.Thread(target=_pump, args=(proc.stdout, lines),
                     daemon=True).start()

    last = t0
    ended = False
    init_said = []          # what Nook's init printed before the benchmark
    while not ended:
        now = time.monotonic()
        if not run.started:
            deadline = t0 + args.start_timeout
            why = (f"no output from the benchmark within "
                   f"{args.start_timeout:g} s (it cannot exec yet?)")
        else:
            deadline = min(last + STALL_TIMEOUT_S, t0 + RUN_TIMEOUT_S)
            why = (f"the benchmark stopped after "
                   f"{run.order[-1] if run.order else 'start'} "
                   f"(no line for {STALL_TIMEOUT_S} s or "
                   f"{RUN_TIMEOUT_S} s in all)")
        if now >= deadline:
            run.note = why
            break
        try:
            when, raw = lines.get(timeout=deadline - now)
        except queue.Empty:
            continue
        if raw is None:
            status = proc.wait()
            if not run.done:
                run.note = (f"QEMU exited (status {status}) "
                            + ("before the benchmark started" if
                               not run.started else
                               f"after {run.order[-1] if run.order else 'start'}"))
            break
        text = raw.rstrip("\r\n").replace("\r", "")
        log.write(text + "\n")
        if verbose:
            print(f"  [{kernel}] {text}", flush=True)
        m = BENCH_RE.search(text)
        if m:
            last = when
            ended = parse_bench_line(run, m.group(1), when, t0)
        elif INIT_RE.search(text) and not run.started:
            init_said.append(INIT_RE.search(text).group(1).strip())
            continue
        elif PANIC_RE.search(text):
            run.note = "the kernel panicked: " + text.strip()
            break
        elif INIT_RE.search(text) and "exited with status" in text \
                and not run.done:
            run.note = "init says: " + INIT_RE.search(text).group(1)
            break

    if init_said and not run.started:
        run.note += f" (init said: {init_said[0]})"
    if run.done:                        # Linux powers off; Nook may not
        try:
            proc.wait(timeout=AFTER_DONE_S)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    run.seconds = time.monotonic() - t0
    log.write(f"# {run.seconds:.1f} s; {run.note or 'complete'}\n")
    log.close()
    return run


# ---------------------------------------------------------------------------
# Medians, the table, the CSVs and the chart
# ---------------------------------------------------------------------------

def figure_names(runs):
    """boot, then every figure in the order the benchmark printed it."""
    names = [BOOT]
    for run in runs:
        for name in run.order:
            if name not in names:
                names.append(name)
    return names


def summarize(runs, kernel, name):
    """(median ns or None, how many rounds measured it, why not)."""
    values, whys = [], []
    for run in runs:
        if run.kernel != kernel:
            continue
        if name == BOOT:
            if run.boot_ns is not None:
                values.append(run.boot_ns)
            else:
                whys.append("no output")
            continue
        got = run.figures.get(name)
        if isinstance(got, tuple):
            values.append(got[0])
        elif got:
            whys.append(got)
        else:
            whys.append("no output" if not run.started else "not printed")
    if values:
        return int(statistics.median(values)), len(values), ""
    if not whys:
        return None, 0, "not run"
    return None, 0, max(set(whys), key=whys.count)


def build_table(runs):
    """Rows: (figure, linux ns, nook ns, ratio, linux why, nook why, n, n)."""
    rows = []
    for name in figure_names(runs):
        lx, ln, lwhy = summarize(runs, "Linux", name)
        nk, nn, nwhy = summarize(runs, "Nook", name)
        ratio = nk / lx if lx and nk is not None else None
        rows.append((name, lx, nk, ratio, lwhy, nwhy, ln, nn))
    return rows


def _cell(ns, why):
    return f"{ns:,}" if ns is not None else why


def format_table(rows):
    header = ("figure", "Linux ns", "Nook ns", "Nook/Linux")
    body = [(name, _cell(lx, lwhy), _cell(nk, nwhy),
             f"{ratio:.2f}" if ratio is not None else "-")
            for name, lx, nk, ratio, lwhy, nwhy, _, _ in rows]
    widths = [max(len(r[i]) for r in [header] + body) for i in range(4)]
    fmt = (f"{{:<{widths[0]}}}  {{:>{widths[1]}}}  {{:>{widths[2]}}}  "
           f"{{:>{widths[3]}}}")
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in body]
    return lines


def write_csvs(rows, runs, out):
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["figure", "linux_ns", "nook_ns", "nook_over_linux",
                    "linux_rounds", "nook_rounds", "linux_note",
                    "nook_note"])
        for name, lx, nk, ratio, lwhy, nwhy, ln, nn in rows:
            w.writerow([name, "" if lx is None else lx,
                        "" if nk is None else nk,
                        "" if ratio is None else f"{ratio:.4f}",
                        ln, nn, lwhy, nwhy])
    with open(os.path.join(out, "rounds.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kernel", "round", "figure", "ns_per_op", "iterations",
                    "note"])
        for run in runs:
            w.writerow([run.kernel, run.round, BOOT,
                        "" if run.boot_ns is None else run.boot_ns, 1,
                        "" if run.boot_ns is not None else run.note])
            for name in run.order:
                got = run.figures[name]
                if isinstance(got, tuple):
                    w.writerow([run.kernel, run.round, name, got[0], got[1],
                                ""])
                else:
                    w.writerow([run.kernel, run.round, name, "", "", got])


def draw_chart(rows, out, subtitle):
    """ratios.png: one bar per figure both kernels measured (log scale)."""
    data = os.path.join(out, "ratios.dat")
    png = os.path.join(out, "ratios.png")
    measured = [(name, ratio) for name, _, _, ratio, *_ in rows
                if ratio is not None]
    with open(data, "w") as f:
        for name, ratio in measured:
            f.write(f'"{name}" {ratio:.6f}\n')
    title = "Nook / Linux, time per operation (1 = as fast as Linux)"
    script = [
        "set terminal pngcairo size 1100,600 font 'sans,10'",
        f"set output '{png}'",
        f"set title \"{title}\\n{{/*0.8 {subtitle}}}\" enhanced",
        "set key off",
        "set grid ytics",
        "set ylabel 'Nook time / Linux time (log scale)'",
    ]
    if measured:
        ratios = [r for _, r in measured]
        low = min(min(ratios), 1) / 2
        high = max(max(ratios), 1) * 2
        script += [
            "set logscale y",
            f"set yrange [{low:g}:{high:g}]",
            f"set xrange [-0.6:{len(measured) - 0.4}]",
            "set xtics rotate by -40 left nomirror",
            "set style fill solid 0.7 border -1",
            "set boxwidth 0.7",
            "set arrow from graph 0, first 1 to graph 1, first 1 nohead "
            "dt 2 lw 1.5 lc rgb 'black' front",
            f"plot '{data}' using 0:2:xtic(1) with boxes lc rgb '#4878a8', "
            f"'' using 0:2:(sprintf('%.2f', $2)) with labels offset 0,0.8 "
            f"font ',9'",
        ]
    else:
        script += [
            "unset xtics", "unset ytics", "set xrange [0:1]",
            "set yrange [0:1]",
            "set label 1 'No figure measured on Nook yet: "
            "see results.csv' at 0.5,0.5 center",
            "plot 2 notitle",
        ]
    try:
        subprocess.run(["gnuplot"], input="\n".join(script) + "\n",
                       text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return f"no chart: gnuplot failed ({e})"
    return png


def machine_description(args):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        qemu = subprocess.run([harness.QEMU, "--version"], text=True,
                              capture_output=True).stdout.split("\n")[0]
    except OSError:
        qemu = harness.QEMU + " (not found)"
    return (f"host: {cpu}, {os.cpu_count()} CPUs, {platform.system()} "
            f"{platform.release()}; {qemu}; "
            f"QEMU: -machine q35,accel={args.accel} -cpu max -m {args.mem} "
            f"-smp {args.smp}")


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                              text=True, capture_output=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Benchmark Nook against Linux in the same QEMU machine.")
    ap.add_argument("--vmlinuz", required=True,
                    help="Linux kernel image (tools/bench-deps.sh prints it)")
    ap.add_argument("--iso", default=harness.DEFAULT_ISO)
    ap.add_argument("--user-dir", default=USER_DIR)
    ap.add_argument("--out", default=OUT_DIR)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--time-ms", type=int, default=300,
                    help="how long each figure runs, per round and kernel")
    ap.add_argument("--min-iters", type=int, default=20,
                    help="the fewest iterations of any figure")
    ap.add_argument("--only", default="",
                    help="comma list of figures (user/bench.c names them)")
    ap.add_argument("-m", "--mem", default=harness.DEFAULT_MEM)
    ap.add_argument("--smp", type=int, default=harness.DEFAULT_SMP)
    ap.add_argument("--accel", default=harness.DEFAULT_ACCEL)
    ap.add_argument("--start-timeout", type=float, default=START_TIMEOUT_S,
                    help="seconds from QEMU's start to 'bench: start'")
    ap.add_argument("--nook-rdinit", action="store_true",
                    help="boot the benchmark as Nook's PID 1 (rdinit=) "
                         "instead of through its init (NOOK_RUN=)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="echo every console line")
    args = ap.parse_args(argv)

    for path in (args.vmlinuz, args.iso,
                 os.path.join(args.user_dir, "bench")):
        if not os.path.exists(path):
            print(f"bench: {path} not found (make bench builds it)",
                  file=sys.stderr)
            return 2
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()
    initramfs = make_linux_initramfs(args.user_dir, args.out)
    commands = {"Linux": linux_command(args, initramfs),
                "Nook": nook_command(args)}

    runs, skip_nook, notes = [], False, []
    for round_no in range(1, args.rounds + 1):
        for kernel in KERNELS:
            if kernel == "Nook" and skip_nook:
                continue
            print(f"bench: round {round_no}/{args.rounds}: {kernel} ...",
                  end="", flush=True)
            run = run_kernel(kernel, round_no, commands[kernel], args,
                             args.verbose)
            runs.append(run)
            measured = sum(isinstance(v, tuple) for v in run.figures.values())
            print(f" {run.seconds:.1f} s, {measured} figures"
                  + (f"; {run.note}" if run.note else ""), flush=True)
            if run.note:
                notes.append(f"{kernel}, round {round_no}: {run.note} "
                             f"(console: {run.log_path})")
            notes += [f"{kernel}, round {round_no}: {n}"
                      for n in run.bench_notes]
            if kernel == "Nook" and not run.started and round_no == 1 \
                    and args.rounds > 1:
                skip_nook = True
                notes.append("Nook gave no output in round 1: the later "
                             "rounds leave it out")

    rows = build_table(runs)
    unames = {k: next((r.uname for r in runs if r.kernel == k and r.uname),
                      "uname failed" if any(r.kernel == k and r.started
                                            for r in runs) else "")
              for k in KERNELS}
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    settings = [
        f"date: {when}; Nook commit {git_commit()}; {args.rounds} round(s), "
        f"median of each; {args.time_ms} ms per figure (at least "
        f"{args.min_iters} iterations)",
        f"Linux: {unames['Linux'] or '?'} (Debian linux-image-amd64, "
        f"{os.path.basename(os.path.dirname(os.path.abspath(args.vmlinuz)))})"
        f"; Nook: {unames['Nook'] or 'did not run the benchmark'}",
        machine_description(args),
    ]
    table = format_table(rows)
    write_csvs(rows, runs, args.out)
    chart = draw_chart(rows, args.out,
                       f"{when}, {args.rounds} round(s), "
                       f"{args.accel} -m {args.mem} -smp {args.smp}")
    elapsed = time.monotonic() - started
    text = ([""] + table + [""] + settings + [f"took {elapsed:.0f} s"]
            + [f"note: {n}" for n in notes])
    with open(os.path.join(args.out, "table.txt"), "w") as f:
        f.write("\n".join(text[1:]) + "\n")
    print("\n".join(text))
    print(f"wrote {os.path.join(args.out, 'results.csv')}, "
          f"{os.path.join(args.out, 'rounds.csv')}, {chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
