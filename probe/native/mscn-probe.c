/*
 * mscn-probe: runs the x86_64 part of a scenario on the running Linux kernel (docs/probe.md).
 *
 * It reads a plan (one command a line, written by language/src/probe/plan.ts) from the file named
 * by argv[1]. The driver (this process) forks one worker per scenario process before anything is
 * mapped; a worker pins itself, disables THP, creates one spinner thread per CPU and then executes
 * the commands the driver sends it through a pipe. After each `mark ID` the driver prints
 *     mark ID FAULTS VMPTE_KB IPI_CPU0 IPI_CPU1 ...
 * FAULTS: minor + major faults of every worker (an exited worker's last figure is kept);
 * VMPTE_KB: the sum of VmPTE of the live workers (/proc/PID/status);
 * IPI_CPUn: the TLB row of /proc/interrupts (TLB shootdowns received by CPU n).
 *
 * Plan commands (addresses and sizes in hex, others decimal):
 *   cpus N                 CPUs the scenario uses (refused when the machine has fewer)
 *   proc P                 a worker slot; `proc` lines come first, slots of forked children included
 *   start P                fork worker P now (the scenario's own processes)
 *   empty                  (before any start) the baseline run: mmap, munmap, mprotect, madvise and touches do nothing
 *   spin P CPU | park P CPU      worker P's spinner on CPU runs (in P's mm) or sleeps
 *   mmap P CPU ADDR LEN PROT SHARED   PROT: bits r=1 w=2 x=4
 *   munmap P CPU ADDR LEN | mprotect P CPU ADDR LEN PROT | dontneed P CPU ADDR LEN
 *   touch P CPU W ADDR LEN STRIDE     W: 1 write, 0 read
 *   fork P CPU C           worker P forks; the child becomes worker C
 *   exit P CPU             exit_group of worker P (run on CPU)
 *   mark ID
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef PR_SET_THP_DISABLE
#define PR_SET_THP_DISABLE 41
#endif

#define MAX_PROCS 64
#define MAX_CPUS 256
#define LINE 512
#define SPINNER_STACK (64 * 1024)

struct worker {
    int used, live;
    pid_t pid;
    int cmd[2], reply[2];      /* driver -> worker, worker -> driver */
    unsigned long long faults; /* last figure read, kept after exit */
};

static struct worker workers[MAX_PROCS];
static int ncpus = 1, empty_run = 0;

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("mscn-probe: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity(cpu %d): %s", cpu, strerror(errno));
}

/* ---- worker side ---- */

static volatile int spinning[MAX_CPUS];
static pthread_mutex_t park_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;
static int spinners_started;

static void *spinner(void *arg) {
    int cpu = (int)(intptr_t)arg;
    pin(cpu);
    pthread_mutex_lock(&park_lock);
    spinners_started++;
    pthread_cond_broadcast(&park_cond);
    pthread_mutex_unlock(&park_lock);
    for (;;) {
        pthread_mutex_lock(&park_lock);
        while (!spinning[cpu]) pthread_cond_wait(&park_cond, &park_lock);
        pthread_mutex_unlock(&park_lock);
        /* in this mm on this CPU; yields to the worker's main thread when it runs here */
        while (spinning[cpu]) sched_yield();
    }
    return NULL;
}

static void start_spinners(int lock) {
    spinners_started = 0;
    for (int c = 0; c < ncpus; c++) {
        spinning[c] = 0;
        /* A shared stack, written through now: a fork does not make it copy-on-write, so a spinner
         * never takes a fault at a moment the driver cannot place (its stack is all it writes). */
        void *stack = mmap(NULL, SPINNER_STACK, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (stack == MAP_FAILED) die("spinner stack: %s", strerror(errno));
        memset(stack, 0, SPINNER_STACK);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstack(&attr, stack, SPINNER_STACK);
        pthread_t t;
        if (pthread_create(&t, &attr, spinner, (void *)(intptr_t)c) != 0) die("pthread_create failed");
        pthread_attr_destroy(&attr);
    }
    /* every spinner has started and faulted what it needs: none faults later, asynchronously */
    pthread_mutex_lock(&park_lock);
    while (spinners_started < ncpus) pthread_cond_wait(&park_cond, &park_lock);
    pthread_mutex_unlock(&park_lock);
    /* Fault in the helper's own pages now (its stacks, libc, buffers), so that no statement pays
     * for them; not MCL_FUTURE: the scenario's mappings must fault as the scenario says. Without
     * the privilege to lock, the empty run still measures what is left. Never in a forked child:
     * locking would break COW of the scenario's pages before the scenario writes them. */
    sched_yield();
    if (lock) (void)!mlockall(MCL_CURRENT);
}

static void set_spin(int cpu, int on) {
    pthread_mutex_lock(&park_lock);
    spinning[cpu] = on;
    pthread_cond_broadcast(&park_cond);
    pthread_mutex_unlock(&park_lock);
}

static int prot_of(int bits) {
    return (bits & 1 ? PROT_READ : 0) | (bits & 2 ? PROT_WRITE : 0) | (bits & 4 ? PROT_EXEC : 0);
}

static void touch(uintptr_t addr, uintptr_t len, uintptr_t stride, int write) {
    for (uintptr_t off = 0; off < len; off += stride) {
        volatile char *p = (volatile char *)(addr + off);
        if (write) *p = 1;
        else (void)*p;
    }
}

static void worker_loop(int self);
static void worker_prepare(int self);
static void break_cow(void);

/* One command from the driver; writes the reply ("ok", "err MESSAGE" or, for fork, "pid N"). */
static void worker_command(int self, char *line, char *out, size_t outlen) {
    char op[16];
    int p, cpu, n;
    unsigned long a = 0, l = 0, x = 0, y = 0;
    snprintf(out, outlen, "ok");
    if (sscanf(line, "%15s %d %d%n", op, &p, &cpu, &n) < 3) { snprintf(out, outlen, "err bad command %s", line); return; }
    const char *rest = line + n;
    if (!strcmp(op, "spin") || !strcmp(op, "park")) { set_spin(cpu, op[0] == 's'); return; }
    pin(cpu);
    if (!strcmp(op, "fork")) {
        int child;
        sscanf(rest, "%d", &child);
        pid_t pid = fork();
        if (pid < 0) { snprintf(out, outlen, "err fork: %s", strerror(errno)); return; }
        if (pid == 0) {
            /* the child: only this thread survives fork; it becomes worker `child` */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            memset((void *)spinning, 0, sizeof spinning);
            /* a parent's spinner may have held the lock at the fork: a fresh lock for the child */
            pthread_mutex_init(&park_lock, NULL);
            pthread_cond_init(&park_cond, NULL);
            start_spinners(0);
            worker_prepare(child);
            char ready[32];
            int len = snprintf(ready, sizeof ready, "pid %d\n", (int)getpid());
            if (write(workers[child].reply[1], ready, len) != len) _exit(1);
            worker_loop(child);
        }
        break_cow();
        return; /* "ok"; the child announces itself on its own reply pipe */
    }
    if (!strcmp(op, "exit")) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        char bye[64];
        int len = snprintf(bye, sizeof bye, "bye %ld\n", ru.ru_minflt + ru.ru_majflt);
        if (write(workers[self].reply[1], bye, len) != len) _exit(1);
        _exit(0);
    }
    if (empty_run) return;
    if (!strcmp(op, "mmap")) {
        sscanf(rest, "%lx %lx %lu %lu", &a, &l, &x, &y);
        void *r = mmap((void *)a, l, prot_of((int)x), MAP_FIXED_NOREPLACE | MAP_ANONYMOUS | (y ? MAP_SHARED : MAP_PRIVATE), -1, 0);
        if (r == MAP_FAILED) snprintf(out, outlen, "err mmap 0x%lx size 0x%lx: %s", a, l, strerror(errno));
        else if ((unsigned long)r != a) snprintf(out, outlen, "err mmap 0x%lx: the kernel placed it at %p (no MAP_FIXED_NOREPLACE before Linux 4.17)", a, r);
    } else if (!strcmp(op, "munmap")) {
        sscanf(rest, "%lx %lx", &a, &l);
        if (munmap((void *)a, l) != 0) snprintf(out, outlen, "err munmap 0x%lx: %s", a, strerror(errno));
    } else if (!strcmp(op, "mprotect")) {
        sscanf(rest, "%lx %lx %lu", &a, &l, &x);
        if (mprotect((void *)a, l, prot_of((int)x)) != 0) snprintf(out, outlen, "err mprotect 0x%lx: %s", a, strerror(errno));
    } else if (!strcmp(op, "dontneed")) {
        sscanf(rest, "%lx %lx", &a, &l);
        if (madvise((void *)a, l, MADV_DONTNEED) != 0) snprintf(out, outlen, "err madvise 0x%lx: %s", a, strerror(errno));
    } else if (!strcmp(op, "touch")) {
        sscanf(rest, "%lu %lx %lx %lx", &x, &a, &l, &y);
        touch(a, l, y ? y : 4096, (int)x);
    } else snprintf(out, outlen, "err unknown command %s", op);
}

static char in_buf[LINE], line_buf[LINE], out_buf[LINE + 64];
static FILE *command_in;

/* After a fork both sides write the pages of their stack and buffers once: a copy-on-write fault
 * each. Taken here, before the reply, they fall inside the fork's statement, not the next one. */
static __attribute__((noinline)) void break_cow(void) {
    volatile char stack[16384];
    for (size_t i = 0; i < sizeof stack; i += 64) stack[i] = 0;
    memset(in_buf, 0, sizeof in_buf);
    memset(line_buf, 0, sizeof line_buf);
    memset(out_buf, 0, sizeof out_buf);
}

static void worker_prepare(int self) {
    command_in = fdopen(workers[self].cmd[0], "r");
    if (!command_in) _exit(1);
    setvbuf(command_in, in_buf, _IOFBF, sizeof in_buf);
    break_cow();
}

static void worker_loop(int self) {
    while (fgets(line_buf, sizeof line_buf, command_in)) {
        worker_command(self, line_buf, out_buf, sizeof out_buf - 1);
        strcat(out_buf, "\n");
        size_t len = strlen(out_buf);
        if (write(workers[self].reply[1], out_buf, len) != (ssize_t)len) _exit(1);
    }
    _exit(0);
}

/* ---- driver side ---- */

static unsigned long long proc_faults(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *s = strrchr(buf, ')');
    unsigned long long minflt = 0, cminflt = 0, majflt = 0;
    /* after "pid (comm)": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt */
    if (!s || sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %llu %llu %llu", &minflt, &cminflt, &majflt) != 3) return 0;
    return minflt + majflt;
}

static long vmpte_kb(pid_t pid) {
    char path[64], line[256];
    long kb = 0;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmPTE: %ld", &kb) == 1) break;
    fclose(f);
    return kb;
}

static void tlb_ipis(unsigned long long *per_cpu) {
    char line[8192];
    memset(per_cpu, 0, sizeof(unsigned long long) * ncpus);
    FILE *f = fopen("/proc/interrupts", "r");
    if (!f) die("cannot read /proc/interrupts: %s", strerror(errno));
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ') s++;
        if (strncmp(s, "TLB:", 4) != 0) continue;
        s += 4;
        for (int c = 0; c < ncpus; c++) per_cpu[c] = strtoull(s, &s, 10);
        break;
    }
    fclose(f);
}

static void reply_line(int w, char *buf, size_t len) {
    size_t n = 0;
    while (n + 1 < len) {
        ssize_t r = read(workers[w].reply[0], buf + n, 1);
        if (r <= 0) die("worker %d stopped answering", w);
        if (buf[n] == '\n') break;
        n++;
    }
    buf[n] = 0;
}

static void send_command(int w, const char *line, int *lineno) {
    char buf[LINE];
    if (!workers[w].live) die("line %d: worker %d is not running", *lineno, w);
    size_t len = strlen(line);
    if (write(workers[w].cmd[1], line, len) != (ssize_t)len) die("cannot write to worker %d", w);
    reply_line(w, buf, sizeof buf);
    if (!strncmp(buf, "err ", 4)) die("plan line %d: %s", *lineno, buf + 4);
    if (!strncmp(buf, "bye ", 4)) {
        workers[w].faults = strtoull(buf + 4, NULL, 10);
        workers[w].live = 0;
        /* SIGCHLD is ignored: the kernel reaps the worker once exit_mmap is done */
        while (kill(workers[w].pid, 0) == 0) usleep(200);
    }
}

static void start_worker(int w) {
    pid_t pid = fork();
    if (pid < 0) die("fork: %s", strerror(errno));
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* the driver gone (killed, a closed pipe): no worker stays */
        worker_prepare(w);
        start_spinners(1);
        const char ready[] = "ready\n";
        if (write(workers[w].reply[1], ready, sizeof ready - 1) < 0) _exit(1);
        worker_loop(w);
    }
    char buf[LINE];
    workers[w].pid = pid;
    workers[w].live = 1;
    reply_line(w, buf, sizeof buf);
}

static void mark(const char *id) {
    unsigned long long faults = 0, ipis[MAX_CPUS];
    long kb = 0;
    for (int w = 0; w < MAX_PROCS; w++) {
        if (!workers[w].used) continue;
        if (workers[w].live) {
            workers[w].faults = proc_faults(workers[w].pid);
            kb += vmpte_kb(workers[w].pid);
        }
        faults += workers[w].faults;
    }
    tlb_ipis(ipis);
    printf("mark %s %llu %ld", id, faults, kb);
    for (int c = 0; c < ncpus; c++) printf(" %llu", ipis[c]);
    printf("\n");
    fflush(stdout);
}

static int slot(int w, int lineno) {
    if (w < 0 || w >= MAX_PROCS || !workers[w].used) die("plan line %d: no process slot %d", lineno, w);
    return w;
}

int main(int argc, char **argv) {
    if (argc != 2) die("usage: mscn-probe PLAN");
    /* Once, re-executed with the same layout on every run (no ASLR), so that the empty run's own
     * page tables match the real run's and subtract exactly; and without rseq: the kernel writes a
     * thread's rseq area (in its TLS, private memory) when it returns to user space after a
     * preemption, which after a fork is a copy-on-write fault at a moment nobody chose. */
    if (!getenv("MSCN_PROBE_REEXEC")) {
        int persona = personality(0xffffffff);
        if (persona != -1) personality(persona | ADDR_NO_RANDOMIZE);
        setenv("GLIBC_TUNABLES", "glibc.pthread.rseq=0", 1);
        setenv("MSCN_PROBE_REEXEC", "1", 1);
        execv("/proc/self/exe", argv);
    }
    FILE *plan = fopen(argv[1], "r");
    if (!plan) die("cannot open %s: %s", argv[1], strerror(errno));
    /* before any worker exists: THP off (inherited), children reaped by the kernel */
    if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0) die("prctl(PR_SET_THP_DISABLE): %s", strerror(errno));
    signal(SIGCHLD, SIG_IGN);
    char line[LINE];
    int lineno = 0;
    while (fgets(line, sizeof line, plan)) {
        lineno++;
        char op[16];
        int a = 0, b = 0;
        if (sscanf(line, "%15s", op) != 1 || op[0] == '#') continue;
        if (!strcmp(op, "cpus")) {
            sscanf(line, "%*s %d", &ncpus);
            long have = sysconf(_SC_NPROCESSORS_ONLN);
            if (ncpus > MAX_CPUS) die("at most %d CPUs", MAX_CPUS);
            if (ncpus > have) die("the scenario uses %d CPUs; this machine has %ld online", ncpus, have);
        } else if (!strcmp(op, "proc")) {
            sscanf(line, "%*s %d", &a);
            if (a < 0 || a >= MAX_PROCS) die("at most %d processes", MAX_PROCS);
            workers[a].used = 1;
            if (pipe(workers[a].cmd) != 0 || pipe(workers[a].reply) != 0) die("pipe: %s", strerror(errno));
        } else if (!strcmp(op, "empty")) {
            empty_run = 1;
        } else if (!strcmp(op, "start")) {
            sscanf(line, "%*s %d", &a);
            start_worker(slot(a, lineno));
        } else if (!strcmp(op, "mark")) {
            char id[32];
            sscanf(line, "%*s %31s", id);
            mark(id);
        } else if (!strcmp(op, "fork")) {
            int c = 0;
            sscanf(line, "%*s %d %d %d", &a, &b, &c);
            slot(c, lineno);
            send_command(slot(a, lineno), line, &lineno);
            char buf[LINE];
            workers[c].live = 1;
            reply_line(c, buf, sizeof buf);
            if (sscanf(buf, "pid %d", &b) != 1) die("plan line %d: the forked child said '%s'", lineno, buf);
            workers[c].pid = b;
        } else {
            if (sscanf(line, "%*s %d", &a) != 1) die("plan line %d: %s", lineno, line);
            send_command(slot(a, lineno), line, &lineno);
        }
    }
    for (int w = 0; w < MAX_PROCS; w++)
        if (workers[w].used && workers[w].live) kill(workers[w].pid, SIGKILL);
    return 0;
}
