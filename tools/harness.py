#!/usr/bin/env python3
"""tools/harness.py — boot Nook in QEMU, read its serial console, give a verdict.

The harness starts QEMU with the ISO and a kernel command line (it always
adds qemu_exit=1, so the kernel can end QEMU with a status), reads the
serial output line by line as it arrives, and decides whether the run
passed. It has two modes:

  ktap   The kernel runs in-kernel tests (ktest=...) and prints KTAP
         version 1. We parse it (nested subtests, "ok"/"not ok", "# SKIP",
         plans "1..N", diagnostics "# ...") and print one line per test.
  boot   No KTAP: the run passes once some regular expressions have been
         seen often enough (say, the timer's heartbeat twice); then we
         kill QEMU ourselves.

In both modes a run fails on a kernel panic ("Kernel panic - not
syncing"), an oops ("BUG: ..."), QEMU ending before the verdict (a triple
fault ends QEMU with status 0), or a timeout (a hang); QEMU is always
killed. On failure we print a one-line reason and the last lines of the
console. The full console is saved under build/.

Run it by hand:
    tools/harness.py --cmdline ktest=all
    tools/harness.py --cmdline 'ktest=page_alloc' -m 4G --verbose
    tools/harness.py --boot --expect 'timer: jiffies=\\d+' --count 2
    tools/harness.py --self-test

Or import it (tools/check.py does): run_ktap(...) and run_boot(...)
return a RunResult with .passed, .failed, .ok and .reason.
"""

import argparse
import os
import queue
import re
import subprocess
import sys
import threading
import time

# ---- what QEMU and the kernel agree on (kernel/include/nook/qemu.h) ----

QEMU = "qemu-system-x86_64"
# isa-debug-exit ends QEMU with status (value << 1) | 1.
QEMU_STATUS_PASSED = 33     # QEMU_EXIT_SUCCESS
QEMU_STATUS_FAILED = 35     # QEMU_EXIT_FAILURE: a test failed
QEMU_STATUS_PANIC = 37      # QEMU_EXIT_PANIC: the kernel panicked
QEMU_STATUS_POWEROFF = 39   # QEMU_EXIT_POWEROFF: reboot(2) powered off
QEMU_STATUS_MEANING = {
    QEMU_STATUS_PASSED: "tests passed",
    QEMU_STATUS_FAILED: "the kernel reported a failed test",
    QEMU_STATUS_PANIC: "the kernel panicked",
    QEMU_STATUS_POWEROFF: "a clean power-off: init called reboot(2)",
}

DEFAULT_ISO = "nook.iso"
DEFAULT_MEM = "128M"
DEFAULT_SMP = 1
DEFAULT_ACCEL = "tcg"       # KVM is not dependable on our machines
DEFAULT_TIMEOUT_S = 60
LOG_DIR = "build"
TAIL_LINES = 30             # console lines shown when a run fails
PANIC_GRACE_S = 10          # after a panic/BUG, wait this long for the rest

# ---- what the console says (kernel/printk, kernel/panic.c, ktest.c) ----

# printk's "[    0.000000] " prefix; continuation lines may lack it.
TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\] ?")
PANIC_RE = re.compile(r"Kernel panic - not syncing:?\s*(.*)")
BUG_RE = re.compile(r"^\s*BUG: (.*)")
BANNER_RE = r"Nook: a teaching kernel"
# The idle kernel's heartbeat (kernel/init/main.c, timer_heartbeat()).
HEARTBEAT_RE = r"timer: jiffies=\d+"
# What a healthy boot prints: the broken-kernel self-tests expect it too,
# so a break= switch that broke nothing would make them pass, and fail.
HEALTHY_BOOT = ((BANNER_RE, 1), (HEARTBEAT_RE, 2))

# KTAP version 1 (Linux Documentation/dev-tools/ktap.rst); TAP 13 also.
KTAP_INDENT = 4
VERSION_RE = re.compile(r"^(KTAP version \d+|TAP version \d+)$")
PLAN_RE = re.compile(r"^1\.\.(\d+)$")
RESULT_RE = re.compile(r"^(ok|not ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(.*))?$")
SUBTEST_RE = re.compile(r"^# Subtest: (.*)$")

# Why a run failed, as a short word the self-test can check.
KIND_OK = "ok"
KIND_TEST_FAILED = "test failed"
KIND_PANIC = "panic"
KIND_BUG = "bug"
KIND_TIMEOUT = "timeout"
KIND_EARLY_EXIT = "early exit"
KIND_PLAN = "plan mismatch"
KIND_STATUS = "bad status"
KIND_QEMU = "qemu error"


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

class TestCase:
    """One KTAP result line: a leaf test, or a suite with its cases."""

    def __init__(self, number, name, ok, directive=""):
        self.number = number
        self.name = name
        self.ok = ok
        self.skipped = directive.upper().startswith("SKIP")
        self.directive = directive
        self.children = []      # the subtest's results, if it had any
        self.plan = None        # the subtest's "1..N", if it had one


class RunResult:
    """What one QEMU run came to. `ok` is the verdict for the whole run."""

    def __init__(self, name):
        self.name = name
        self.ok = False
        self.kind = KIND_OK
        self.reason = ""        # one line: why the run failed
        self.lines = []         # (name, passed?, text) for each test
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.status = None      # QEMU's exit status, None if we killed it
        self.seconds = 0.0
        self.log_path = None
        self.console = []       # every console line, timestamps stripped

    def add(self, name, passed, note=""):
        """Records one test's verdict (a KTAP case or a system test)."""
        if passed is None:
            self.skipped += 1
            self.lines.append((name, None, note))
            return
        if passed:
            self.passed += 1
        else:
            self.failed += 1
        self.lines.append((name, passed, note))

    def fail(self, kind, reason):
        """Marks the run failed; the first reason is kept (it is the cause)."""
        if self.ok or not self.reason:
            self.kind, self.reason = kind, reason
        self.ok = False

    def tail(self, n=TAIL_LINES):
        return self.console[-n:]


def format_test_line(name, passed, note=""):
    """The one line per test: 'ok   name', 'FAIL name', 'skip name'."""
    word = "skip" if passed is None else ("ok  " if passed else "FAIL")
    return f"{word} {name}" + (f"  # {note}" if note else "")


def print_result(result, out=sys.stdout, show_tests=True):
    """Prints a run's test lines and, if it failed, the reason and tail."""
    if show_tests:
        for name, passed, note in result.lines:
            if note == result.reason:
                note = ""       # printed just below
            print(format_test_line(name, passed, note), file=out)
    if not result.ok:
        print(f"FAIL {result.name}: {result.reason}", file=out)
        print(f"---- last {TAIL_LINES} console lines of {result.name}"
              f" (full log: {result.log_path}) ----", file=out)
        for line in result.tail():
            print("  | " + line, file=out)
        print("----", file=out)
    out.flush()


# ---------------------------------------------------------------------------
# KTAP parsing
# ---------------------------------------------------------------------------

class KtapParser:
    """Reads KTAP a line at a time (timestamps already stripped).

    Indentation gives the depth: a subtest's lines are indented 4 more
    than its parent's. Results at depth d+1 belong to the next result
    line at depth d (KTAP prints the subtest first, its summary last).
    """

    def __init__(self):
        self.started = False    # seen the top-level "KTAP version"
        self.top = []           # top-level TestCase objects
        self.top_plan = None
        self.pending = {}       # depth -> list of results not yet claimed
        self.plans = {}         # depth -> plan of the subtest being read
        self.names = {}         # depth -> "# Subtest:" name
        self.errors = []        # malformed things worth failing for

    def feed(self, line):
        text = line.rstrip()
        stripped = text.lstrip(" ")
        depth = (len(text) - len(stripped)) // KTAP_INDENT
        if not self.started:
            if depth == 0 and VERSION_RE.match(stripped):
                self.started = True
            return
        if VERSION_RE.match(stripped):
            if depth > 0:       # a new subtest begins at this depth
                self.pending[depth] = []
                self.plans.pop(depth, None)
                self.names.pop(depth, None)
            return
        m = SUBTEST_RE.match(stripped)
        if m:
            self.names[depth] = m.group(1)
            return
        m = PLAN_RE.match(stripped)
        if m:
            if depth == 0:
                self.top_plan = int(m.group(1))
            else:
                self.plans[depth] = int(m.group(1))
            return
        m = RESULT_RE.match(stripped)
        if m:
            self._result(depth, m)

    def _result(self, depth, m):
        ok = m.group(1) == "ok"
        case = TestCase(int(m.group(2)), m.group(3).strip(), ok,
                        (m.group(4) or "").strip())
        case.children = self.pending.pop(depth + 1, [])
        case.plan = self.plans.pop(depth + 1, None)
        self.names.pop(depth + 1, None)
        # Deeper leftovers (a nested subtest that never got its summary
        # line) are claimed by nobody; drop them so they are not misfiled.
        for d in [d for d in self.pending if d > depth + 1]:
            del self.pending[d]
        if depth == 0:
            self.top.append(case)
        else:
            self.pending.setdefault(depth, []).append(case)

    def finish(self):
        """Closes subtests cut short (a panic mid-suite, say).

        Each open subtest becomes a "not ok" result of its parent, so the
        cases that did run are still reported and its plan is checked.
        """
        for depth in sorted(set(self.pending) | set(self.names),
                            reverse=True):
            if depth == 0 or (not self.pending.get(depth) and
                              depth not in self.names):
                continue
            name = self.names.get(depth, "(unnamed subtest)")
            number = len(self.pending.get(depth - 1, self.top)) + 1
            m = RESULT_RE.match(f"not ok {number} {name}")
            self._result(depth - 1, m)

    def complete(self):
        """True once the top-level plan is met (the verdict is in)."""
        return (self.top_plan is not None and len(self.top) >= self.top_plan)


def collect_ktap(parser, result, prefix):
    """Adds every leaf test in the parse to result; checks every plan.

    A suite counts through its cases. A suite that says "not ok" though
    none of its cases failed (its init failed, say) counts as one failure.
    """
    def walk(cases, path, plan):
        for case in cases:
            name = f"{path}/{case.name}"
            if case.children or case.plan is not None:
                failed_before = result.failed
                walk(case.children, name, case.plan)
                if not case.ok and result.failed == failed_before:
                    result.add(name, False, "suite reported not ok")
            elif case.skipped:
                result.add(name, None, case.directive)
            else:
                result.add(name, case.ok)
        if plan is not None and len(cases) != plan:
            result.fail(KIND_PLAN, f"{path}: plan 1..{plan} but "
                        f"{len(cases)} test(s) reported")
            if len(cases) < plan:
                result.add(f"{path}/(missing {plan - len(cases)} test(s))",
                           False, "fewer tests than the plan")

    if not parser.started:
        return
    parser.finish()
    walk(parser.top, prefix, parser.top_plan)


def parse_ktap_text(text, prefix="ktest"):
    """Parses a whole KTAP document; for tests of the parser itself."""
    parser = KtapParser()
    result = RunResult(prefix)
    result.ok = True
    for line in text.splitlines():
        parser.feed(TIMESTAMP_RE.sub("", line))
    collect_ktap(parser, result, prefix)
    if not parser.started:
        result.fail(KIND_EARLY_EXIT, "no KTAP output")
    elif result.failed and result.kind == KIND_OK:
        result.fail(KIND_TEST_FAILED, f"{result.failed} test(s) failed")
    return result


# ---------------------------------------------------------------------------
# Running QEMU
# ---------------------------------------------------------------------------

def qemu_command(iso, cmdline="", mem=DEFAULT_MEM, smp=DEFAULT_SMP,
                 accel=DEFAULT_ACCEL, extra_args=(), serial="stdio"):
    """The QEMU command line; the kernel's command line goes via fw_cfg."""
    full_cmdline = " ".join(w for w in ["qemu_exit=1", cmdline] if w)
    # QEMU splits options at commas; ",," is a literal comma (ktest=a,b).
    fw_cfg_value = full_cmdline.replace(",", ",,")
    return [QEMU, "-machine", f"q35,accel={accel}", "-cpu", "max",
            "-m", str(mem), "-smp", str(smp), "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-cdrom", iso, "-boot", "d", "-display", "none",
            "-monitor", "none", "-serial", serial,
            "-fw_cfg", f"name=opt/nook/cmdline,string={fw_cfg_value}",
            *extra_args]


def _pump(stream, q, tag):
    """Reader thread: pushes each line of stream onto q, then None."""
    for raw in iter(stream.readline, b""):
        q.put((tag, raw.decode("utf-8", "replace")))
    q.put((tag, None))


def _log_name(name):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".log"


# A program asks for console input: "# tty-send HEX" (user/ttytest.c).
TTY_SEND_RE = re.compile(r"^# tty-send ([0-9a-f]*)$")


def run_qemu(name, iso=DEFAULT_ISO, cmdline="", mem=DEFAULT_MEM,
             smp=DEFAULT_SMP, timeout=DEFAULT_TIMEOUT_S, extra_args=(),
             accel=DEFAULT_ACCEL, verbose=False, on_line=None,
             log_dir=LOG_DIR, tty_input=False):
    """Boots QEMU and feeds each console line to on_line(line, result).

    on_line returns True when the run has its verdict and QEMU can be
    killed. Panics, BUGs, timeouts and QEMU's exit are handled here.
    Returns the RunResult (its ok is left for the caller to decide,
    unless something went wrong here).

    tty_input: QEMU's stdin (the serial console's input) is a pipe, and
    each program line "# tty-send HEX" writes those bytes to it, as if
    typed: how user/ttytest.c asks for its input.
    """
    result = RunResult(name)
    cmd = qemu_command(iso, cmdline, mem, smp, accel, extra_args)
    os.makedirs(log_dir, exist_ok=True)
    result.log_path = os.path.join(log_dir, _log_name(name))
    log = open(result.log_path, "w")
    log.write("# " + " ".join(cmd) + "\n")

    start = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=(subprocess.PIPE if tty_input
                                            else subprocess.DEVNULL),
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except OSError as e:
        result.fail(KIND_QEMU, f"cannot start {QEMU}: {e}")
        log.close()
        return result

    lines = queue.Queue()
    for stream, tag in ((proc.stdout, "serial"), (proc.stderr, "qemu")):
        threading.Thread(target=_pump, args=(stream, lines, tag),
                         daemon=True).start()

    open_streams = 2
    last_output = start
    deadline = start + timeout
    done = False            # verdict reached; stop reading
    broken_at = None        # when we saw a panic/BUG
    while open_streams and not done:
        now = time.monotonic()
        wait_until = deadline
        if broken_at is not None:
            wait_until = min(deadline, broken_at + PANIC_GRACE_S)
        if now >= wait_until:
            if broken_at is None:
                result.fail(KIND_TIMEOUT,
                            f"timeout after {timeout} s: no output for "
                            f"{now - last_output:.1f} s (hang?)")
            break
        try:
            tag, raw = lines.get(timeout=wait_until - now)
        except queue.Empty:
            continue
        if raw is None:
            open_streams -= 1
            continue
        line = raw.rstrip("\r\n").replace("\r", "")
        # printk lines carry a timestamp; a program's own output does not.
        result.line_is_kernel = TIMESTAMP_RE.match(line) is not None
        text = TIMESTAMP_RE.sub("", line)
        if tag == "qemu":
            text = "qemu: " + text
        log.write(text + "\n")
        log.flush()
        result.console.append(text)
        if verbose:
            print(text, flush=True)
        if tag == "qemu":
            continue
        last_output = time.monotonic()
        panic = PANIC_RE.search(text)
        bug = BUG_RE.match(text)
        if panic:
            # The message may come on the next line (pr_cont after printk).
            result.fail(KIND_PANIC, "kernel panic: " +
                        (panic.group(1) or "(message on the next line)"))
            broken_at = broken_at or time.monotonic()
        elif bug:
            result.fail(KIND_BUG, "kernel oops: BUG: " + bug.group(1))
            broken_at = broken_at or time.monotonic()
        elif (result.kind == KIND_PANIC and
              result.reason.endswith("(message on the next line)")):
            result.reason = "kernel panic: " + text.strip()
        send = TTY_SEND_RE.match(text) if tty_input else None
        if send and not result.line_is_kernel and broken_at is None:
            try:
                proc.stdin.write(bytes.fromhex(send.group(1)))
                proc.stdin.flush()
            except OSError:
                pass        # QEMU went away: its exit is judged below
        if on_line and broken_at is None:
            done = on_line(text, result)

    # Ended one way or another. If QEMU closed its output it is exiting
    # by itself: collect its status. Otherwise we stopped it: kill it.
    if open_streams == 0:
        try:
            result.status = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    result.seconds = time.monotonic() - start
    log.write(f"# QEMU status {result.status}, {result.seconds:.1f} s\n")
    log.close()
    return result


def _status_reason(status, before="before the tests ended"):
    """'QEMU exited with status N (what N means) before ...'."""
    if status == 0:
        meaning = "a triple fault? -no-reboot turns the reset into an exit"
    elif status is None:
        meaning = "killed"
    else:
        meaning = QEMU_STATUS_MEANING.get(status, "")
    return (f"QEMU exited with status {status}"
            + (f" ({meaning})" if meaning else "") + f" {before}")


def run_ktap(name="ktest", iso=DEFAULT_ISO, ktest="all", cmdline="",
             mem=DEFAULT_MEM, smp=DEFAULT_SMP, timeout=DEFAULT_TIMEOUT_S,
             extra_args=(), accel=DEFAULT_ACCEL, verbose=False):
    """Runs in-kernel tests (ktest=KTEST) and judges their KTAP output."""
    full = " ".join(w for w in [f"ktest={ktest}", cmdline] if w)
    return _run_and_judge_ktap(name, iso, full, mem, smp, timeout,
                               extra_args, accel, verbose,
                               QEMU_STATUS_PASSED, f"'{ktest}'")


UTEST = "/bin/utest"
TTYTEST = "/bin/ttytest"
# The line init (user/init.c) prints when the program it ran has ended.
INIT_STATUS_RE = re.compile(r"^init: (\S+) exited with status (\d+)")


def judge_user_run(result, parser, init_status, program):
    """Verdict of a user-space TAP run: in Nook (run_user) or on the host
    (tools/host_user.py). result.reason already holds any breakage."""
    collect_ktap(parser, result, result.name)
    if result.reason:
        pass
    elif not parser.started:
        result.fail(KIND_EARLY_EXIT, f"{program} printed no KTAP")
    elif not parser.complete():
        result.fail(KIND_EARLY_EXIT, f"{program} stopped before its last "
                    "suite (killed? see the log)")
    elif result.failed:
        failed = [n for n, passed, _ in result.lines if passed is False]
        result.fail(KIND_TEST_FAILED,
                    f"{len(failed)} test(s) failed: " + ", ".join(failed))
    elif result.kind == KIND_PLAN:
        pass                # collect_ktap said why
    elif init_status is None:
        result.fail(KIND_EARLY_EXIT,
                    f"init did not report {program}'s exit status")
    elif init_status != 0:
        result.fail(KIND_STATUS, f"{program} exited with status "
                    f"{init_status} though every test it printed passed")
    if not result.ok and result.failed == 0:
        result.add(f"{result.name}/(run)", False, result.kind)
    return result


def run_user(name="user", iso=DEFAULT_ISO, suites=(), cmdline="",
             mem=DEFAULT_MEM, smp=DEFAULT_SMP, timeout=DEFAULT_TIMEOUT_S,
             extra_args=(), accel=DEFAULT_ACCEL, verbose=False,
             program=UTEST, tty_input=False):
    """Runs the user suite (/bin/utest SUITES) in Nook and judges its KTAP.

    init (user/init.c) runs the program and prints "init: PROG exited
    with status N": that line ends the run (init then powers off). Only
    the program's lines (no printk timestamp) go to the KTAP parser, and
    the verdict is the one tools/host_user.py gives on the host's Linux.
    """
    parser = KtapParser()
    init_status = []
    words = [f"NOOK_RUN={program}", cmdline]
    if suites:
        words += ["--", *suites]

    def on_line(text, result):
        if result.line_is_kernel:
            return False    # the kernel's log, not the program's TAP
        m = INIT_STATUS_RE.match(text)
        if m and m.group(1) == program:
            init_status.append(int(m.group(2)))
            return True
        parser.feed(text)
        return False

    result = run_qemu(name, iso, " ".join(w for w in words if w), mem, smp,
                      timeout, extra_args, accel, verbose, on_line,
                      tty_input=tty_input)
    result.ok = not result.reason
    return judge_user_run(result, parser,
                          init_status[0] if init_status else None, program)


def _run_and_judge_ktap(name, iso, full, mem, smp, timeout, extra_args,
                        accel, verbose, expected_status, what):
    """Boots with the command line full, reads KTAP, judges the run."""
    parser = KtapParser()

    def on_line(text, result):
        parser.feed(text)
        return False        # let the kernel (or init) end QEMU

    result = run_qemu(name, iso, full, mem, smp, timeout, extra_args, accel,
                      verbose, on_line)
    problem = result.reason != ""    # panic, BUG, timeout, QEMU error
    result.ok = not problem
    collect_ktap(parser, result, name)

    if problem:
        pass
    elif not parser.started:
        result.fail(KIND_EARLY_EXIT, _status_reason(
            result.status, "before any KTAP output"))
    elif not parser.complete():
        result.fail(KIND_EARLY_EXIT, _status_reason(result.status))
    elif parser.top_plan == 0:
        result.fail(KIND_PLAN, f"no test ran: plan 1..0 (no suite "
                    f"matches {what})")
    elif result.status == QEMU_STATUS_PANIC:
        result.fail(KIND_PANIC, "kernel panic (QEMU status 37)")
    elif result.failed:
        failed = [n for n, passed, _ in result.lines if passed is False]
        result.fail(KIND_TEST_FAILED, f"{len(failed)} test(s) failed: "
                    + ", ".join(failed))
    elif result.kind == KIND_PLAN:
        pass                # collect_ktap said why
    elif result.status != expected_status:
        result.fail(KIND_STATUS, _status_reason(
            result.status, "after the tests") +
            " though every test it printed passed")
    if result.ok and result.passed == 0 and result.skipped == 0:
        result.fail(KIND_PLAN, "no test ran")
    if not result.ok and result.failed == 0:
        # The run broke outside any test case (a panic between suites, a
        # hang, no tests at all): it still counts as one failed test.
        result.add(f"{name}/(run)", False, result.kind)
    return result


def run_boot(name="boot", iso=DEFAULT_ISO, expect=((BANNER_RE, 1),),
             cmdline="", mem=DEFAULT_MEM, smp=DEFAULT_SMP,
             timeout=DEFAULT_TIMEOUT_S, extra_args=(), accel=DEFAULT_ACCEL,
             verbose=False):
    """Boots without KTAP; passes once each (regex, count) has been seen.

    The run counts as one test, named `name`.
    """
    # The heartbeat is a KERN_DEBUG line: show it on the console.
    cmdline = " ".join(w for w in ["loglevel=8", cmdline] if w)
    wanted = [(re.compile(rx), rx, count) for rx, count in expect]
    seen = [0] * len(wanted)

    def on_line(text, result):
        for i, (rx, _, _) in enumerate(wanted):
            if rx.search(text):
                seen[i] += 1
        return all(seen[i] >= count for i, (_, _, count) in enumerate(wanted))

    result = run_qemu(name, iso, cmdline, mem, smp, timeout, extra_args,
                      accel, verbose, on_line)
    missing = [f"'{rx}' seen {seen[i]}/{count}"
               for i, (_, rx, count) in enumerate(wanted) if seen[i] < count]
    if result.reason:
        if missing and result.kind == KIND_TIMEOUT:
            result.reason = (", ".join(missing) + ": " + result.reason)
    elif missing:
        result.fail(KIND_EARLY_EXIT, _status_reason(
            result.status, "before the expected output: " +
            ", ".join(missing)))
    else:
        result.ok = True
    result.add(name, result.ok, "" if result.ok else result.reason)
    return result




# ---------------------------------------------------------------------------
# The self-test: the harness must see every kind of breakage
# ---------------------------------------------------------------------------

SELFTEST_HANG_TIMEOUT_S = 8
SELFTEST_TIMEOUT_S = 120    # runs that end by themselves: only a hang waits

# KTAP texts for the parser alone: (name, text, ok, passed, failed, kind)
PARSER_CASES = [
    ("parser/nested-pass", """KTAP version 1
1..2
    KTAP version 1
    # Subtest: a
    1..2
    ok 1 x
    ok 2 y # SKIP not today
ok 1 a
    KTAP version 1
    # Subtest: b
    1..1
    ok 1 z
ok 2 b
""", True, 2, 0, KIND_OK),
    ("parser/case-fails", """[    0.000000] KTAP version 1
[    0.000000] 1..1
[    0.000000]     KTAP version 1
[    0.000000]     # Subtest: a
[    0.000000]     1..2
[    0.000000]     # y: EXPECTATION FAILED at a.c:1
    # Expected 1 == 2
[    0.000000]     ok 1 x
[    0.000000]     not ok 2 y
[    0.000000] not ok 1 a
""", False, 1, 1, KIND_TEST_FAILED),
    ("parser/plan-short", """KTAP version 1
1..1
    KTAP version 1
    # Subtest: a
    1..3
    ok 1 x
ok 1 a
""", False, 1, 1, KIND_PLAN),
    ("parser/cut-short", """KTAP version 1
1..2
    KTAP version 1
    # Subtest: a
    1..3
    ok 1 x
""", False, 1, 2, KIND_PLAN),
    ("parser/suite-not-ok", """KTAP version 1
1..1
    KTAP version 1
    # Subtest: a
    1..1
    ok 1 x
not ok 1 a
""", False, 1, 1, KIND_TEST_FAILED),
]


def selftest_runs(iso):
    """The live runs: (name, thunk, expected ok, allowed kinds, counts)."""
    hang = SELFTEST_HANG_TIMEOUT_S
    return [
        ("selftest/passing-boot",
         lambda: run_boot("selftest-boot", iso, expect=((BANNER_RE, 1),),
                          timeout=SELFTEST_TIMEOUT_S),
         True, {KIND_OK}, None),
        ("selftest/failing-test",
         lambda: run_ktap("selftest-ktest", iso, ktest="harness_selftest",
                          timeout=SELFTEST_TIMEOUT_S),
         False, {KIND_TEST_FAILED}, (1, 1)),
        ("selftest/comma-list",
         lambda: run_ktap("selftest-comma", iso, ktest="cmdline,cpio",
                          timeout=SELFTEST_TIMEOUT_S),
         True, {KIND_OK}, None),
        ("selftest/panic",
         lambda: run_boot("selftest-panic", iso, cmdline="break=panic",
                          expect=HEALTHY_BOOT, timeout=SELFTEST_TIMEOUT_S),
         False, {KIND_PANIC}, None),
        ("selftest/hang",
         lambda: run_boot("selftest-hang", iso, cmdline="break=hang",
                          expect=HEALTHY_BOOT, timeout=hang),
         False, {KIND_TIMEOUT}, None),
        # Without an IDT the fault triple-faults (QEMU status 0); with one
        # it prints "BUG: unable to handle page fault" and panics.
        ("selftest/fault",
         lambda: run_boot("selftest-fault", iso, cmdline="break=fault",
                          expect=HEALTHY_BOOT, timeout=SELFTEST_TIMEOUT_S),
         False, {KIND_EARLY_EXIT, KIND_BUG, KIND_PANIC}, None),
    ]


def self_test(iso=DEFAULT_ISO, verbose=False):
    """Checks the harness on known-good and known-broken runs.

    Returns a RunResult with one test per check: a check passes when the
    harness gave the verdict (and the reason) it should have.
    """
    outcome = RunResult("selftest")
    outcome.ok = True
    start = time.monotonic()
    for name, text, ok, npass, nfail, kind in PARSER_CASES:
        r = parse_ktap_text(text, name)
        good = (r.ok == ok and r.passed == npass and r.failed == nfail and
                r.kind == kind)
        outcome.add(name, good, "" if good else
                    f"got ok={r.ok} {r.passed} passed {r.failed} failed "
                    f"kind '{r.kind}' ({r.reason})")
    for name, thunk, ok, kinds, counts in selftest_runs(iso):
        r = thunk()
        if verbose:
            print_result(r)
        problems = []
        if r.ok != ok:
            problems.append(f"verdict {'pass' if r.ok else 'fail'}, "
                            f"expected {'pass' if ok else 'fail'}")
        if r.kind not in kinds:
            problems.append(f"reason '{r.kind}' not one of {sorted(kinds)}")
        if counts and (r.passed, r.failed) != counts:
            problems.append(f"{r.passed} passed {r.failed} failed, "
                            f"expected {counts[0]} and {counts[1]}")
        note = "; ".join(problems) if problems else \
            (f"reported: {r.reason}" if r.reason else "")
        outcome.add(name, not problems, note)
        if problems:
            outcome.fail(KIND_TEST_FAILED, f"{name}: {problems[0]}")
            outcome.console += [f"[{name}] {line}" for line in r.tail()]
            outcome.log_path = r.log_path
    outcome.seconds = time.monotonic() - start
    return outcome


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Boot Nook in QEMU and judge the run (KTAP or boot mode).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 if the run passed, 1 otherwise.\n"
               "Examples:\n"
               "  tools/harness.py --cmdline ktest=all\n"
               "  tools/harness.py --ktest page_alloc -m 4G -v\n"
               "  tools/harness.py --user fork,wait -v\n"
               "  tools/harness.py --boot --expect 'timer: jiffies=\\d+'"
               " --count 2\n"
               "  tools/harness.py --self-test")
    ap.add_argument("--iso", default=DEFAULT_ISO)
    ap.add_argument("--cmdline", default="",
                    help="kernel command line (qemu_exit=1 is always added)")
    ap.add_argument("--ktest", default=None, metavar="SUITES",
                    help="run these ktest suites (all, or a,b); the default "
                         "unless --boot is given")
    ap.add_argument("--user", default=None, metavar="SUITES",
                    help="run the user suite in Nook: /bin/utest SUITES "
                         "(a,b, or all) under init; QEMU's status 39 "
                         "(power off) ends it")
    ap.add_argument("--tty", action="store_true",
                    help="run /bin/ttytest in Nook, typing the console "
                         "input it asks for (# tty-send HEX)")
    ap.add_argument("--boot", action="store_true",
                    help="boot mode: pass when --expect patterns appear")
    ap.add_argument("--expect", action="append", metavar="REGEX",
                    help=f"boot mode: a pattern to wait for (repeatable; "
                         f"default '{BANNER_RE}')")
    ap.add_argument("--count", type=int, default=1,
                    help="boot mode: how many times each pattern must appear")
    ap.add_argument("-m", "--mem", default=DEFAULT_MEM)
    ap.add_argument("--smp", type=int, default=DEFAULT_SMP)
    ap.add_argument("--accel", default=DEFAULT_ACCEL)
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                    help="seconds before the run counts as hung")
    ap.add_argument("--name", default=None, help="test name prefix and log")
    ap.add_argument("--qemu-arg", action="append", default=[],
                    metavar="ARG", help="extra QEMU argument (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="echo the console as it arrives")
    ap.add_argument("--self-test", action="store_true",
                    help="check that the harness catches broken runs")
    args = ap.parse_args(argv)

    if not os.path.exists(args.iso):
        print(f"harness: {args.iso} not found; run make first",
              file=sys.stderr)
        return 2
    if args.self_test:
        result = self_test(args.iso, args.verbose)
    elif args.user:
        suites = [] if args.user == "all" else args.user.split(",")
        result = run_user(args.name or "user", args.iso, suites,
                          args.cmdline, args.mem, args.smp, args.timeout,
                          args.qemu_arg, args.accel, args.verbose)
    elif args.tty:
        result = run_user(args.name or "tty", args.iso, (), args.cmdline,
                          args.mem, args.smp, args.timeout, args.qemu_arg,
                          args.accel, args.verbose, program=TTYTEST,
                          tty_input=True)
    elif args.boot:
        expect = [(rx, args.count) for rx in (args.expect or [BANNER_RE])]
        result = run_boot(args.name or "boot", args.iso, expect,
                          args.cmdline, args.mem, args.smp, args.timeout,
                          args.qemu_arg, args.accel, args.verbose)
    else:
        result = run_ktap(args.name or "ktest", args.iso,
                          args.ktest or "all", args.cmdline, args.mem,
                          args.smp, args.timeout, args.qemu_arg, args.accel,
                          args.verbose)
    print_result(result)
    print(f"{result.passed} passed, {result.failed} failed"
          + (f", {result.skipped} skipped" if result.skipped else ""))
    return 0 if result.ok and result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
