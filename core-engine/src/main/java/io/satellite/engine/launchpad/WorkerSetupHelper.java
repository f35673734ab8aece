package io.satellite.engine.launchpad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived process, running as the workers' uid, that creates a worker's named pipes,
 * sets its rlimits and its priority ({@link WarmUpPriority}), so that preparing a worker starts no process. Starting one costs 10
 * to 20 ms of CPU on these hosts (mkfifo, setpriv + prlimit: three of them per worker),
 * which bounded how many jobs per second two cores could serve.
 *
 * <p>It is Perl (perl-base is an essential package on Debian): {@code POSIX::mkfifo} and the
 * {@code prlimit64} system call. Without CAP_SYS_RESOURCE (which the engine may lack even as
 * root) a process may change the limits of another only if its real uid and gid are the
 * other's: so a root engine's helper takes the workers' uid and gid as its real ids, and
 * keeps root as its effective uid to create the pipes where the engine's directories are
 * closed to the workers' uid, and to give them to that uid. Each command names the uid it is
 * for (a worker's own, see {@link WorkerAccounts}), and a root helper also ends every process
 * of a uid (taking it as its real and effective uid for the one kill, no fork) or looks for
 * one (from a child that takes the uid). It reads one command per line
 * and answers each with {@code OK} or {@code ERR <why>}. Where it cannot run (no perl, an
 * unknown architecture) or once it has died, callers fall back to starting the tools.
 */
final class WorkerSetupHelper implements AutoCloseable {
    /** RLIMIT_* numbers (the same on x86_64 and aarch64). */
    static final int RLIMIT_CPU = 0;
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_AS = 9;

    private static final String SCRIPT = """
            use strict; use warnings; use POSIX (); use Config;
            $| = 1;
            my ($uid, $gid) = (shift(@ARGV) + 0, shift(@ARGV) + 0);
            sub ids { my ($u, $g) = @_; if ($> == 0 && $u != $<) { $( = $g; $< = $u; } }
            ids($uid, $gid);
            my $nr = $Config{archname} =~ /^x86_64/ ? 302 : $Config{archname} =~ /^aarch64/ ? 261 : 0;
            print $nr ? "READY\n" : "UNSUPPORTED $Config{archname}\n";
            exit 0 unless $nr;
            # Whether the caller is the only process of its uid: with RLIMIT_NPROC 2 a fork fails
            # while another process of the uid exists (kill(-1, 0) cannot tell: it succeeds as soon
            # as any process is there, permitted or not).
            sub alone {
                my $two = pack('QQ', 2, 2);
                return 0 if syscall($nr, 0, 6, $two, 0) != 0;
                my $p = fork();
                return 0 unless defined $p;
                POSIX::_exit(0) if $p == 0;
                waitpid($p, 0);
                return 1;
            }
            # BUSY: whether any process of uid $u is there, from a child that takes $u (a fork per
            # question, so only for uids seen in use when the accounts started)
            sub busy {
                my ($u, $g) = @_;
                my $pid = fork();
                return "fork: $!" unless defined $pid;
                if ($pid == 0) {
                    $) = "$g $g"; POSIX::setgid($g); POSIX::setuid($u);
                    POSIX::_exit(3) unless $< == $u && $> == $u && (split ' ', $()[0] == $g;
                    POSIX::_exit(alone() ? 0 : 1);
                }
                waitpid($pid, 0);
                my $st = $? >> 8;
                return $st == 0 ? '' : $st == 1 ? 'BUSY' : $st == 3 ? "could not become uid $u" : "BUSY of uid $u failed ($?)";
            }
            # KILLALL: SIGKILL to every process of uid $u, sent by this process itself with $u as its
            # real and effective uid (so it may signal those processes and no other) and root kept
            # as its saved uid to come back: no fork. The kernel marks every target before kill()
            # returns, and a process forking meanwhile gets no child, so nothing of $u survives.
            my $setresuid = $nr == 302 ? 117 : 147;
            sub kill_all {
                my ($u) = @_;
                my $real = $<;
                return "setresuid $u: $!" if syscall($setresuid, $u, $u, 0) != 0;
                kill('KILL', -1);
                # back to root; a helper stuck as $u must not serve on
                POSIX::_exit(4) unless syscall($setresuid, -1, 0, -1) == 0 && syscall($setresuid, $real, 0, 0) == 0
                    && $> == 0;
                return '';
            }
            while (my $line = <STDIN>) {
                chomp $line;
                my ($cmd, @a) = split /\t/, $line;
                my $err = '';
                if ($cmd eq 'FIFO') {
                    my ($u, $g) = (shift(@a) + 0, shift(@a) + 0);
                    for my $p (@a) {
                        unless (defined POSIX::mkfifo($p, 0600)) { $err = "mkfifo $p: $!"; last; }
                        if ($> == 0 && !chown($u, $g, $p)) { $err = "chown $p: $!"; last; }
                    }
                } elsif ($cmd eq 'LIMIT') {
                    my ($pid, $u, $g) = (shift(@a) + 0, shift(@a) + 0, shift(@a) + 0);
                    ids($u, $g);
                    while (@a >= 3) {
                        my ($res, $soft, $hard) = (shift(@a) + 0, shift(@a), shift(@a));
                        my $new = pack('QQ', $soft, $hard);
                        my $old = 0;
                        if (syscall($nr, $pid, $res, $new, $old) != 0) { $err = "prlimit $pid resource $res: $!"; last; }
                    }
                    ids($uid, $gid); # back to its own ids: a worker must not be able to signal the helper
                } elsif ($cmd eq 'BUSY') {
                    $err = $> == 0 ? busy($a[0] + 0, $a[1] + 0) : 'not root';
                } elsif ($cmd eq 'KILLALL') {
                    $err = $> == 0 ? kill_all($a[0] + 0) : 'not root';
                } elsif ($cmd eq 'NICE') {
                    my ($pid, $nice) = ($a[0] + 0, $a[1] + 0);
                    $err = "setpriority $pid $nice: $!" unless setpriority(0, $pid, $nice);
                } else {
                    $err = "unknown command $cmd";
                }
                print $err eq '' ? "OK\n" : "ERR $err\n";
            }
            """;

    private static final long ANSWER_TIMEOUT_SECONDS = 10;
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "worker-setup-helper-watchdog");
                t.setDaemon(true);
                return t;
            });
    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private WorkerSetupHelper(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts a helper for workers of {@code uid}/{@code gid}; fails if it cannot run here. */
    static WorkerSetupHelper start(String uid, String gid) throws IOException {
        List<String> command = List.of("perl", "-e", SCRIPT, uid, gid);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WorkerSetupHelper helper = new WorkerSetupHelper(p);
        String hello = helper.answers.readLine();
        if (!"READY".equals(hello)) {
            helper.close();
            throw new IOException("the worker set-up helper cannot run here: " + hello);
        }
        return helper;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Creates named pipes (mode 0600, owned by {@code uid}/{@code gid} when the helper is root). */
    void mkfifo(String uid, String gid, Path... pipes) throws IOException {
        StringBuilder line = new StringBuilder("FIFO\t").append(uid).append('\t').append(gid);
        for (Path p : pipes) {
            String s = p.toString();
            if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
                throw new IOException("a pipe path with a tab or a newline: " + s);
            }
            line.append('\t').append(s);
        }
        ask(line.toString());
    }

    /**
     * Sets rlimits of a process of {@code uid}/{@code gid}: {resource, soft, hard} triples. A root
     * helper takes those ids as its real ones first (the kernel's condition without CAP_SYS_RESOURCE).
     */
    void prlimit(long pid, String uid, String gid, List<long[]> limits) throws IOException {
        StringBuilder line = new StringBuilder("LIMIT\t").append(pid).append('\t').append(uid).append('\t').append(gid);
        for (long[] l : limits) {
            line.append('\t').append(l[0]).append('\t').append(l[1]).append('\t').append(l[2]);
        }
        ask(line.toString());
    }

    /**
     * Whether any process of {@code uid} is alive on the host (a root helper only): a child of
     * the helper takes that uid and, with RLIMIT_NPROC 2, tries to fork. A fork per question: for
     * the rare uid seen in use, not for every lease.
     */
    boolean anyProcessOf(int uid) throws IOException {
        try {
            ask("BUSY\t" + uid + "\t" + uid);
            return false;
        } catch (IOException e) {
            if ("BUSY".equals(e.getMessage())) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Kills every process of {@code uid} on the host (a root helper only): the helper takes that
     * uid as its real and effective one, sends SIGKILL to every process it may signal (those of
     * the uid, never itself), and takes root back from its saved uid. If it cannot, it exits
     * rather than serve on as the uid, and the call fails.
     */
    void killAllOf(int uid) throws IOException {
        ask("KILLALL\t" + uid + "\t" + uid);
    }

    /**
     * Sets the nice value of a process (setpriority). Lowering it back below its current
     * value needs CAP_SYS_NICE, which a root engine's helper keeps (its effective uid stays 0).
     */
    void nice(long pid, int nice) throws IOException {
        ask("NICE\t" + pid + "\t" + nice);
    }

    private synchronized void ask(String command) throws IOException {
        // a helper that does not answer (stopped by a signal, say) is ended, so no caller waits for good
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(process::destroyForcibly,
                ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String answer;
        try {
            commands.write(command);
            commands.write('\n');
            commands.flush();
            answer = answers.readLine();
        } finally {
            watchdog.cancel(false);
        }
        if (answer == null) {
            throw new IOException("the worker set-up helper exited");
        }
        if (!answer.equals("OK")) {
            throw new IOException(answer.startsWith("ERR ") ? answer.substring(4) : answer);
        }
    }

    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
