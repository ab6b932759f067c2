/* bench/spawn.c: the process launcher of bench/run.py (built by it, natively, into the build folder).
 *   spawn REPORT_FILE TIMEOUT_SECONDS COMMAND [ARGS...]
 * Runs COMMAND with the inherited stdio, waits for it, and writes one line to REPORT_FILE:
 *   wall_seconds cpu_user_seconds cpu_sys_seconds peak_rss_kb exit_code term_signal timed_out
 * Why not from Python: Linux keeps a process' peak RSS across exec, so a child forked from the Python
 * interpreter reports at least Python's own RSS (about 17 MiB). Forked from this small program, the
 * peak RSS is the command's own. The wall time is taken here too, around fork/exec/wait only.
 * Exits with the command's exit code (128+signal when it was killed). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t child;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig) {
    (void)sig;
    timed_out = 1;
    if (child > 0) kill(child, SIGKILL);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spawn REPORT_FILE TIMEOUT_SECONDS COMMAND [ARGS...]\n");
        return 125;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("spawn: fork"); return 126; }
    if (pid == 0) {
        execvp(argv[3], argv + 3);
        perror("spawn: exec");
        _exit(127);
    }
    child = pid;
    unsigned secs = (unsigned)atoi(argv[2]);
    if (secs) alarm(secs);
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { perror("spawn: wait4"); return 126; }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    alarm(0);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    FILE *f = fopen(argv[1], "w");
    if (!f) { perror("spawn: report file"); return 126; }
    fprintf(f, "%.9f %ld.%06ld %ld.%06ld %ld %d %d %d\n", wall, (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
            (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec, ru.ru_maxrss, code, sig, (int)timed_out);
    fclose(f);
    return code;
}
