/* Indirect calls: dispatch through a table of function pointers (call_indirect
 * in wasm), both with a pseudo-random selector sequence and with a "virtual
 * method" pattern over an array of objects that carry their own vtable.
 * Prints checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef uint32_t (*op_fn)(uint32_t, uint32_t);

__attribute__((noinline)) static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
__attribute__((noinline)) static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
__attribute__((noinline)) static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
__attribute__((noinline)) static uint32_t op_rotl(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
__attribute__((noinline)) static uint32_t op_min(uint32_t a, uint32_t b) { return a < b ? a + 1 : (a ^ b) + 3; }
__attribute__((noinline)) static uint32_t op_avg(uint32_t a, uint32_t b) { return (a >> 1) + (b >> 1) + 7; }
__attribute__((noinline)) static uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ (b >> 3)) * 0x9E3779B1u; }

static op_fn const table[8] = {op_add, op_sub, op_xor, op_mul, op_rotl, op_min, op_avg, op_mix};

typedef struct shape shape;
typedef struct { double (*area)(const shape *); uint32_t (*tag)(const shape *, uint32_t); } vtable;
struct shape { const vtable *vt; double a, b; };

__attribute__((noinline)) static double rect_area(const shape *s) { return s->a * s->b; }
__attribute__((noinline)) static double tri_area(const shape *s) { return 0.5 * s->a * s->b; }
__attribute__((noinline)) static double circ_area(const shape *s) { return 3.141592653589793 * s->a * s->a; }
__attribute__((noinline)) static uint32_t rect_tag(const shape *s, uint32_t h) { (void)s; return h * 31u + 1u; }
__attribute__((noinline)) static uint32_t tri_tag(const shape *s, uint32_t h) { (void)s; return h * 37u + 2u; }
__attribute__((noinline)) static uint32_t circ_tag(const shape *s, uint32_t h) { (void)s; return (h ^ 3u) * 41u; }

static const vtable vt_rect = {rect_area, rect_tag}, vt_tri = {tri_area, tri_tag}, vt_circ = {circ_area, circ_tag};

#define SEQ 4096
#define CALLS (24u << 20)
#define SHAPES 1024
#define SHAPE_PASSES 6000

int main(int argc, char **argv) {
    (void)argv;
    uint8_t *seq = malloc(SEQ);
    uint32_t r = 0xC0FFEEu + (uint32_t)argc;
    for (int i = 0; i < SEQ; i++) { r = r * 1103515245u + 12345u; seq[i] = (uint8_t)((r >> 16) & 7); }
    uint32_t acc = 1;
    for (uint32_t i = 0; i < CALLS; i++) acc = table[seq[i & (SEQ - 1)]](acc, i);

    shape *shapes = malloc(SHAPES * sizeof *shapes);
    for (int i = 0; i < SHAPES; i++) {
        r = r * 1103515245u + 12345u;
        int k = (int)((r >> 16) % 3);
        shapes[i].vt = k == 0 ? &vt_rect : k == 1 ? &vt_tri : &vt_circ;
        shapes[i].a = 1.0 + (double)(i % 17);
        shapes[i].b = 2.0 + (double)(i % 13);
    }
    double area = 0;
    uint32_t tag = 0;
    for (int p = 0; p < SHAPE_PASSES; p++)
        for (int i = 0; i < SHAPES; i++) {
            area += shapes[i].vt->area(&shapes[i]);
            tag = shapes[i].vt->tag(&shapes[i], tag);
        }
    printf("acc=%08x area=%.3f tag=%08x\n", acc, area, tag);
    free(seq); free(shapes);
    return 0;
}
