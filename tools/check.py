#!/usr/bin/env python3
"""tools/check.py — what `make check` runs: every test, one line each.

The runs, in this order (two at a time, printed in order):

  ktest-128M        ktest=all with -m 128M
  ktest-4G          ktest=all with -m 4G (memory above 4 GiB)
  ktest-smp2        ktest=all with -smp 2
  ktest-smp4        ktest=all with -smp 4
  boot              no ktest: the banner, then the timer's heartbeat
                    (BOOT_EXPECT below) twice
  rcu-broken        RCU broken on purpose, twice: ktest=rcu rcu_broken=1
                    -smp 2 and rcu_broken=2 -smp 4 (the cases in
                    RCU_BROKEN_MUST_FAIL must fail), and break=rcu_sleep
                    (a reader that sleeps must panic)
  harness-selftest  tools/harness.py --self-test: the harness must catch
                    a failing case, a panic, a hang and a fault
  gdb               tools/gdb_check.py: gdb stops in mm_init and the
                    backtrace shows kernel_main below it
  host-user         tools/host_user.py: the user-space suite (build/user/
                    utest under build/user/init) on the host's Linux, in
                    a private PID namespace; it must pass there too
  nook-user         the same suite inside Nook (NOOK_RUN=/bin/utest)
  nook-user-smp2    ... with two CPUs
  nook-exec         tools/nook-exec runs host programs (musl and glibc
                    static) in Nook and returns their exit status
  host-busybox      tools/systest.py: the scripted busybox session
                    (user/rootfs/usr/share/nook/systest.sh) on the host's
                    Linux; its output must be tools/systest.expected
  nook-busybox      the same script in Nook, the same expected output
  nook-shell        tools/shelltest.py: an interactive busybox session
                    typed into the serial console (echo, ^C, ^Z and fg,
                    ^D, vi, poweroff)
  gdb-fork          gdb stops in copy_process while init vforks hello;
                    the backtrace runs from entry_SYSCALL_64 through
                    kernel_clone (docs/fork.md walks the same session)
  gdb-ns            gdb stops in copy_namespaces, create_new_namespaces,
                    copy_utsname and switch_task_namespaces while
                    user/nstour.c clones and unshares with CLONE_NEWUTS
                    (docs/namespaces.md walks the same session)

Each KTAP case, self-test check and system test counts as one test. The
last line is exactly "N passed, M failed"; the exit status is 0 only if
M is 0 and every run passed.

    make check                      everything
    make check KTEST=page_alloc     only the ktest runs, only that suite
    make check ONLY=boot            one run by name (comma list allowed)
    tools/check.py --help
"""

import argparse
import concurrent.futures
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness      # noqa: E402
import gdb_check    # noqa: E402
import host_user    # noqa: E402
import nook_exec_check  # noqa: E402
import shelltest    # noqa: E402
import systest      # noqa: E402

# The boot test waits for the banner and two heartbeats of the timer.
BOOT_EXPECT = harness.HEALTHY_BOOT

# Limits that only catch hangs: a run that passes ends long before them,
# also on a loaded two-core host running QEMU 5-10 times slower.
KTEST_TIMEOUT_S = 300
BOOT_TIMEOUT_S = 120        # the heartbeat is at 1 s and 2 s; slack for a loaded host
DEFAULT_JOBS = 2            # QEMU runs at a time (TCG: one core each)


def ktest_run(name, mem="128M", smp=1):
    def run(args):
        return harness.run_ktap(name, args.iso, ktest=args.ktest, mem=mem,
                                smp=smp, timeout=KTEST_TIMEOUT_S,
                                verbose=args.verbose)
    return run


def boot_run(args):
    return harness.run_boot("boot", args.iso, expect=BOOT_EXPECT,
                            timeout=BOOT_TIMEOUT_S, verbose=args.verbose)


def selftest_run(args):
    return harness.self_test(args.iso, verbose=args.verbose)


# For each mutation (kernel/include/nook/rcupdate.h): its CPUs, and the
# ktest cases that must catch it. rcu_broken=2 (the tick ends a grace
# period inside a reader) at -smp 4: rcu_gp is often queued behind a
# long reader, so it needs CPUs to spare to end grace periods early;
# test_sync_waits_for_earlier_reader catches it only where rcu_gp lands
# on the caller's CPU, so it is not required there.
RCU_BROKEN_MUST_FAIL = {
    1: (2, ["test_sync_waits_for_earlier_reader",
            "test_reader_holds_callback_across_ticks",
            "rcu_torture_test"]),
    2: (4, ["test_reader_holds_callback_across_ticks",
            "rcu_torture_test"]),
}
RCU_SLEEP_PANIC = "in an RCU read-side critical section"


def rcu_broken_check(outcome, name, r, good, note):
    outcome.add(name, good, "" if good else note)
    if not good:
        outcome.fail(harness.KIND_TEST_FAILED, f"{name}: {note}")
        outcome.console += [f"[{name}] {line}" for line in r.tail()]
        outcome.log_path = r.log_path


def rcu_broken_run(args):
    """RCU broken on purpose; both runs must fail, each as it should.

    ktest=rcu under rcu_broken=1, where grace periods do not wait, and
    rcu_broken=2, where the tick ends them inside readers: the cases
    listed must fail, or they could not catch a broken RCU (as
    harness-selftest proves the harness catches failures). Two CPUs at
    least: on one, a reader cannot be preempted, so nothing overlaps it.
    Then break=rcu_sleep: a reader that sleeps must panic, saying so."""
    start = time.monotonic()
    outcome = harness.RunResult("rcu-broken")
    outcome.ok = True
    for mode, (smp, cases) in RCU_BROKEN_MUST_FAIL.items():
        run = f"rcu-broken{mode}"
        r = harness.run_ktap(run, args.iso, ktest="rcu",
                             cmdline=f"rcu_broken={mode}", smp=smp,
                             timeout=KTEST_TIMEOUT_S, verbose=args.verbose)
        for case in cases:
            verdicts = [passed for name, passed, _ in r.lines
                        if name == f"{run}/rcu/{case}"]
            rcu_broken_check(outcome, f"{run}/{case}-fails", r,
                             r.kind == harness.KIND_TEST_FAILED and
                             verdicts == [False],
                             f"verdicts {verdicts}, run '{r.kind}' "
                             f"({r.reason})")
    r = harness.run_boot("rcu-sleep", args.iso, cmdline="break=rcu_sleep",
                         expect=harness.HEALTHY_BOOT, timeout=BOOT_TIMEOUT_S,
                         verbose=args.verbose)
    rcu_broken_check(outcome, "rcu-broken/sleeping-reader-panics", r,
                     r.kind == harness.KIND_PANIC and
                     RCU_SLEEP_PANIC in r.reason,
                     f"run '{r.kind}' ({r.reason})")
    outcome.seconds = time.monotonic() - start
    return outcome


def gdb_run(args):
    return gdb_check.run_gdb_check(args.iso, args.elf, verbose=args.verbose)


def host_user_run(args):
    return host_user.run_host_user(verbose=args.verbose)


USER_TIMEOUT_S = 300


def nook_user_run(name, smp=1):
    """The same user-space suite as host-user, inside Nook."""
    def run(args):
        return harness.run_user(name, args.iso, smp=smp,
                                timeout=USER_TIMEOUT_S, verbose=args.verbose)
    return run


def nook_tty_run(args):
    """user/ttytest in Nook, its console input typed by the harness."""
    return harness.run_user("nook-tty", args.iso, timeout=USER_TIMEOUT_S,
                            verbose=args.verbose, program=harness.TTYTEST,
                            tty_input=True)


def nook_exec_run(args):
    return nook_exec_check.run_nook_exec_check(verbose=args.verbose)


def host_busybox_run(args):
    return systest.run_host(verbose=args.verbose)


def nook_busybox_run(args):
    return systest.run_nook(iso=args.iso, verbose=args.verbose)


def nook_shell_run(args):
    return shelltest.run_shell(iso=args.iso, verbose=args.verbose)


def gdb_fork_run(args):
    """gdb stops in copy_process while init vforks its program."""
    return gdb_check.run_gdb_check(
        args.iso, args.elf, first_break="__x64_sys_vfork",
        break_at="copy_process", name="gdb/fork-copy_process",
        expect_frames=("copy_process", "kernel_clone", "__x64_sys_vfork",
                       "do_syscall_64", "entry_SYSCALL_64"),
        cmdline="NOOK_RUN=/bin/hello", verbose=args.verbose)


def gdb_ns_run(args):
    """The namespace tour: gdb stops in each step of clone(CLONE_NEWUTS)
    and unshare(CLONE_NEWUTS) made by user/nstour.c (docs/namespaces.md).
    """
    return gdb_check.run_gdb_tour(
        args.iso, args.elf, first_break="__x64_sys_clone",
        breaks=("copy_namespaces", "create_new_namespaces", "copy_utsname",
                "switch_task_namespaces"),
        stops=7,
        expect_calls=(("copy_namespaces", "copy_process"),
                      ("create_new_namespaces", "copy_namespaces"),
                      ("create_new_namespaces", "unshare_nsproxy_namespaces"),
                      ("copy_utsname", "create_new_namespaces"),
                      ("switch_task_namespaces", "exit_task_namespaces"),
                      ("switch_task_namespaces", "ksys_unshare")),
        cmdline="NOOK_RUN=/bin/nstour", name="gdb/ns-tour",
        verbose=args.verbose)


# (name, is a ktest run?, function(args) -> harness.RunResult)
RUNS = [
    ("ktest-128M", True, ktest_run("ktest-128M", mem="128M")),
    ("ktest-4G", True, ktest_run("ktest-4G", mem="4G")),
    ("ktest-smp2", True, ktest_run("ktest-smp2", smp=2)),
    ("ktest-smp4", True, ktest_run("ktest-smp4", smp=4)),
    ("boot", False, boot_run),
    ("harness-selftest", False, selftest_run),
    ("rcu-broken", False, rcu_broken_run),
    ("gdb", False, gdb_run),
    ("host-user", False, host_user_run),
    ("nook-user", False, nook_user_run("nook-user")),
    ("nook-user-smp2", False, nook_user_run("nook-user-smp2", smp=2)),
    ("nook-tty", False, nook_tty_run),
    ("nook-exec", False, nook_exec_run),
    ("host-busybox", False, host_busybox_run),
    ("nook-busybox", False, nook_busybox_run),
    ("nook-shell", False, nook_shell_run),
    ("gdb-fork", False, gdb_fork_run),
    ("gdb-ns", False, gdb_ns_run),
]


def choose_runs(args):
    """The runs --only names; with only --ktest, just the ktest runs."""
    if args.only:
        wanted = [n for item in args.only for n in item.split(",") if n]
        known = {name for name, _, _ in RUNS}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            sys.exit(f"check: no run named {', '.join(unknown)}; "
                     f"runs: {', '.join(n for n, _, _ in RUNS)}")
        return [r for r in RUNS if r[0] in wanted]
    if args.ktest != "all":
        return [r for r in RUNS if r[1]]
    return RUNS


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Run all of Nook's tests; end with 'N passed, M failed'.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="runs: " + ", ".join(n for n, _, _ in RUNS) + "\n"
               "From make: make check KTEST=page_alloc   make check ONLY=gdb")
    ap.add_argument("--iso", default=harness.DEFAULT_ISO)
    ap.add_argument("--elf", default="nook.elf")
    ap.add_argument("--only", action="append", metavar="NAME[,NAME]",
                    help="run only these runs (repeatable)")
    ap.add_argument("--ktest", default="all", metavar="SUITES",
                    help="ktest filter for the ktest runs (a,b); other than "
                         "'all' it also limits check to the ktest runs "
                         "unless --only says otherwise")
    ap.add_argument("-j", "--jobs", type=int, default=DEFAULT_JOBS,
                    help=f"runs at a time (default {DEFAULT_JOBS})")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="echo every console line (mixed when -j > 1)")
    args = ap.parse_args(argv)

    for path in (args.iso, args.elf):
        if not os.path.exists(path):
            sys.exit(f"check: {path} not found; run make first")

    runs = choose_runs(args)
    start = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [(name, pool.submit(fn, args)) for name, _, fn in runs]
        for name, future in futures:        # print in order
            result = future.result()
            results.append(result)
            harness.print_result(result)

    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    broken = [r for r in results if not r.ok]
    skipped = sum(r.skipped for r in results)
    print(f"# {len(results)} runs in {time.monotonic() - start:.0f} s"
          + (f", {skipped} tests skipped" if skipped else "") + ": "
          + ", ".join(f"{name} {'ok' if r.ok else 'FAILED'} "
                      f"({r.seconds:.0f} s)"
                      for (name, _, _), r in zip(runs, results)))
    for (name, _, _), r in zip(runs, results):
        if not r.ok:
            print(f"# FAILED run {name}: {r.reason}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or broken else 0


if __name__ == "__main__":
    sys.exit(main())
