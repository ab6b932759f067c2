// bench-flags: -msimd128
/* SIMD: 128-bit vector kernels written with wasm_simd128.h intrinsics when built
 * with -msimd128 (wasm), and as plain C that does the same lane-wise arithmetic
 * otherwise (native), so both print identical checksums:
 *   - f32x4 axpy and a 4-lane dot product over 16 Ki floats,
 *   - u8x16 sum of absolute differences between two 64 KiB "images",
 *   - an i32x4 multiply/xor/rotate hash and a byte shuffle (swizzle). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define NF (16u << 10)
#define NB (64u << 10)
#define F_REPS 9000
#define SAD_REPS 2400
#define HASH_REPS 1800

static float fx[NF], fy[NF];
static uint8_t img_a[NB], img_b[NB];
static uint32_t words[NB / 4];

static void axpy_dot(float a, float *dot4) {
#ifdef __wasm_simd128__
    v128_t va = wasm_f32x4_splat(a), half = wasm_f32x4_splat(0.5f), acc = wasm_f32x4_splat(0.0f);
    for (uint32_t i = 0; i < NF; i += 4) {
        v128_t x = wasm_v128_load(fx + i), y = wasm_v128_load(fy + i);
        y = wasm_f32x4_add(wasm_f32x4_mul(y, half), wasm_f32x4_mul(x, va));
        wasm_v128_store(fy + i, y);
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
    }
    wasm_v128_store(dot4, acc);
#else
    float acc[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < NF; i += 4)
        for (int l = 0; l < 4; l++) {
            float y = fy[i + l] * 0.5f + fx[i + l] * a;
            fy[i + l] = y;
            acc[l] = acc[l] + fx[i + l] * y;
        }
    memcpy(dot4, acc, sizeof acc);
#endif
}

static uint32_t sad(const uint8_t *p, const uint8_t *q) {
#ifdef __wasm_simd128__
    v128_t acc = wasm_i32x4_splat(0);
    for (uint32_t i = 0; i < NB; i += 16) {
        v128_t a = wasm_v128_load(p + i), b = wasm_v128_load(q + i);
        v128_t d = wasm_v128_or(wasm_u8x16_sub_sat(a, b), wasm_u8x16_sub_sat(b, a));
        acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(d)));
    }
    return wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) +
           wasm_i32x4_extract_lane(acc, 3);
#else
    uint32_t acc = 0;
    for (uint32_t i = 0; i < NB; i++) acc += p[i] > q[i] ? (uint32_t)(p[i] - q[i]) : (uint32_t)(q[i] - p[i]);
    return acc;
#endif
}

static void hash4(uint32_t *out) {
#ifdef __wasm_simd128__
    v128_t h = wasm_i32x4_make(1, 2, 3, 4), k = wasm_i32x4_splat((int32_t)0x9E3779B1u);
    v128_t rev = wasm_i8x16_make(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
    for (uint32_t i = 0; i < NB / 4; i += 4) {
        v128_t w = wasm_i8x16_swizzle(wasm_v128_load(words + i), rev);
        h = wasm_i32x4_mul(wasm_v128_xor(h, w), k);
        h = wasm_v128_or(wasm_i32x4_shl(h, 13), wasm_u32x4_shr(h, 19));
        h = wasm_i32x4_add(h, wasm_u32x4_shr(h, 7));
    }
    wasm_v128_store(out, h);
#else
    uint32_t h[4] = {1, 2, 3, 4};
    for (uint32_t i = 0; i < NB / 4; i += 4)
        for (int l = 0; l < 4; l++) {
            uint32_t w = words[i + l];
            w = (w >> 24) | ((w >> 8) & 0xFF00u) | ((w << 8) & 0xFF0000u) | (w << 24);
            uint32_t x = (h[l] ^ w) * 0x9E3779B1u;
            x = (x << 13) | (x >> 19);
            h[l] = x + (x >> 7);
        }
    memcpy(out, h, sizeof h);
#endif
}

int main(int argc, char **argv) {
    (void)argv;
    uint32_t s = 0x1234567u + (uint32_t)argc;
    for (uint32_t i = 0; i < NF; i++) {
        s = s * 1664525u + 1013904223u;
        fx[i] = (float)(s >> 8) / 16777216.0f - 0.5f;
        fy[i] = (float)(i % 7) * 0.125f;
    }
    for (uint32_t i = 0; i < NB; i++) {
        s = s * 1664525u + 1013904223u;
        img_a[i] = (uint8_t)(s >> 24);
        img_b[i] = (uint8_t)((s >> 16) ^ (i * 3));
    }
    memcpy(words, img_a, sizeof words);

    float dsum = 0;
    for (int r = 0; r < F_REPS; r++) {
        float d[4];
        axpy_dot(0.25f + (float)(r % 8) * 0.0625f, d);
        dsum += (d[0] + d[1]) + (d[2] + d[3]);
    }
    uint32_t sads = 0;
    for (int r = 0; r < SAD_REPS; r++) {
        sads = sads * 31u + sad(img_a, img_b);
        img_b[(r * 4099u) % NB] ^= (uint8_t)r;
    }
    uint32_t hx = 0;
    for (int r = 0; r < HASH_REPS; r++) {
        uint32_t h[4];
        hash4(h);
        hx ^= h[0] + h[1] * 3u + h[2] * 5u + h[3] * 7u;
        words[r % (NB / 4)] += hx;
    }
    printf("dot=%.6e fy0=%.6e sad=%08x hash=%08x\n", (double)dsum, (double)fy[NF / 2], sads, hx);
    return 0;
}
