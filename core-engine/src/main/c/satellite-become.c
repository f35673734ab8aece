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
 * satellite_confine(slot, readable, abi, result, message):
 *   a forked child that shares its uid with its siblings (an engine that is not root) puts
 *   itself, and all it will start, in a Landlock domain of its own (Linux 5.13+): it may read
 *   and run only what lies beneath the system directories, /proc, /dev and the colon-separated
 *   readable[0] (the launchers, the package libraries), and do anything beneath slot[0], its
 *   own directory. So it cannot list the jobs directory or open another job's. Landlock also
 *   keeps it from ptrace and from the /proc files that need ptrace access (root, cwd, fd,
 *   environ, mem) of any process outside its domain (its zygote, its siblings, the sandbox's
 *   init), and since Landlock ABI 6 from signalling them or reaching their abstract unix
 *   sockets. *abi is the kernel's Landlock ABI, 0 where there is none: then nothing is
 *   confined and *result is 0 (the diagnostics say so). *result is non-zero, with a
 *   sentence in message[0], when Landlock is there but could not be applied.
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
#include <sys/prctl.h>
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

void satellite_confine(char **slot, char **readable, int *abi, int *result, char **message) {
    static const char *system_dirs[] = {"/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/opt", "/proc", NULL};
    const uint64_t read = SAT_EXECUTE | SAT_READ_FILE | SAT_READ_DIR;
    *result = 0;
    *abi = 0;
    long version = syscall(SAT_LANDLOCK_CREATE_RULESET, NULL, 0, SAT_CREATE_RULESET_VERSION);
    if (version < 1) {
        return;
    }
    *abi = (int) version;
    uint64_t handled = handled_rights(version);
    struct sat_ruleset_attr attr = {handled, 0, version >= 6 ? SAT_SCOPE_SIGNAL | SAT_SCOPE_ABSTRACT_UNIX_SOCKET : 0};
    int ruleset = (int) syscall(SAT_LANDLOCK_CREATE_RULESET, &attr, sizeof attr, 0);
    if (ruleset < 0) {
        fail(result, message, 20, "landlock_create_ruleset", errno);
        return;
    }
    for (const char **d = system_dirs; *d != NULL; d++) {
        if (allow(ruleset, *d, read & handled) != 0) {
            fail(result, message, 21, *d, errno);
            close(ruleset);
            return;
        }
    }
    if (allow(ruleset, "/dev", (read | SAT_WRITE_FILE | SAT_TRUNCATE | SAT_IOCTL_DEV) & handled) != 0) {
        fail(result, message, 22, "/dev", errno);
        close(ruleset);
        return;
    }
    char *paths = strdup(readable[0]);
    if (paths == NULL) {
        fail(result, message, 23, "strdup", errno);
        close(ruleset);
        return;
    }
    for (char *save = NULL, *p = strtok_r(paths, ":", &save); p != NULL; p = strtok_r(NULL, ":", &save)) {
        if (allow(ruleset, p, read & handled) != 0) {
            fail(result, message, 24, p, errno);
            free(paths);
            close(ruleset);
            return;
        }
    }
    free(paths);
    if (allow(ruleset, slot[0], handled) != 0) {
        fail(result, message, 25, slot[0], errno);
        close(ruleset);
        return;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail(result, message, 26, "prctl(PR_SET_NO_NEW_PRIVS)", errno);
        close(ruleset);
        return;
    }
    if (syscall(SAT_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0) {
        fail(result, message, 27, "landlock_restrict_self", errno);
        close(ruleset);
        return;
    }
    close(ruleset);
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
