/* Interpreter-like: a small stack-based bytecode VM (a switch-dispatched loop,
 * a br_table in wasm) running a loop-heavy program: the Collatz chain length of
 * every n below a limit, keeping the total and the longest chain. Prints them. */
#include <stdint.h>
#include <stdio.h>

enum { PUSH, LOAD, STORE, ADD, MUL, AND, SHR, LT, NE, GT, JZ, JMP, INC, HALT };
enum { V_N, V_X, V_STEPS, V_TOTAL, V_MAXS, V_MAXN, V_COUNT };

typedef struct { uint8_t op; int32_t arg; } insn;
static insn prog[128];
static int len;
static int emit(int op, int32_t arg) { prog[len].op = (uint8_t)op; prog[len].arg = arg; return len++; }

static int64_t run(int64_t *vars) {
    int64_t stack[64];
    int sp = 0, pc = 0;
    uint64_t dispatched = 0;
    for (;;) {
        const insn in = prog[pc++];
        dispatched++;
        switch (in.op) {
        case PUSH: stack[sp++] = in.arg; break;
        case LOAD: stack[sp++] = vars[in.arg]; break;
        case STORE: vars[in.arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> stack[sp]); break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case NE: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
        case GT: sp--; stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = in.arg; break;
        case JMP: pc = in.arg; break;
        case INC: vars[in.arg]++; break;
        case HALT: return (int64_t)dispatched;
        default: return -1;
        }
    }
}

int main(int argc, char **argv) {
    (void)argv;
    int32_t limit = 50000 + (argc > 100);
    emit(PUSH, 1); emit(STORE, V_N);
    int loop_n = emit(LOAD, V_N); emit(PUSH, limit); emit(LT, 0); int jz_end = emit(JZ, 0);
    emit(LOAD, V_N); emit(STORE, V_X); emit(PUSH, 0); emit(STORE, V_STEPS);
    int loop_x = emit(LOAD, V_X); emit(PUSH, 1); emit(NE, 0); int jz_done = emit(JZ, 0);
    emit(LOAD, V_X); emit(PUSH, 1); emit(AND, 0); int jz_even = emit(JZ, 0);
    emit(LOAD, V_X); emit(PUSH, 3); emit(MUL, 0); emit(PUSH, 1); emit(ADD, 0); emit(STORE, V_X);
    int jmp_next = emit(JMP, 0);
    int even = emit(LOAD, V_X); emit(PUSH, 1); emit(SHR, 0); emit(STORE, V_X);
    int next = emit(INC, V_STEPS); emit(JMP, loop_x);
    int done = emit(LOAD, V_TOTAL); emit(LOAD, V_STEPS); emit(ADD, 0); emit(STORE, V_TOTAL);
    emit(LOAD, V_STEPS); emit(LOAD, V_MAXS); emit(GT, 0); int jz_skip = emit(JZ, 0);
    emit(LOAD, V_STEPS); emit(STORE, V_MAXS); emit(LOAD, V_N); emit(STORE, V_MAXN);
    int skip = emit(INC, V_N); emit(JMP, loop_n);
    int end = emit(HALT, 0);
    prog[jz_end].arg = end; prog[jz_done].arg = done; prog[jz_even].arg = even;
    prog[jmp_next].arg = next; prog[jz_skip].arg = skip;

    int64_t vars[V_COUNT] = {0};
    int64_t dispatched = run(vars);
    printf("limit=%d total_steps=%lld longest=%lld at n=%lld dispatched=%lld\n", (int)limit,
           (long long)vars[V_TOTAL], (long long)vars[V_MAXS], (long long)vars[V_MAXN], (long long)dispatched);
    return 0;
}
