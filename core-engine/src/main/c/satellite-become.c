/*
 * satellite-become: lets a worker forked by the R zygote take its own uid before any job
 * code runs (R has no setuid of its own). Called through .C() from worker.R; needs no R
 * headers. Built by Maven (core-engine/pom.xml) into the jar, extracted next to worker.R.
 *
 * satellite_become(uid, parent, result, message):
 *   drops the supplementary groups, sets the real, effective and saved gid and uid to *uid,
 *   checks that they all hold and that root cannot be regained, sets the parent-death signal
 *   again (a uid change clears it) and checks that the zygote (*parent) is still the parent,
 *   marks the process dumpable again (a uid change clears that too: its /proc files would
 *   stay root's). *result is 0 on success, else non-zero with a sentence in message[0] (at
 *   most strlen(message[0]) bytes are written).
 *
 * satellite_confine(slot, readable, nproc, own_network, abi, result, message):
 *   a forked child that shares its uid with its siblings (an engine that is not root) keeps
 *   apart from them before any job code runs. It takes new user, mount and IPC namespaces in
 *   which the jobs directory is an empty read-only tmpfs holding only its own slot (bound back
 *   in), /dev/shm is a tmpfs of its own, System V IPC is its own and, if *own_network (the
 *   sandbox has no network to share), so is its loopback, and gives up the
 *   capabilities they gave it. Then it puts itself, and all it will start, in a Landlock
 *   domain of its own: it may read and run only beneath the system directories, /proc, /dev
 *   and the colon-separated readable[0] (the launchers, the package libraries), and do
 *   anything beneath slot[0] and /dev/shm; it may not ptrace, read the ptrace-guarded /proc
 *   files (root, cwd, fd, environ, mem) of, or signal any process outside its domain (its
 *   zygote, its siblings, the sandbox's init), nor reach their abstract unix sockets. That
 *   needs Landlock ABI 6 (Linux 6.12); the engine forks such children only where the kernel
 *   has it. First of all it sets its RLIMIT_NPROC to *nproc (if positive; see below). *abi is
 *   the kernel's Landlock ABI; *result is 0 on success, else non-zero with a sentence in message[0].
 *
 * satellite_tempdir(path, result):
 *   makes path[0] R's session temporary directory (what tempdir() and tempfile() use), so a
 *   forked child keeps its temporary files in its own slot, not in the zygote's directory that
 *   every child inherits. *result is 0 on success, 1 where R_TempDir is not found, 2 out of memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* Landlock's ABI, spelled out here so that old kernel headers build this too. */
#define SAT_LANDLOCK_CREATE_RULESET 444
#define SAT_LANDLOCK_ADD_RULE 445
#define SAT_LANDLOCK_RESTRICT_SELF 446
#define SAT_CREATE_RULESET_VERSION 1U
#define SAT_RULE_PATH_BENEATH 1
#define SAT_FS(bit) (1ULL << (bit))
#define SAT_EXECUTE SAT_FS(0)
#define SAT_WRITE_FILE SAT_FS(1)
#define SAT_READ_FILE SAT_FS(2)
#define SAT_READ_DIR SAT_FS(3)
#define SAT_TRUNCATE SAT_FS(14)
#define SAT_IOCTL_DEV SAT_FS(15)
#define SAT_SCOPE_ABSTRACT_UNIX_SOCKET 1ULL
#define SAT_SCOPE_SIGNAL 2ULL
#define SAT_LANDLOCK_SIGNAL_SCOPING 6

struct sat_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct sat_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

extern char *R_TempDir __attribute__((weak));

static void fail(int *result, char **message, int code, const char *what, int err) {
    size_t room = strlen(message[0]) + 1;
    snprintf(message[0], room, "%s: %s", what, err ? strerror(err) : "check failed");
    *result = code;
}

void satellite_become(int *uid, int *parent, int *result, char **message) {
    uid_t u = (uid_t) *uid;
    uid_t r, e, s;
    gid_t gr, ge, gs;
    *result = 0;
    if (*uid <= 0) {
        fail(result, message, 1, "refusing to become uid 0 or a negative uid", 0);
        return;
    }
    if (setgroups(0, NULL) != 0) {
        fail(result, message, 2, "setgroups", errno);
        return;
    }
    if (setresgid((gid_t) u, (gid_t) u, (gid_t) u) != 0) {
        fail(result, message, 3, "setresgid", errno);
        return;
    }
    if (setresuid(u, u, u) != 0) {
        fail(result, message, 4, "setresuid", errno);
        return;
    }
    if (getresuid(&r, &e, &s) != 0 || r != u || e != u || s != u
            || getresgid(&gr, &ge, &gs) != 0 || gr != u || ge != u || gs != u) {
        fail(result, message, 5, "the uid or gid did not change", 0);
        return;
    }
    if (setuid(0) == 0 || getgroups(0, NULL) != 0) {
        fail(result, message, 6, "root could be regained", 0);
        return;
    }
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
        fail(result, message, 7, "prctl(PR_SET_PDEATHSIG)", errno);
        return;
    }
    if (getppid() != (pid_t) *parent) {
        fail(result, message, 8, "the zygote exited before its child took its uid", 0);
        return;
    }
    prctl(PR_SET_DUMPABLE, 1);
}

/* Every file-system right this ABI knows: all of them are denied unless a rule allows them. */
static uint64_t handled_rights(long abi) {
    uint64_t all = SAT_FS(13) - 1;     /* ABI 1: execute .. make_sym */
    if (abi >= 2) {
        all |= SAT_FS(13);             /* refer */
    }
    if (abi >= 3) {
        all |= SAT_TRUNCATE;
    }
    if (abi >= 5) {
        all |= SAT_IOCTL_DEV;
    }
    return all;
}

/* Allows access beneath path; a path this sandbox does not have needs no rule. */
static int allow(int ruleset, const char *path, uint64_t access) {
    struct stat st;
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        return errno == ENOENT ? 0 : -1;
    }
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) {
        access &= SAT_EXECUTE | SAT_WRITE_FILE | SAT_READ_FILE | SAT_TRUNCATE | SAT_IOCTL_DEV;
    }
    struct sat_path_beneath_attr rule = {access, fd};
    long r = syscall(SAT_LANDLOCK_ADD_RULE, ruleset, SAT_RULE_PATH_BENEATH, &rule, 0);
    int err = errno;
    close(fd);
    errno = err;
    return r == 0 ? 0 : -1;
}

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = write(fd, text, strlen(text));
    int err = errno;
    close(fd);
    errno = err;
    return n == (ssize_t) strlen(text) ? 0 : -1;
}

/*
 * The child's own view: new user, mount and IPC namespaces (its uid mapped to itself), in
 * which the jobs directory is an empty read-only tmpfs holding only its own slot (bound back
 * in), /dev/shm is a tmpfs of its own, and System V IPC and POSIX message queues are its own.
 * Then it gives up every capability the new user namespace gave it. Returns 0, or a code
 * with the step in *what.
 */
/* Brings the loopback interface of a new network namespace up (it starts down). */
static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int r = ioctl(s, SIOCGIFFLAGS, &ifr);
    if (r == 0) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        r = ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    int err = errno;
    close(s);
    errno = err;
    return r;
}

static int private_view(const char *slot, int own_network, const char **what) {
    char jobs[4096], text[64], source[64];
    const char *slash = strrchr(slot, '/');
    if (slot[0] != '/' || slash == NULL || slash == slot || (size_t) (slash - slot) >= sizeof jobs) {
        *what = "the slot must be an absolute path below the jobs directory";
        errno = EINVAL;
        return 30;
    }
    memcpy(jobs, slot, (size_t) (slash - slot));
    jobs[slash - slot] = '\0';
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | (own_network ? CLONE_NEWNET : 0)) != 0) {
        *what = "unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC)";
        return 31;
    }
    snprintf(text, sizeof text, "%u %u 1\n", (unsigned) uid, (unsigned) uid);
    if (write_text("/proc/self/uid_map", text) != 0) {
        *what = "/proc/self/uid_map";
        return 32;
    }
    snprintf(text, sizeof text, "%u %u 1\n", (unsigned) gid, (unsigned) gid);
    if (write_text("/proc/self/setgroups", "deny\n") != 0 || write_text("/proc/self/gid_map", text) != 0) {
        *what = "/proc/self/gid_map";
        return 33;
    }
    if (own_network && loopback_up() != 0) {
        *what = "bringing up the loopback of its own network namespace";
        return 41;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        *what = "mount --make-rprivate /";
        return 34;
    }
    int own = open(slot, O_PATH | O_DIRECTORY | O_CLOEXEC);  /* in this namespace, before the cover */
    if (own < 0) {
        *what = slot;
        return 35;
    }
    const unsigned long quiet = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    snprintf(source, sizeof source, "/proc/self/fd/%d", own);
    if (mount("satellite-jobs", jobs, "tmpfs", quiet, "mode=0111,size=64k") != 0
            || mkdir(slot, 0700) != 0 || mount(source, slot, NULL, MS_BIND, NULL) != 0
            || mount(NULL, jobs, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | quiet, NULL) != 0) {
        int err = errno;
        close(own);
        errno = err;
        *what = "covering the jobs directory";
        return 36;
    }
    close(own);
    if (access("/dev/shm", F_OK) == 0
            && mount("satellite-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m") != 0) {
        *what = "/dev/shm";
        return 37;
    }
    if (chdir(slot) != 0) {
        *what = "chdir to the slot";
        return 38;
    }
    for (int cap = 0; cap < 64; cap++) {
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            *what = "prctl(PR_CAPBSET_DROP)";
            return 39;
        }
    }
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 || syscall(SYS_capset, &header, none) != 0) {
        *what = "dropping capabilities";
        return 40;
    }
    return 0;
}

/* Whether path lies beneath dir, both as the kernel resolves them (symlinks, "..", "//"). */
static int beneath(const char *path, const char *dir) {
    char real_path[4096], real_dir[4096];
    if (realpath(path, real_path) == NULL || realpath(dir, real_dir) == NULL) {
        return 0;  /* a directory this sandbox does not have holds nothing */
    }
    size_t n = strlen(real_dir);
    return strncmp(real_path, real_dir, n) == 0
            && (real_path[n] == '/' || real_path[n] == '\0' || (n == 1 && real_dir[0] == '/'));
}

void satellite_confine(char **slot, char **readable, int *nproc, int *own_network, int *abi, int *result,
                       char **message) {
    static const char *system_dirs[] = {"/usr", "/etc", "/bin", "/lib", "/lib64", "/proc", "/dev", NULL};
    const uint64_t read = SAT_EXECUTE | SAT_READ_FILE | SAT_READ_DIR;
    const char *what = NULL;
    *result = 0;
    long version = syscall(SAT_LANDLOCK_CREATE_RULESET, NULL, (size_t) 0, SAT_CREATE_RULESET_VERSION);
    *abi = version < 0 ? 0 : (int) version;
    if (version < SAT_LANDLOCK_SIGNAL_SCOPING) {
        fail(result, message, 19, "Landlock ABI 6 (Linux 6.12) is needed to keep forked jobs apart", version < 0 ? errno : 0);
        return;
    }
    /* a jobs directory under a readable tree would be readable for every job: refuse */
    char *paths = strdup(readable[0]);
    if (paths == NULL) {
        fail(result, message, 23, "strdup", errno);
        return;
    }
    for (const char **d = system_dirs; *d != NULL; d++) {
        if (beneath(slot[0], *d)) {
            fail(result, message, 28, "the jobs directory lies in a directory every job may read", 0);
            free(paths);
            return;
        }
    }
    for (char *save = NULL, *p = strtok_r(paths, ":", &save); p != NULL; p = strtok_r(NULL, ":", &save)) {
        if (beneath(slot[0], p)) {
            fail(result, message, 28, "the jobs directory lies in a directory every job may read", 0);
            free(paths);
            return;
        }
    }
    free(paths);
    /*
     * The process limit first: a new user namespace keeps, as the limit of all it holds, the
     * creator's RLIMIT_NPROC at creation, and the engine's prlimit may come after the unshare.
     * Without this a job's processes would count against the zygote's larger allowance.
     */
    if (*nproc > 0) {
        struct rlimit limit = {(rlim_t) *nproc, (rlim_t) *nproc};
        if (setrlimit(RLIMIT_NPROC, &limit) != 0) {
            fail(result, message, 29, "setrlimit(RLIMIT_NPROC)", errno);
            return;
        }
    }
    int code = private_view(slot[0], *own_network, &what);
    if (code != 0) {
        fail(result, message, code, what, errno);
        return;
    }
    uint64_t handled = handled_rights(version);
    struct sat_ruleset_attr attr = {handled, 0, SAT_SCOPE_SIGNAL | SAT_SCOPE_ABSTRACT_UNIX_SOCKET};
    int ruleset = (int) syscall(SAT_LANDLOCK_CREATE_RULESET, &attr, sizeof attr, 0);
    if (ruleset < 0) {
        fail(result, message, 20, "landlock_create_ruleset", errno);
        return;
    }
    int failed = 0;
    for (const char **d = system_dirs; *d != NULL && !failed; d++) {
        uint64_t access = strcmp(*d, "/dev") == 0 ? read | SAT_WRITE_FILE | SAT_TRUNCATE | SAT_IOCTL_DEV : read;
        if (allow(ruleset, *d, access & handled) != 0) {
            fail(result, message, 21, *d, errno);
            failed = 1;
        }
    }
    paths = failed ? NULL : strdup(readable[0]);
    if (!failed && paths == NULL) {
        fail(result, message, 23, "strdup", errno);
        failed = 1;
    }
    for (char *save = NULL, *p = failed ? NULL : strtok_r(paths, ":", &save); p != NULL && !failed;
            p = strtok_r(NULL, ":", &save)) {
        if (allow(ruleset, p, read & handled) != 0) {
            fail(result, message, 24, p, errno);
            failed = 1;
        }
    }
    free(paths);
    /* its own directory and its own /dev/shm: anything */
    if (!failed && (allow(ruleset, slot[0], handled) != 0 || allow(ruleset, "/dev/shm", handled) != 0)) {
        fail(result, message, 25, slot[0], errno);
        failed = 1;
    }
    if (!failed && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail(result, message, 26, "prctl(PR_SET_NO_NEW_PRIVS)", errno);
        failed = 1;
    }
    if (!failed && syscall(SAT_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0) {
        fail(result, message, 27, "landlock_restrict_self", errno);
    }
    close(ruleset);
}

/*
 * satellite_private_view(slot, own_network, result, message): the namespaces of
 * satellite_confine without its Landlock domain, for a child that has just taken a uid of its
 * own (a root engine): that uid already keeps it from other jobs' files and processes, and
 * this gives it a /dev/shm, System V IPC and (if *own_network) a loopback of its own, which
 * other uids would otherwise share with it.
 */
void satellite_private_view(char **slot, int *own_network, int *result, char **message) {
    const char *what = NULL;
    *result = 0;
    int code = private_view(slot[0], *own_network, &what);
    if (code != 0) {
        fail(result, message, code, what, errno);
    }
}

/*
 * satellite_own_stdio(output, result): fd 0 becomes /dev/null, fd 1 and fd 2 the job's
 * output file (appended to, never followed if it is a symlink). A forked R child inherits its
 * zygote's control pipe on fd 0, its answer pipe on fd 1 and its log on fd 2: a job (or
 * whatever it starts) must neither read the engine's FORK lines, nor answer in the zygote's
 * name, nor write into the log that other jobs' errors quote. What the job and its
 * subprocesses print lands in its own output, in the order they printed it.
 */
void satellite_own_stdio(char **output, int *result) {
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    int printed = open(output[0], O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    *result = 0;
    if (null < 0 || printed < 0 || dup2(null, 0) != 0 || dup2(printed, 1) != 1 || dup2(printed, 2) != 2) {
        *result = errno == 0 ? 1 : errno;
    }
    if (null > 2) {
        close(null);
    }
    if (printed > 2) {
        close(printed);
    }
}

/*
 * satellite_own_keyring(result): the process joins a new, empty session keyring. Otherwise
 * every worker shares the engine's session keyring, and possesses (and may read) the keys in
 * it: a user's Kerberos tickets, say. *result is 0 or the errno of keyctl.
 */
void satellite_own_keyring(int *result) {
    *result = syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL) < 0 ? errno : 0;
}

void satellite_tempdir(char **path, int *result) {
    if (&R_TempDir == NULL) {
        *result = 1;
        return;
    }
    char *copy = strdup(path[0]);
    if (copy == NULL) {
        *result = 2;
        return;
    }
    R_TempDir = copy;  /* the zygote's string stays: it is the zygote's */
    *result = 0;
}
