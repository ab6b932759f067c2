// bench-flags: -mbulk-memory
/* Bulk memory: memcpy, memmove and memset of variable sizes (16 B to 256 KiB,
 * most of them small) at pseudo-random offsets in two 8 MiB buffers. Built with
 * -mbulk-memory, clang lowers these calls to memory.copy / memory.fill, so this
 * measures those instructions plus the per-call overhead around them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF (8u << 20)
#define OPS 600000

static uint32_t rng = 88172645u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

int main(int argc, char **argv) {
    (void)argv;
    rng += (uint32_t)argc;
    uint8_t *a = malloc(BUF), *b = malloc(BUF);
    if (!a || !b) { puts("alloc failed"); return 1; }
    memset(a, 0x5A, BUF);
    memset(b, 0xA5, BUF);
    static const uint32_t sizes[16] = {16, 24, 40, 64, 100, 128, 256, 300, 512, 1000, 2048, 4096, 8192,
                                       16384, 65536, 262144};
    uint64_t moved = 0;
    uint32_t h = 2166136261u;
    for (uint32_t k = 0; k < OPS; k++) {
        uint32_t r = next();
        uint32_t size = sizes[r & 15];
        if (size >= 16384 && (r & 0x30)) size = sizes[(r >> 6) & 7]; /* make big copies rarer */
        uint32_t src = next() % (BUF - size), dst = next() % (BUF - size);
        switch (k & 3) {
        case 0: memset(a + dst, (int)(r >> 24), size); break;
        case 1: memmove(a + dst, a + src, size); break;  /* may overlap */
        case 2: memcpy(b + dst, a + src, size); break;
        default: memcpy(a + dst, b + src, size); break;
        }
        moved += size;
        h = (h ^ a[dst] ^ b[src]) * 16777619u;
    }
    for (uint32_t i = 0; i < BUF; i += 4093) h = (h ^ a[i] ^ (uint32_t)(b[i] << 8)) * 16777619u;
    printf("moved=%llu hash=%08x\n", (unsigned long long)moved, h);
    free(a); free(b);
    return 0;
}
