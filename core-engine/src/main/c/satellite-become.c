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
 * satellite_tempdir(path, result):
 *   makes path[0] R's session temporary directory (what tempdir() and tempfile() use), so a
 *   forked child keeps its temporary files in its own slot, not in the zygote's directory that
 *   every child inherits. *result is 0 on success, 1 where R_TempDir is not found, 2 out of memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

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
