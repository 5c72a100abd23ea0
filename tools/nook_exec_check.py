"""tools/nook_exec_check.py — make check's run of tools/nook-exec.

Step 2's promise, checked: host programs run unchanged in Nook through
tools/nook-exec and come back with the right exit status. The programs
(tools/nook-exec-tests/) are compiled here, on the host: with musl-gcc
-static, and hello.c once more with gcc -static and gcc -static-pie,
because glibc's static start-up asks more of the kernel than musl's, and
a static-pie program is an ET_DYN the kernel must place itself. Each is
one test.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(TOOLS, "nook-exec-tests")
OUT = os.path.join("build", "nook-exec-tests")
NOOK_EXEC = os.path.join(TOOLS, "nook-exec")
EXEC_TIMEOUT_S = 300        # a boot and one program: only a hang waits
SIGSEGV = 11

STATIC = ["-static"]
# ET_DYN: loaded at a base the kernel chooses (binfmt_elf.c)
STATIC_PIE = ["-static-pie", "-fPIE"]

# (test name, source, compiler and flags, arguments, exit status, output)
CASES = [
    ("hello-musl", "hello.c", ["musl-gcc", *STATIC], ["3", "two words"], 3,
     r"^hello: \[3\] \[two words\]$"),
    ("hello-glibc", "hello.c", ["gcc", *STATIC], ["0"], 0,
     r"^hello: \[0\]$"),
    ("hello-glibc-pie", "hello.c", ["gcc", *STATIC_PIE], ["6"], 6,
     r"^hello: \[6\]$"),
    ("forkwait-musl", "forkwait.c", ["musl-gcc", *STATIC], [], 8,
     r"^forkwait: child \d+ exited with 7$"),
    ("segv-musl", "segv.c", ["musl-gcc", *STATIC], [], 128 + SIGSEGV, None),
]


def compile_case(src, cc, binary):
    os.makedirs(OUT, exist_ok=True)
    cmd = [*cc, "-O2", "-o", binary, os.path.join(SRC, src)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    return done.returncode == 0, done.stderr.strip()


def run_case(result, name, src, cc, args, want_status, want_out, verbose):
    test = f"{result.name}/{name}"
    # a distinct file name per case: nook-exec puts it in /bin/<name>
    binary = os.path.abspath(os.path.join(OUT, name))
    ok, err = compile_case(src, cc, binary)
    if not ok:
        result.add(test, False, f"{cc[0]} failed: {err[:200]}")
        return
    done = subprocess.run([NOOK_EXEC, "--timeout", str(EXEC_TIMEOUT_S),
                           binary, "--", *args],
                          capture_output=True, text=True,
                          timeout=EXEC_TIMEOUT_S + 60)
    out = done.stdout.splitlines()
    result.console += [f"[{name}] {line}" for line in
                       out + done.stderr.splitlines()]
    if verbose:
        print("\n".join(result.console[-len(out) - 1:]), flush=True)
    if done.returncode != want_status:
        result.add(test, False, f"exit status {done.returncode}, "
                   f"want {want_status}: {done.stderr.strip()[-200:]}")
    elif want_out and not any(re.search(want_out, line) for line in out):
        result.add(test, False, f"no output line matching {want_out!r}")
    else:
        result.add(test, True)


def run_nook_exec_check(name="nook-exec", verbose=False):
    result = harness.RunResult(name)
    for case in CASES:
        run_case(result, *case, verbose)
    result.ok = True
    if result.failed:
        result.fail(harness.KIND_TEST_FAILED,
                    f"{result.failed} of {len(CASES)} programs failed")
    return result
