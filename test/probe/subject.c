/*
 * The import test's subject: a process with a known layout that never frees memory. It maps and
 * touches, prints "ready" and waits to be read (test/probe/import.test.ts).
 *   A: 0x10000000, 16 pages rw, all written         -> 1 pud, 1 pmd, 1 pte table
 *   B: 0x10200000, 4 MiB rw, every 4th page written -> 2 more pte tables (same pmd)
 *   C: 0x4000000000 (256 GiB), 1 page r, read       -> its own pud, pmd and pte tables
 *   D: 0x10800000, 8 pages rw, none touched         -> no table
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static char *map(unsigned long at, unsigned long len, int prot) {
    char *p = mmap((void *)at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); _exit(1); }
    return p;
}

int main(void) {
    char *a = map(0x10000000UL, 16 * 4096, PROT_READ | PROT_WRITE);
    char *b = map(0x10200000UL, 4UL << 20, PROT_READ | PROT_WRITE);
    volatile char *c = map(0x4000000000UL, 4096, PROT_READ);
    map(0x10800000UL, 8 * 4096, PROT_READ | PROT_WRITE);
    for (int i = 0; i < 16; i++) a[i * 4096] = 1;
    for (int i = 0; i < 1024; i += 4) b[i * 4096] = 1;
    (void)c[0];
    printf("ready\n");
    fflush(stdout);
    pause();
    return 0;
}
