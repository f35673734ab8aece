#!/usr/bin/env python3
"""What a forked R worker costs, without the engine: drives `worker.R zygote` directly.

Usage (as any user, on a quiet host):

    python3 benchmarks/zygote_cost.py [--jobs 100] [--cpu K]

It starts the zygote with no sandbox, keeps 5 forked workers ready (as the engine's pool
does), and runs --jobs small jobs one after the other (`OutputDataSet <- data.frame(x = n *
2L)` with @n INT), each in a fresh child that is killed once it has answered. --cpu K starts
the zygote (and so every child) on CPU K only. It prints, per job:

- the whole host's busy CPU time (/proc/stat), which includes everything else running;
- the zygote's own CPU (its forks) and the CPU of its reaped children (the workers, their
  warm-up, their job and their teardown);
- the median page faults and CPU of a child just before it is killed (its teardown not included).

benchmarks/PROFILE.md ("A zygote per CPU") has the figures it gave.
"""
import argparse
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time

# the built one: satellite-become.so lies next to it (a child without a uid confines itself with it)
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                      "core-engine/target/classes/io/satellite/engine/launchpad/worker.R")
TICK = os.sysconf("SC_CLK_TCK")


def host_busy_ticks():
    f = [int(v) for v in open("/proc/stat").readline().split()[1:9]]
    return f[0] + f[1] + f[2] + f[5] + f[6] + f[7]  # user nice system irq softirq steal


def stat(pid):
    """Fields of /proc/<pid>/stat after the command name (index 0 is the state)."""
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()


def frame(n):
    def i32(v):
        return struct.pack("<i", v)

    def string(s):
        return i32(len(s.encode())) + s.encode()
    return (b"SATJ" + i32(1) + string("OutputDataSet <- data.frame(x = n * 2L)") + string("InputDataSet")
            + string("OutputDataSet") + i32(1) + string("n") + i32(1) + i32(0) + i32(n) + i32(0) + i32(0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=100)
    ap.add_argument("--cpu", type=int, help="run the zygote and its children on this CPU only")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(os.path.dirname(WORKER), "satellite-become.so")):
        raise SystemExit("build core-engine first (mvn -pl core-engine compile): " + WORKER + " and its library")
    slots = tempfile.mkdtemp(prefix="zygote-cost-")
    command = ["Rscript", "--vanilla", WORKER, "zygote"]
    if args.cpu is not None:
        command = ["taskset", "-c", str(args.cpu)] + command
    zygote = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                              env=dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8"))
    forked = 0
    ready = []  # (slot, pid) of forked workers waiting for a job

    def fork():
        nonlocal forked
        forked += 1
        slot = os.path.join(slots, f"job-{forked}")
        os.mkdir(slot)
        os.mkdir(os.path.join(slot, "tmp"))
        open(os.path.join(slot, "output.txt"), "w").close()   # the engine makes it; the child appends to it
        os.mkfifo(os.path.join(slot, "job.pipe"))
        os.mkfifo(os.path.join(slot, "results.pipe"))
        zygote.stdin.write(f"FORK {slot}\n")
        zygote.stdin.flush()
        while True:
            line = zygote.stdout.readline()
            if not line:
                raise SystemExit("the zygote exited")
            if line.startswith("FORKED "):
                return slot, int(line.split()[2])

    def run(slot, pid, n):
        with open(os.path.join(slot, "job.pipe"), "wb") as job:
            job.write(frame(n))
        with open(os.path.join(slot, "results.pipe"), "rb") as results:
            answer = results.read()
        if not answer.startswith(b"SATR"):
            raise SystemExit(f"job {n}: not a result frame: {answer[:40]!r}")
        s = stat(pid)
        os.kill(pid, signal.SIGKILL)
        shutil.rmtree(slot, ignore_errors=True)
        return int(s[7]), (int(s[11]) + int(s[12])) * 1000 / TICK  # minflt, utime + stime in ms

    try:
        for i in range(5):  # the JIT of R's byte code, the lazy loads: not measured
            run(*fork(), i)
        ready.extend(fork() for _ in range(5))
        time.sleep(2)
        zygote_pid = int(stat(ready[0][1])[1])
        z0, busy0, t0 = stat(zygote_pid), host_busy_ticks(), time.time()
        faults, cpu = [], []
        for n in range(args.jobs):
            f, c = run(*ready.pop(0), n)
            faults.append(f)
            cpu.append(c)
            ready.append(fork())
        time.sleep(1)  # the last kills reaped
        z1, busy1, seconds = stat(zygote_pid), host_busy_ticks(), time.time() - t0
        per_job = 1000 / TICK / args.jobs
        faults.sort()
        cpu.sort()
        print(f"{args.jobs} jobs in {seconds:.1f} s, zygote on {'CPU ' + str(args.cpu) if args.cpu is not None else 'any CPU'}:"
              f" host busy {(busy1 - busy0) * per_job:.1f} ms/job;"
              f" zygote {(int(z1[11]) + int(z1[12]) - int(z0[11]) - int(z0[12])) * per_job:.1f} ms/job;"
              f" its reaped children {(int(z1[13]) + int(z1[14]) - int(z0[13]) - int(z0[14])) * per_job:.1f} ms/job;"
              f" a child before its kill: {faults[len(faults) // 2]} page faults, {cpu[len(cpu) // 2]:.0f} ms (p50)")
    finally:
        for _, pid in ready:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        zygote.stdin.close()
        zygote.wait(timeout=30)
        shutil.rmtree(slots, ignore_errors=True)


if __name__ == "__main__":
    main()
