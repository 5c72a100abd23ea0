#!/usr/bin/env python3
"""tools/host_user.py — run Nook's user-space suite on the host's Linux.

DESIGN.md section 4: every user-space test also runs on the host's Linux
and must pass there, which is how a test proves it encodes Linux's
behaviour and not our guess. This runs build/user/init as PID 1 of a
private PID namespace (so orphans come back to it, as in Nook), with
NOOK_RUN naming build/user/utest, exactly as Nook's kernel command line
NOOK_RUN=/bin/utest will:

    unshare --pid --fork --kill-child --mount-proc build/user/init

(as root; otherwise with --user --map-root-user in front, so the same
runs unprivileged). The KTAP that utest prints is judged by the parser in
harness.py, one line per test; init's last report, "init: PROG exited
with status N", must say 0. (init then powers off: in a child PID
namespace reboot(2) only ends the namespace, and unshare sees its child
killed by SIGINT, which is expected.)

    tools/host_user.py [-v] [SUITE...]      e.g. tools/host_user.py fork
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

USER_DIR = os.path.join("build", "user")
TIMEOUT_S = 300             # only a hang takes that long


def unshare_command(init):
    privilege = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    # --uts: the uts suite's sethostname calls never reach the host's name
    return ["unshare", *privilege, "--uts", "--pid", "--fork", "--kill-child",
            "--mount-proc", init]


def run_host_user(name="host-user", user_dir=USER_DIR, suites=(),
                  timeout=TIMEOUT_S, verbose=False):
    """Runs utest under init in a PID namespace; a harness.RunResult."""
    result = harness.RunResult(name)
    init = os.path.abspath(os.path.join(user_dir, "init"))
    utest = os.path.abspath(os.path.join(user_dir, "utest"))
    for path in (init, utest):
        if not os.access(path, os.X_OK):
            result.fail(harness.KIND_EARLY_EXIT,
                        f"{path} not found; run make user")
            result.add(f"{name}/(run)", False, result.kind)
            return result

    os.makedirs(harness.LOG_DIR, exist_ok=True)
    result.log_path = os.path.join(harness.LOG_DIR, name + ".log")
    command = unshare_command(init) + list(suites)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "NOOK_RUN": utest}
    parser = harness.KtapParser()
    init_status = None
    start = time.monotonic()
    with open(result.log_path, "w") as log:
        log.write("# " + " ".join(command) + "\n")
        proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        killed = []

        def kill():
            killed.append(True)
            proc.kill()
        timer = threading.Timer(timeout, kill)
        timer.start()
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            log.write(line + "\n")
            result.console.append(line)
            if verbose:
                print(f"[{name}] {line}", flush=True)
            parser.feed(line)
            m = harness.INIT_STATUS_RE.match(line)
            if m and m.group(1) == utest:
                init_status = int(m.group(2))
        proc.wait()
        timer.cancel()
        timed_out = bool(killed)
        result.status = proc.returncode
        result.seconds = time.monotonic() - start
        log.write(f"# unshare status {proc.returncode}, "
                  f"{result.seconds:.1f} s\n")

    result.ok = True
    if timed_out:
        result.fail(harness.KIND_TIMEOUT, f"no verdict after {timeout} s")
    harness.judge_user_run(result, parser, init_status, "utest")
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Run the user-space suite (build/user/utest) on the "
                    "host's Linux, under init in a private PID namespace.")
    ap.add_argument("suites", nargs="*", metavar="SUITE",
                    help="run only these utest suites")
    ap.add_argument("--user-dir", default=USER_DIR)
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="echo utest's output as it arrives")
    args = ap.parse_args(argv)
    result = run_host_user(user_dir=args.user_dir, suites=args.suites,
                           timeout=args.timeout, verbose=args.verbose)
    harness.print_result(result)
    print(f"{result.passed} passed, {result.failed} failed"
          + (f", {result.skipped} skipped" if result.skipped else ""))
    return 0 if result.ok and result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
