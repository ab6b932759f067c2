/* Memory-bound loops: streaming sum, copy-with-transform and strided reads over
 * 16 MiB arrays (larger than the last-level cache of most cores), plus a
 * scattered gather with a large odd stride. Prints checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N (4u << 20)            /* 4 Mi uint32 = 16 MiB per array */
#define SUM_PASSES 8
#define COPY_PASSES 6
#define STRIDE_PASSES 64        /* each touches N/16 words: one per 64-byte line */
#define GATHER_OPS (16u << 20)

int main(int argc, char **argv) {
    (void)argv;
    uint32_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    if (!a || !b) { puts("alloc failed"); return 1; }
    uint32_t s = 2463534242u + (uint32_t)argc;
    for (uint32_t i = 0; i < N; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; a[i] = s; }

    uint64_t sum = 0;                                   /* streaming reduction */
    for (int p = 0; p < SUM_PASSES; p++)
        for (uint32_t i = 0; i < N; i++) sum += a[i] ^ (uint32_t)p;

    uint32_t x = 0;                                     /* streaming copy with a cheap transform */
    for (int p = 0; p < COPY_PASSES; p++) {
        uint32_t *src = (p & 1) ? b : a, *dst = (p & 1) ? a : b;
        for (uint32_t i = 0; i < N; i++) dst[i] = src[i] * 2654435761u + (uint32_t)p;
        x ^= dst[(p * 7919u) & (N - 1)];
    }

    uint64_t str = 0;                                   /* strided: one word per cache line */
    for (int p = 0; p < STRIDE_PASSES; p++)
        for (uint32_t i = (uint32_t)p & 15; i < N; i += 16) str += a[i] >> (p & 7);

    uint32_t g = 0, idx = 0;                            /* scattered gather, large odd stride */
    for (uint32_t k = 0; k < GATHER_OPS; k++) { g += b[idx] ^ k; idx = (idx + 1048583u) & (N - 1); }

    printf("sum=%llu copy=%08x stride=%llu gather=%08x\n", (unsigned long long)sum, x,
           (unsigned long long)str, g);
    free(a); free(b);
    return 0;
}
