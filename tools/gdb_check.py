#!/usr/bin/env python3
"""tools/gdb_check.py — the scripted gdb session of make check.

Starts QEMU halted (-S) with its gdb stub on a free local port, runs gdb
in batch mode with a script that connects, sets a breakpoint, continues
and prints a backtrace, and passes if gdb stopped at the breakpoint and
the backtrace names the expected functions. QEMU is always killed, and
gdb has a timeout (a breakpoint that is never reached would otherwise
wait forever).

    tools/gdb_check.py --iso nook.iso --elf nook.elf [--break mm_init]

check.py calls run_gdb_check(); it returns a harness.RunResult.
Later (DESIGN.md section 4) the same check breaks in copy_process
during a fork: pass break_at="copy_process",
expect_frames=("copy_process", "kernel_clone").
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

GDB = "gdb"
GDB_TIMEOUT_S = 180         # only a breakpoint never reached waits that long
QEMU_LISTEN_TIMEOUT_S = 60
BACKTRACE_FRAMES = 8        # entry.asm has no CFI: gdb unwinds past it
LOG_NAME = "gdb-check"

# The session starts from the very gdbinit `make gdb` uses, so the check
# also proves that file works; then it breaks, continues and backtraces.
GDBINIT_TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "gdbinit.tmpl")
GDB_COMMANDS = """\
set pagination off
set confirm off
{first}break {break_at}
continue
bt {frames}
kill
"""


def gdb_script(elf, port, break_at, frames, first_break=None):
    """tools/gdbinit.tmpl filled in as the Makefile does, plus commands.

    With first_break, gdb first runs to that function, and only then
    sets break_at: "the copy_process of a fork", not of a kernel thread.
    """
    first = f"break {first_break}\ncontinue\n" if first_break else ""
    return gdbinit(elf, port) + GDB_COMMANDS.format(
        break_at=break_at, frames=frames, first=first)


def gdbinit(elf, port):
    """tools/gdbinit.tmpl filled in as the Makefile does."""
    with open(GDBINIT_TEMPLATE) as f:
        init = f.read()
    return init.replace("@ELF@", elf).replace("@GDBPORT@", str(port))


def free_port():
    """A TCP port nobody listens on now (the kernel picks it for us)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_taken(port):
    """True once someone (QEMU) is bound to port; we only try to bind."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def gdb_session(name, iso, cmdline, log_dir, script_for_port, run_gdb,
                verbose=False):
    """QEMU halted with its gdb stub on a free port, gdb on a script.

    script_for_port(port) gives gdb's script; run_gdb(result, path)
    runs gdb on it and judges the output. QEMU is always killed, and
    the run counts as one test, named name. Returns the RunResult.
    """
    result = harness.RunResult(name)
    os.makedirs(log_dir, exist_ok=True)
    # One log pair per check: two gdb checks may run side by side.
    log_base = LOG_NAME + "-" + re.sub(r"\W+", "_", name.split("/")[-1])
    result.log_path = os.path.join(log_dir, log_base + ".log")
    serial_log = os.path.join(log_dir, log_base + "-serial.log")
    port = free_port()
    qemu_cmd = harness.qemu_command(
        iso, cmdline, serial=f"file:{serial_log}",
        extra_args=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    start = time.monotonic()
    qemu = subprocess.Popen(qemu_cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    script = tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False)
    try:
        script.write(script_for_port(port))
        script.close()
        # Wait for QEMU's gdb stub to listen (or for QEMU to fail).
        deadline = time.monotonic() + QEMU_LISTEN_TIMEOUT_S
        while not port_taken(port):
            if qemu.poll() is not None or time.monotonic() > deadline:
                out = qemu.stdout.read().decode(errors="replace")
                result.console = out.splitlines()
                result.fail(harness.KIND_QEMU,
                            f"QEMU's gdb stub did not listen on port {port}")
                break
            time.sleep(0.05)
        else:
            run_gdb(result, script.name)
    finally:
        os.unlink(script.name)
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        result.seconds = time.monotonic() - start
    with open(result.log_path, "w") as log:
        log.write("# " + " ".join(qemu_cmd) + "\n")
        log.write("\n".join(result.console) + "\n")
    if verbose:
        print("\n".join(result.console))
    result.add(name, result.ok, "" if result.ok else result.reason)
    return result


def run_gdb_check(iso=harness.DEFAULT_ISO, elf="nook.elf",
                  break_at="mm_init", expect_frames=("mm_init", "kernel_main"),
                  cmdline="", timeout=GDB_TIMEOUT_S, verbose=False,
                  log_dir=harness.LOG_DIR, first_break=None, name=None):
    return gdb_session(
        name or f"gdb/break-{break_at}", iso, cmdline, log_dir,
        lambda port: gdb_script(os.path.abspath(elf), port, break_at,
                                BACKTRACE_FRAMES, first_break),
        lambda result, script: _run_gdb(result, script, break_at,
                                        expect_frames, timeout),
        verbose)


def _run_gdb(result, script, break_at, expect_frames, timeout):
    """Runs gdb on script; judges its output into result."""
    cmd = [GDB, "-q", "-nx", "-batch", "-x", script]
    try:
        gdb = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=timeout)
        out = (gdb.stdout + gdb.stderr).decode(errors="replace")
        timed_out = False
    except subprocess.TimeoutExpired as e:
        out = ((e.stdout or b"") + (e.stderr or b"")).decode(errors="replace")
        timed_out = True
    except OSError as e:
        result.fail(harness.KIND_QEMU, f"cannot run {GDB}: {e}")
        return
    result.console = out.splitlines()
    stopped = re.search(rf"^Breakpoint \d+, .*\b{re.escape(break_at)}\b",
                        out, re.M)
    frame_re = r"^#\d+\s+(?:0x[0-9a-f]+ in )?([A-Za-z_]\w*)"
    frames = re.findall(frame_re, out, re.M)
    missing = [f for f in expect_frames if f not in frames]
    if re.search(r'^Function ".*" not defined', out, re.M):
        result.fail(harness.KIND_TEST_FAILED,
                    f"gdb: no function {break_at} in the ELF's symbols")
    elif timed_out:
        result.fail(harness.KIND_TIMEOUT, f"timeout after {timeout} s: gdb "
                    f"did not stop at {break_at}")
    elif not stopped:
        result.fail(harness.KIND_TEST_FAILED,
                    f"gdb did not stop at breakpoint {break_at}")
    elif missing:
        result.fail(harness.KIND_TEST_FAILED,
                    f"backtrace lacks {', '.join(missing)} "
                    f"(frames: {' '.join(frames) or 'none'})")
    else:
        result.ok = True


TOUR_COMMANDS = """\
set pagination off
set confirm off
break {first}
continue
delete
{breaks}
{steps}kill
"""


def run_gdb_tour(iso=harness.DEFAULT_ISO, elf="nook.elf", first_break=None,
                 breaks=(), stops=1, expect_calls=(), cmdline="",
                 timeout=GDB_TIMEOUT_S, verbose=False,
                 log_dir=harness.LOG_DIR, name="gdb/tour"):
    """A tour of several breakpoints (docs/namespaces.md walks one).

    gdb runs to first_break, then sets every function in breaks and
    continues stops times, printing a short backtrace at each stop. It
    passes if every function in breaks was stopped in, and for each
    (function, caller) in expect_calls some stop in function had caller
    as its next frame: "create_new_namespaces, called by unshare's
    unshare_nsproxy_namespaces", not just "create_new_namespaces".
    """
    def script_for_port(port):
        return gdbinit(os.path.abspath(elf), port) + TOUR_COMMANDS.format(
            first=first_break,
            breaks="\n".join(f"break {b}" for b in breaks),
            steps="continue\nbt 4\n" * stops)

    return gdb_session(
        name, iso, cmdline, log_dir, script_for_port,
        lambda result, script: _run_tour(result, script, breaks,
                                         expect_calls, timeout),
        verbose)


def _tour_stops(out):
    """[(function, caller)] for each stop, from its 'bt 4' frames."""
    stops = []
    frame_re = re.compile(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?([A-Za-z_]\w*)")
    for block in re.split(r"^Breakpoint [\d.]+, ", out, flags=re.M)[1:]:
        frames = {}
        for line in block.splitlines():
            m = frame_re.match(line)
            if m and int(m.group(1)) not in frames:
                frames[int(m.group(1))] = m.group(2)
        if 0 in frames:
            stops.append((frames[0], frames.get(1)))
    return stops


def _run_tour(result, script, breaks, expect_calls, timeout):
    cmd = [GDB, "-q", "-nx", "-batch", "-x", script]
    try:
        gdb = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=timeout)
        out = (gdb.stdout + gdb.stderr).decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = ((e.stdout or b"") + (e.stderr or b"")).decode(errors="replace")
        result.console = out.splitlines()
        result.fail(harness.KIND_TIMEOUT, f"timeout after {timeout} s")
        return
    except OSError as e:
        result.fail(harness.KIND_QEMU, f"cannot run {GDB}: {e}")
        return
    result.console = out.splitlines()
    stops = _tour_stops(out)
    hit = {f for f, _ in stops}
    missing = [b for b in breaks if b not in hit]
    calls = [c for c in expect_calls if tuple(c) not in stops]
    if re.search(r'^Function ".*" not defined', out, re.M):
        result.fail(harness.KIND_TEST_FAILED,
                    "gdb: a breakpoint's function is not in the ELF")
    elif missing:
        result.fail(harness.KIND_TEST_FAILED,
                    f"never stopped in {', '.join(missing)}")
    elif calls:
        result.fail(harness.KIND_TEST_FAILED, "no stop with these calls: " +
                    ", ".join(f"{c} from {p}" for c, p in calls) +
                    " (stops: " + ", ".join(f"{c}<-{p}" for c, p in stops) +
                    ")")
    else:
        result.ok = True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso", default=harness.DEFAULT_ISO)
    ap.add_argument("--elf", default="nook.elf")
    ap.add_argument("--break", dest="break_at", default="mm_init")
    ap.add_argument("--expect-frame", action="append", default=None,
                    help="a function the backtrace must show (repeatable; "
                         "default: the breakpoint's)")
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--timeout", type=float, default=GDB_TIMEOUT_S)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print gdb's output")
    args = ap.parse_args(argv)
    result = run_gdb_check(args.iso, args.elf, args.break_at,
                           args.expect_frame or [args.break_at],
                           args.cmdline, args.timeout, args.verbose)
    harness.print_result(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
