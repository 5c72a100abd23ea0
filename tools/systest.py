#!/usr/bin/env python3
"""tools/systest.py — the scripted busybox session, in Nook and on Linux.

user/rootfs/usr/share/nook/systest.sh is a shell script in the image:
ordinary commands (files, pipes, ps, mount, df, free, kill...) run by
Debian's busybox sh. Its output must be exactly tools/systest.expected,
section by section: each "### name" line opens one test, made of the
lines up to the next "###".

Two runs, both in make check:

  host-busybox  the script on the host's Linux, by the same busybox, with
                its applets first in PATH, in private pid, mount and uts
                namespaces (hostname "nook"): this
                proves the expected output is what Linux prints
  nook-busybox  the script in Nook: init runs `/bin/sh SCRIPT`

    tools/systest.py [-v] host|nook      one run, its test lines
"""

import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness      # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SCRIPT_IN_IMAGE = "/usr/share/nook/systest.sh"
SCRIPT = os.path.join(REPO, "user", "rootfs", SCRIPT_IN_IMAGE.lstrip("/"))
EXPECTED = os.path.join(HERE, "systest.expected")
BUSYBOX = "/bin/busybox"
UNSHARE = "/usr/bin/unshare"     # util-linux's, not the applet
APPLET_DIR = os.path.join(REPO, "build", "systest-bin")
SECTION_RE = re.compile(r"^### (.+)$")
TIMEOUT_S = 300             # only a hang takes that long


def split_sections(lines):
    """[(name, [line, ...]), ...] in order; lines before the first
    "###" go in a section named "(before the first ###)"."""
    sections = []
    for line in lines:
        m = SECTION_RE.match(line)
        if m:
            sections.append((m.group(1), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            sections.append(("(before the first ###)", [line]))
    return sections


def judge(result, output_lines, expected_path=EXPECTED):
    """One test per expected section: its lines must match exactly."""
    with open(expected_path) as f:
        expected = split_sections(f.read().splitlines())
    got = dict()
    for name, lines in split_sections(output_lines):
        got.setdefault(name, lines)
    if not expected:
        result.fail(harness.KIND_PLAN, f"no ### section in {expected_path}")
    known = {name for name, _ in expected}
    for name, want in expected:
        have = got.get(name)
        test = f"{result.name}/{name}"
        if have is None:
            result.add(test, False, "section missing from the output")
            continue
        if have == want:
            result.add(test, True)
            continue
        diff = first_difference(want, have)
        result.add(test, False, diff)
    for name in got:
        if name not in known:
            result.add(f"{result.name}/{name}", False,
                       "not in tools/systest.expected")
    if result.failed and result.ok:
        result.fail(harness.KIND_TEST_FAILED,
                    f"{result.failed} section(s) differ from "
                    "tools/systest.expected")


def first_difference(want, have):
    for i in range(max(len(want), len(have))):
        w = want[i] if i < len(want) else "(nothing)"
        h = have[i] if i < len(have) else "(nothing)"
        if w != h:
            return f"line {i + 1}: expected {w!r}, got {h!r}"
    return "differs"


def make_applet_dir():
    """build/systest-bin: a link to busybox for each of its applets."""
    os.makedirs(APPLET_DIR, exist_ok=True)
    names = subprocess.run([BUSYBOX, "--list"], capture_output=True,
                           text=True, check=True).stdout.split()
    for name in names:
        link = os.path.join(APPLET_DIR, name)
        if not os.path.lexists(link):
            os.symlink(BUSYBOX, link)


def run_host(name="host-busybox", verbose=False):
    """The script on the host's Linux; a harness.RunResult."""
    result = harness.RunResult(name)
    if os.geteuid() != 0:
        result.fail(harness.KIND_EARLY_EXIT, "needs root (mount, hostname)")
        result.add(f"{name}/(run)", False, result.kind)
        return result
    make_applet_dir()
    # The host's /tmp stays: the repository (and the applet links) may
    # well be under it, as in a fresh clone to /tmp.
    inner = f"hostname nook && exec {BUSYBOX} sh {SCRIPT}"
    command = [UNSHARE, "--pid", "--fork", "--kill-child", "--mount",
               "--uts", "--mount-proc", BUSYBOX, "sh", "-c", inner]
    env = {"PATH": APPLET_DIR, "HOME": "/root"}
    start = time.monotonic()
    try:
        proc = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT_S)
        out = proc.stdout.decode("utf-8", "replace").splitlines()
        result.status = proc.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace").splitlines()
        result.fail(harness.KIND_TIMEOUT, f"no end after {TIMEOUT_S} s")
    result.seconds = time.monotonic() - start
    result.console = out
    os.makedirs(harness.LOG_DIR, exist_ok=True)
    result.log_path = os.path.join(harness.LOG_DIR, name + ".log")
    with open(result.log_path, "w") as log:
        log.write("# " + " ".join(command) + "\n")
        log.write("\n".join(out) + "\n")
    if verbose:
        print("\n".join(out))
    result.ok = not result.reason
    if result.ok and result.status != 0:
        result.fail(harness.KIND_STATUS,
                    f"the script exited with status {result.status}")
    judge(result, out)
    return result


def run_nook(name="nook-busybox", iso=harness.DEFAULT_ISO, smp=1,
             verbose=False):
    """The script in Nook, run by init as `/bin/sh SCRIPT`."""
    program = "/bin/sh"
    out = []
    status = []

    def on_line(text, result):
        if result.line_is_kernel:
            return False
        m = harness.INIT_STATUS_RE.match(text)
        if m and m.group(1) == program:
            status.append(int(m.group(2)))
            return True
        out.append(text)
        return False

    cmdline = f"NOOK_RUN={program} -- {SCRIPT_IN_IMAGE}"
    result = harness.run_qemu(name, iso, cmdline, smp=smp,
                              timeout=TIMEOUT_S, verbose=verbose,
                              on_line=on_line)
    result.ok = not result.reason
    if result.ok and not status:
        result.fail(harness.KIND_EARLY_EXIT,
                    "init did not report the shell's exit status")
    elif result.ok and status[0] != 0:
        result.fail(harness.KIND_STATUS,
                    f"the script exited with status {status[0]}")
    judge(result, out)
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Run user/rootfs/usr/share/nook/systest.sh and compare "
                    "its output with tools/systest.expected.")
    ap.add_argument("where", choices=("host", "nook"))
    ap.add_argument("--iso", default=harness.DEFAULT_ISO)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.where == "host":
        result = run_host(verbose=args.verbose)
    else:
        result = run_nook(iso=args.iso, verbose=args.verbose)
    harness.print_result(result)
    print(f"{result.passed} passed, {result.failed} failed")
    return 0 if result.ok and result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
