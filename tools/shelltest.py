#!/usr/bin/env python3
"""tools/shelltest.py — an interactive busybox session through the serial
console, as a newcomer's `make run` would have it (make check's
nook-shell run).

Nook boots with no NOOK_RUN, so init starts busybox's login shell on the
console. This program then plays the person at the keyboard: it waits for
the prompt, types a command a byte stream at a time, and reads back the
echo and the output, as a terminal would show them. Each step is one
test: typing and echo, ^C of a running sleep, ^Z and fg, ^D ending cat's
input, vi writing a file, and poweroff ending QEMU.

Like a real terminal it answers the cursor-position query busybox sends
(ESC [ 6 n) with the column the cursor is in, on the last row of a
24x80 screen, so line editing and vi see a terminal, not a dumb line.

    tools/shelltest.py [-v]        the session, then one line per step
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness      # noqa: E402

PROMPT = "nook:/# "         # PS1 from user/rootfs/etc/profile, in "/"
# Limits that only a failure reaches, also on a host 5-10 times slower.
BOOT_TIMEOUT_S = 180        # QEMU start to the first prompt
STEP_TIMEOUT_S = 60
SIGNAL_TIMEOUT_S = 60       # a typed ^C or ^Z to the prompt or "Stopped"
KEY_RETRY_S = 2             # ^C again if no prompt came in this long
POWEROFF_EXIT_S = 60
CURSOR_QUERY = b"\x1b[6n"
# What a terminal would not show: colour and cursor-movement sequences.
ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Console:
    """QEMU's serial console as a byte stream: type and expect."""

    def __init__(self, cmd, log):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.log = log
        self.buf = b""          # everything read so far
        self.seen = 0           # where in text() the next expect looks
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            with self.cond:
                if not data:
                    self.closed = True
                    self.cond.notify_all()
                    return
                self.log.write(data.decode("utf-8", "replace"))
                self.log.flush()
                before = len(self.buf)
                self.buf += data
                self.cond.notify_all()
                replies = self._cursor_replies(max(0, before - 3))
            for reply in replies:
                self.type(reply)

    def _cursor_replies(self, start):
        """A reply for each cursor query that starts at or after start:
        row 24 and the column the cursor is in, counted as a terminal
        would, from the last line start before the query."""
        replies = []
        at = self.buf.find(CURSOR_QUERY, start)
        while at >= 0:
            line_start = max(self.buf.rfind(b"\n", 0, at),
                             self.buf.rfind(b"\r", 0, at)) + 1
            shown = ESCAPE_RE.sub("", self.buf[line_start:at].decode(
                "utf-8", "replace"))
            column = len(shown) % 80 + 1
            replies.append(b"\x1b[24;%dR" % column)
            at = self.buf.find(CURSOR_QUERY, at + len(CURSOR_QUERY))
        return replies

    def type(self, data):
        if isinstance(data, str):
            data = data.encode()
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except OSError:
            pass            # QEMU is gone; the next expect says so

    def text(self):
        """The output so far as a terminal shows it: no escape sequences,
        no carriage returns."""
        raw = self.buf.decode("utf-8", "replace")
        return ESCAPE_RE.sub("", raw).replace("\r", "")

    def expect(self, pattern, timeout=STEP_TIMEOUT_S):
        """Waits for pattern (a regex) in the output after the last match;
        returns the text from there up to the end of the match, or None
        on timeout."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                text = self.text()
                m = regex.search(text, self.seen)
                if m:
                    found = text[self.seen:m.end()]
                    self.seen = m.end()
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        return self.proc.returncode


def session(con, result, name):
    """The steps; each adds one test to result."""
    def step(what, ok, note=""):
        result.add(f"{name}/{what}", bool(ok), "" if ok else note)
        return ok

    start = time.monotonic()
    if not step("prompt after boot",
                con.expect(re.escape(PROMPT), BOOT_TIMEOUT_S),
                f"no '{PROMPT}' within {BOOT_TIMEOUT_S} s"):
        return
    result.boot_to_prompt = time.monotonic() - start

    con.type("echo hello $((6 * 7))\r")
    out = con.expect(re.escape(PROMPT))
    step("typed command is echoed and run",
         out and "echo hello $((6 * 7))\nhello 42\n" in out,
         f"got {out!r}")

    # A key typed before the job has the terminal (ash's child calls
    # tcsetpgrp, then execs) signals the shell, which ignores it. The
    # subshell says "sleeping" once it has the terminal, then becomes
    # sleep: no guess of how long a fork and exec take.
    con.type("(echo sleeping; exec sleep 600)\r")
    con.expect(r"\nsleeping\n")
    con.type("\x03")
    out = con.expect(re.escape(PROMPT), SIGNAL_TIMEOUT_S)
    step("^C ends a running sleep", out,
         f"no prompt within {SIGNAL_TIMEOUT_S} s of ^C")

    con.type("(echo sleeping; exec sleep 600)\r")
    con.expect(r"\nsleeping\n")
    con.type("\x1a")
    out = con.expect(r"Stopped.*\n(.*\n)*?" + re.escape(PROMPT),
                     SIGNAL_TIMEOUT_S)
    stopped = step("^Z stops it and the shell says so", out,
                   "no 'Stopped' and prompt after ^Z")
    if stopped:
        # fg prints the job before it hands the terminal over, and the
        # job says nothing when continued: ^C until the prompt is back
        # (a ^C that comes too early goes to the shell, which ignores it).
        con.type("fg\r")
        con.expect(r"exec sleep 600\)?\n")
        out = None
        deadline = time.monotonic() + SIGNAL_TIMEOUT_S
        while out is None and time.monotonic() < deadline:
            con.type("\x03")
            out = con.expect(re.escape(PROMPT), KEY_RETRY_S)
        step("fg brings it back, ^C ends it", out,
             "no prompt after fg and ^C")

    # Type only once cat reads: bytes typed while the shell's line editor
    # still has the terminal raw are taken raw (DEL as a byte), on Linux
    # too. "ready" is printed after the shell has put it back in cooked
    # mode for the command line.
    con.type("echo ready; cat > /tmp/typed\r")
    con.expect(r"\nready\n")
    con.type("first line\r")
    con.type("second\x7fND line\r")        # DEL erases a character
    con.type("\x04")                        # ^D: end of input
    con.expect(re.escape(PROMPT))
    con.type("cat /tmp/typed\r")
    out = con.expect(re.escape(PROMPT))
    step("^D ends cat's input; DEL erased a character",
         out and "first line\nseconND line\n" in out, f"got {out!r}")

    # Each key only once vi has shown it took the last: its status line
    # ("- NAME 1/1 100%") says it has the terminal raw (bytes typed
    # before that are echoed cooked), and the mode back to "-" says it
    # read ESC alone (ESC with ':' close behind would be one sequence).
    con.type("vi /tmp/vi.txt\r")
    ok = con.expect(r"- /tmp/vi\.txt \d+/\d+")
    con.type("ihello from vi")
    ok = ok and con.expect(r"hello from vi")
    con.type("\x1b")
    ok = ok and con.expect(r"- /tmp/vi\.txt \[Modified\]")
    con.type(":wq\r")
    out = con.expect(re.escape(PROMPT))
    con.type("cat /tmp/vi.txt\r")
    out = con.expect(re.escape(PROMPT))
    step("vi writes a file on tmpfs",
         ok and out and "\nhello from vi\n" in out, f"got {out!r}")

    con.type("poweroff\r")
    out = con.expect(r"reboot: Power down", STEP_TIMEOUT_S)
    step("poweroff powers the machine off", out,
         f"no 'reboot: Power down' within {STEP_TIMEOUT_S} s")
    deadline = time.monotonic() + POWEROFF_EXIT_S
    while con.proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    status = con.proc.poll()
    step("QEMU ends with the power-off status",
         status == harness.QEMU_STATUS_POWEROFF,
         f"QEMU status {status}")


def run_shell(name="nook-shell", iso=harness.DEFAULT_ISO, verbose=False):
    result = harness.RunResult(name)
    result.boot_to_prompt = None
    cmd = harness.qemu_command(iso)
    os.makedirs(harness.LOG_DIR, exist_ok=True)
    result.log_path = os.path.join(harness.LOG_DIR, name + ".log")
    start = time.monotonic()
    with open(result.log_path, "w") as log:
        log.write("# " + " ".join(cmd) + "\n")
        con = Console(cmd, log)
        try:
            session(con, result, name)
        finally:
            result.status = con.close()
    result.seconds = time.monotonic() - start
    result.console = con.text().splitlines()
    text = con.text()
    result.ok = True
    if harness.PANIC_RE.search(text):
        result.fail(harness.KIND_PANIC, "kernel panic during the session")
    elif re.search(r"^\s*BUG: ", text, re.M):
        result.fail(harness.KIND_BUG, "kernel oops during the session")
    elif result.failed:
        result.fail(harness.KIND_TEST_FAILED,
                    f"{result.failed} step(s) of the session failed")
    if verbose:
        print(text)
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Drive busybox sh in Nook through the serial console.")
    ap.add_argument("--iso", default=harness.DEFAULT_ISO)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    result = run_shell(iso=args.iso, verbose=args.verbose)
    harness.print_result(result)
    if result.boot_to_prompt is not None:
        print(f"# QEMU start to the first prompt: "
              f"{result.boot_to_prompt:.2f} s")
    print(f"{result.passed} passed, {result.failed} failed")
    return 0 if result.ok and result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
