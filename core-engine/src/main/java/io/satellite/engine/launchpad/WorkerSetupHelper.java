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
 * closed to the workers' uid, and to give them to that uid. It reads one command per line
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
            if ($> == 0 && $uid != $<) { $( = $gid; $< = $uid; }
            my $nr = $Config{archname} =~ /^x86_64/ ? 302 : $Config{archname} =~ /^aarch64/ ? 261 : 0;
            print $nr ? "READY\\n" : "UNSUPPORTED $Config{archname}\\n";
            exit 0 unless $nr;
            while (my $line = <STDIN>) {
                chomp $line;
                my ($cmd, @a) = split /\\t/, $line;
                my $err = '';
                if ($cmd eq 'FIFO') {
                    for my $p (@a) {
                        unless (defined POSIX::mkfifo($p, 0600)) { $err = "mkfifo $p: $!"; last; }
                        if ($> == 0 && !chown($uid, $gid, $p)) { $err = "chown $p: $!"; last; }
                    }
                } elsif ($cmd eq 'LIMIT') {
                    my $pid = shift(@a) + 0;
                    while (@a >= 3) {
                        my ($res, $soft, $hard) = (shift(@a) + 0, shift(@a), shift(@a));
                        my $new = pack('QQ', $soft, $hard);
                        my $old = 0;
                        if (syscall($nr, $pid, $res, $new, $old) != 0) { $err = "prlimit $pid resource $res: $!"; last; }
                    }
                } elsif ($cmd eq 'NICE') {
                    my ($pid, $nice) = ($a[0] + 0, $a[1] + 0);
                    $err = "setpriority $pid $nice: $!" unless setpriority(0, $pid, $nice);
                } else {
                    $err = "unknown command $cmd";
                }
                print $err eq '' ? "OK\\n" : "ERR $err\\n";
            }
            """;

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final String uid;

    private WorkerSetupHelper(Process process, String uid) {
        this.process = process;
        this.uid = uid;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts a helper for workers of {@code uid}/{@code gid}; fails if it cannot run here. */
    static WorkerSetupHelper start(String uid, String gid) throws IOException {
        List<String> command = List.of("perl", "-e", SCRIPT, uid, gid);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WorkerSetupHelper helper = new WorkerSetupHelper(p, uid);
        String hello = helper.answers.readLine();
        if (!"READY".equals(hello)) {
            helper.close();
            throw new IOException("the worker set-up helper cannot run here: " + hello);
        }
        return helper;
    }

    /** The workers' uid (the helper may change the limits of that uid's processes only). */
    String uid() {
        return uid;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Creates named pipes (mode 0600, owned by the workers' uid). */
    void mkfifo(Path... pipes) throws IOException {
        StringBuilder line = new StringBuilder("FIFO");
        for (Path p : pipes) {
            String s = p.toString();
            if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
                throw new IOException("a pipe path with a tab or a newline: " + s);
            }
            line.append('\t').append(s);
        }
        ask(line.toString());
    }

    /** Sets rlimits of a process: {resource, soft, hard} triples. */
    void prlimit(long pid, List<long[]> limits) throws IOException {
        StringBuilder line = new StringBuilder("LIMIT\t").append(pid);
        for (long[] l : limits) {
            line.append('\t').append(l[0]).append('\t').append(l[1]).append('\t').append(l[2]);
        }
        ask(line.toString());
    }

    /**
     * Sets the nice value of a process (setpriority). Lowering it back below its current
     * value needs CAP_SYS_NICE, which a root engine's helper keeps (its effective uid stays 0).
     */
    void nice(long pid, int nice) throws IOException {
        ask("NICE\t" + pid + "\t" + nice);
    }

    private synchronized void ask(String command) throws IOException {
        commands.write(command);
        commands.write('\n');
        commands.flush();
        String answer = answers.readLine();
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
