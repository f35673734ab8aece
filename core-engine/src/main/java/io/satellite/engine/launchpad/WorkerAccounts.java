package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The unprivileged uids workers run as, one per live worker (SQL Server's pool of worker
 * accounts in SQLRUserGroup). With a uid of its own a job cannot read a sibling's
 * {@code /proc/PID/cwd} or environment, cannot signal it nor the zygote (root), and its
 * RLIMIT_NPROC (counted per uid across the host) is its own: a fork bomb uses up no other
 * job's processes.
 *
 * <p>A uid is {@link #lease leased} for a worker before it starts (cold) or is forked (warm)
 * and {@link #release released} once the worker is closed: every process of the uid is killed
 * first (as that uid, so nothing else can be hit), and the uid goes to the back of the queue,
 * so that a uid is reused as late as possible. The accounts of one range are shared by every
 * launchpad of the JVM, so that two engines in one JVM never hand out the same uid; a uid
 * another engine of the host has leased is skipped ({@link WorkerUidClaims}), and so is one
 * that had processes when the accounts started (a scan of {@code /proc}, once) for as long as
 * it still has any. Needs a root engine; the kills and checks go through a
 * {@link WorkerSetupHelper} (where it cannot run, a released uid's processes are killed with
 * {@code setpriv} + {@code perl}, and a leased one is not checked).
 *
 * <p>A lease and a release cost no process: a claim is a lock call and a kill is one system
 * call in the helper. (They used to fork children of the helper: 15 ms of CPU per job,
 * measured over 200 lease + release pairs, on hosts where a page fault costs 20 µs.)
 */
public final class WorkerAccounts {
    /** The default range: 1,000 uids from 1,600,000 (far above login users and subordinate-id ranges). */
    public static final int DEFAULT_FIRST = 1_600_000;
    public static final int DEFAULT_COUNT = 1_000;
    private static final Map<String, WorkerAccounts> SHARED = new ConcurrentHashMap<>();

    private final int first;
    private final int count;
    private final Deque<Integer> free = new ArrayDeque<>();
    private final Set<Integer> leased = new HashSet<>();
    private final WorkerUidClaims claims;
    /** Uids that had processes when the accounts started: each is checked before its lease. */
    private Set<Integer> seenInUse;
    private WorkerSetupHelper helper;
    private boolean noHelper;

    private WorkerAccounts(int first, int count, WorkerUidClaims claims) {
        if (first <= 0 || count <= 0 || (long) first + count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a worker uid range needs a first uid above 0 and a positive count: "
                    + first + "+" + count);
        }
        this.first = first;
        this.count = count;
        this.claims = claims;
        for (int i = 0; i < count; i++) {
            free.add(first + i);
        }
    }

    /** The accounts of {@code count} uids from {@code first}, shared by every launchpad of this JVM. */
    public static WorkerAccounts range(int first, int count) {
        return SHARED.computeIfAbsent(first + "+" + count,
                k -> new WorkerAccounts(first, count, WorkerUidClaims.at(WorkerUidClaims.DEFAULT_FILE)));
    }

    /**
     * The range from {@code SATELLITE_WORKER_UIDS} ({@code FIRST+COUNT}, e.g. {@code 1600000+1000}),
     * else the default one.
     */
    public static WorkerAccounts fromEnvironment(Map<String, String> env) {
        String spec = env.get("SATELLITE_WORKER_UIDS");
        if (spec == null || spec.isBlank()) {
            return range(DEFAULT_FIRST, DEFAULT_COUNT);
        }
        String[] parts = spec.strip().split("\\+");
        try {
            return range(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SATELLITE_WORKER_UIDS must read FIRST+COUNT (e.g. 1600000+1000), not '"
                    + spec + "'");
        }
    }

    public int first() {
        return first;
    }

    public int count() {
        return count;
    }

    /** Uids leased right now. */
    public synchronized int inUse() {
        return leased.size();
    }

    /**
     * A uid no live worker has: the one released longest ago that no other engine of the host
     * holds and, if it had processes when the accounts started, has none now. Fails when every
     * uid of the range is leased or busy.
     */
    public int lease() throws IOException {
        int tries;
        synchronized (this) {
            if (seenInUse == null) {
                seenInUse = uidsWithProcesses(first, count);
            }
            tries = free.size();
        }
        for (int i = 0; i < tries; i++) {
            int uid;
            boolean suspect;
            synchronized (this) {
                Integer next = free.poll();
                if (next == null) {
                    break;
                }
                uid = next;
                leased.add(uid);
                suspect = !claims.hostWide() || seenInUse.contains(uid);
            }
            boolean claimed = claims.claim(uid);
            if (claimed && !(suspect && busy(uid))) {
                synchronized (this) {
                    seenInUse.remove(uid);
                }
                return uid;
            }
            if (claimed) {
                claims.drop(uid);
            }
            synchronized (this) {
                leased.remove(uid);
                free.addLast(uid);
            }
        }
        throw new IOException("no free worker uid: all " + count + " uids from " + first + " are in use (raise the"
                + " range with SATELLITE_WORKER_UIDS=FIRST+COUNT)");
    }

    /**
     * Kills whatever still runs as {@code uid} and gives it back for reuse; a uid whose kill
     * failed is checked for processes before its next lease.
     */
    public void release(int uid) {
        synchronized (this) {
            if (!leased.contains(uid)) {
                return;
            }
        }
        boolean killed = killAll(uid);
        claims.drop(uid);
        synchronized (this) {
            if (leased.remove(uid)) {
                if (!killed) {
                    seenInUse.add(uid);
                }
                free.addLast(uid);
            }
        }
    }

    /** Whether {@code uid} is leased right now. */
    public synchronized boolean isLeased(int uid) {
        return leased.contains(uid);
    }

    /**
     * Waits until a forked worker has taken {@code uid} as its real, effective and saved uid
     * (it does so first thing after the fork), so that no job ever reaches a worker that still
     * runs as the zygote's root. Fails with what the zygote logged if the worker exited instead.
     */
    static void awaitTaken(ProcessHandle worker, int uid, Supplier<String> zygoteLog)
            throws IOException {
        Path status = Path.of("/proc", Long.toString(worker.pid()), "status");
        String want = uid + "\t" + uid + "\t" + uid;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String uids = null;
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("Uid:")) {
                        uids = line.substring(4).strip();
                    }
                }
            } catch (IOException e) {
                uids = null; // gone
            }
            if (uids != null && uids.startsWith(want)) {
                return;
            }
            if (uids == null || !worker.isAlive()) {
                throw new IOException("the forked worker exited before it took its uid " + uid + ": " + zygoteLog.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the forked worker did not take its uid " + uid + " within 10 s (uids " + uids + ")");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while a worker took its uid");
            }
        }
    }

    /** The helper's pid, if one runs (a process the launchpad keeps on purpose). */
    synchronized Optional<Long> helperPid() {
        return helper == null || !helper.isAlive() ? Optional.empty() : Optional.of(helper.pid());
    }

    /** Stops the helper while no uid is leased (a launchpad closing); the next lease starts another. */
    synchronized void closeHelperIfIdle() {
        if (leased.isEmpty() && helper != null) {
            helper.close();
            helper = null;
        }
    }

    /** The uids of the range that any process on the host has as its real, effective, saved or file uid. */
    private static Set<Integer> uidsWithProcesses(int first, int count) {
        Set<Integer> found = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(proc.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            for (String id : line.substring(4).strip().split("\\s+")) {
                                long uid = Long.parseLong(id);
                                if (uid >= first && uid < (long) first + count) {
                                    found.add((int) uid);
                                }
                            }
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to skip
        }
        return found;
    }

    private boolean busy(int uid) {
        WorkerSetupHelper h = helper();
        try {
            return h != null && h.anyProcessOf(uid);
        } catch (IOException e) {
            return false; // cannot tell: the uid is in none of our leases, take it
        }
    }

    /** Whether every process of {@code uid} was sent SIGKILL. */
    private boolean killAll(int uid) {
        WorkerSetupHelper h = helper();
        try {
            if (h != null) {
                h.killAllOf(uid);
                return true;
            }
        } catch (IOException e) {
            // tried once more below without the helper
        }
        try {
            return asUid(uid, "kill('KILL', -1); exit 0") == 0;
        } catch (IOException e) {
            return false; // nothing to kill it with: the worker's tree was killed by the launchpad already
        }
    }

    /** Runs a perl one-liner as {@code uid}; its exit code. */
    private static int asUid(int uid, String perl) throws IOException {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "perl", "-e", perl)
                .redirectErrorStream(true).start();
        try {
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("setpriv + perl as uid " + uid + " did not finish");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private synchronized WorkerSetupHelper helper() {
        if (helper != null && !helper.isAlive()) {
            helper.close();
            helper = null;
        }
        if (helper == null && !noHelper) {
            try {
                helper = WorkerSetupHelper.start("0", "0");
            } catch (IOException e) {
                noHelper = true;
            }
        }
        return helper;
    }

    @Override
    public String toString() {
        return "uids " + first + ".." + (first + count - 1);
    }
}
