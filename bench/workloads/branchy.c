/* Branchy code: a byte-level tokenizer (a state machine over character classes)
 * running over 4 MiB of generated source-like text: identifiers, keywords,
 * numbers (int, hex, float), strings with escapes, comments and operators.
 * Prints token counts and a rolling hash of token kinds and lengths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_BYTES (4u << 20)
#define PASSES 12

static uint32_t rng = 0x12345678u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static const char *const words[] = {"if", "else", "while", "return", "int", "for", "static", "const",
                                    "value", "count", "next_item", "buffer", "x", "tmp2", "_init", "Node"};
static const char *const ops[] = {"+", "-", "*", "/", "==", "!=", "<=", ">=", "&&", "||", "=", "(", ")",
                                  "{", "}", ";", ",", "->", "<<", "[", "]"};

static size_t generate(char *t, size_t cap) {
    size_t n = 0;
    while (n + 64 < cap) {
        uint32_t r = next(), k = r % 100;
        if (k < 40) { const char *w = words[(r >> 8) % 16]; size_t l = strlen(w); memcpy(t + n, w, l); n += l; }
        else if (k < 55) n += (size_t)sprintf(t + n, "%u", (r >> 8) % 100000);
        else if (k < 58) n += (size_t)sprintf(t + n, "0x%X", r >> 12);
        else if (k < 62) n += (size_t)sprintf(t + n, "%u.%ue-%u", (r >> 8) % 1000, (r >> 18) % 100, (r >> 26) % 9);
        else if (k < 67) {
            t[n++] = '"';
            for (uint32_t i = 0, m = (r >> 8) % 24; i < m; i++) {
                uint32_t c = next();
                if (c % 11 == 0) { t[n++] = '\\'; t[n++] = "nt\"\\"[c % 4]; } else t[n++] = (char)('a' + c % 26);
            }
            t[n++] = '"';
        } else if (k < 69) {
            memcpy(t + n, "/* note: ", 9); n += 9;
            for (uint32_t i = 0, m = (r >> 8) % 40; i < m; i++) t[n++] = (char)(' ' + next() % 90 % 10 + 65);
            memcpy(t + n, " */", 3); n += 3;
        } else if (k < 71) {
            memcpy(t + n, "// line ", 8); n += 8;
            for (uint32_t i = 0, m = (r >> 8) % 30; i < m; i++) t[n++] = (char)('a' + next() % 26);
            t[n++] = '\n';
        } else { const char *o = ops[(r >> 8) % 21]; size_t l = strlen(o); memcpy(t + n, o, l); n += l; }
        uint32_t sp = next() % 8;
        t[n++] = sp == 0 ? '\n' : sp == 1 ? '\t' : ' ';
    }
    t[n] = 0;
    return n;
}

enum { T_IDENT, T_KEYWORD, T_INT, T_HEX, T_FLOAT, T_STRING, T_COMMENT, T_OP, T_BAD, T_COUNT };
enum { C_SPACE, C_ALPHA, C_DIGIT, C_QUOTE, C_SLASH, C_OP, C_OTHER };
static uint8_t cls[256];

static int is_keyword(const char *s, size_t n) {
    switch (n) {
    case 2: return (s[0] == 'i' && s[1] == 'f');
    case 3: return (s[0] == 'i' && s[1] == 'n' && s[2] == 't') || (s[0] == 'f' && s[1] == 'o' && s[2] == 'r');
    case 4: return memcmp(s, "else", 4) == 0;
    case 5: return memcmp(s, "while", 5) == 0 || memcmp(s, "const", 5) == 0;
    case 6: return memcmp(s, "return", 6) == 0 || memcmp(s, "static", 6) == 0;
    default: return 0;
    }
}

static uint32_t tokenize(const char *t, size_t n, uint32_t *counts) {
    uint32_t h = 2166136261u;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        size_t start = i;
        int kind;
        switch (cls[c]) {
        case C_SPACE: i++; continue;
        case C_ALPHA:
            while (i < n && (cls[(unsigned char)t[i]] == C_ALPHA || cls[(unsigned char)t[i]] == C_DIGIT)) i++;
            kind = is_keyword(t + start, i - start) ? T_KEYWORD : T_IDENT;
            break;
        case C_DIGIT:
            if (c == '0' && i + 1 < n && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
                i += 2;
                while (i < n && ((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'A' && t[i] <= 'F') ||
                                 (t[i] >= 'a' && t[i] <= 'f'))) i++;
                kind = T_HEX;
            } else {
                kind = T_INT;
                while (i < n && cls[(unsigned char)t[i]] == C_DIGIT) i++;
                if (i < n && t[i] == '.') {
                    kind = T_FLOAT; i++;
                    while (i < n && cls[(unsigned char)t[i]] == C_DIGIT) i++;
                    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
                        i++;
                        if (i < n && (t[i] == '-' || t[i] == '+')) i++;
                        while (i < n && cls[(unsigned char)t[i]] == C_DIGIT) i++;
                    }
                }
            }
            break;
        case C_QUOTE:
            i++;
            while (i < n && t[i] != '"') i += (t[i] == '\\') ? 2 : 1;
            i++;
            kind = T_STRING;
            break;
        case C_SLASH:
            if (i + 1 < n && t[i + 1] == '/') {
                while (i < n && t[i] != '\n') i++;
                kind = T_COMMENT;
            } else if (i + 1 < n && t[i + 1] == '*') {
                i += 2;
                while (i + 1 < n && !(t[i] == '*' && t[i + 1] == '/')) i++;
                i += 2;
                kind = T_COMMENT;
            } else { i++; kind = T_OP; }
            break;
        case C_OP: {
            unsigned char d = i + 1 < n ? (unsigned char)t[i + 1] : 0;
            if ((d == '=' && (c == '=' || c == '!' || c == '<' || c == '>')) || (c == '&' && d == '&') ||
                (c == '|' && d == '|') || (c == '-' && d == '>') || (c == '<' && d == '<'))
                i += 2;
            else
                i += 1;
            kind = T_OP;
            break;
        }
        default: i++; kind = T_BAD; break;
        }
        counts[kind]++;
        h = (h ^ (uint32_t)kind) * 16777619u;
        h = (h ^ (uint32_t)(i - start)) * 16777619u;
    }
    return h;
}

int main(int argc, char **argv) {
    (void)argv;
    rng += (uint32_t)argc;
    char *text = malloc(TEXT_BYTES + 1);
    if (!text) { puts("alloc failed"); return 1; }
    size_t n = generate(text, TEXT_BYTES);
    for (int c = 0; c < 256; c++) cls[c] = C_OTHER;
    cls[' '] = cls['\t'] = cls['\n'] = cls['\r'] = C_SPACE;
    for (int c = 'a'; c <= 'z'; c++) cls[c] = C_ALPHA;
    for (int c = 'A'; c <= 'Z'; c++) cls[c] = C_ALPHA;
    cls['_'] = C_ALPHA;
    for (int c = '0'; c <= '9'; c++) cls[c] = C_DIGIT;
    cls['"'] = C_QUOTE;
    cls['/'] = C_SLASH;
    for (const char *o = "+-*=!<>&|(){};,[]"; *o; o++) cls[(unsigned char)*o] = C_OP;
    uint32_t counts[T_COUNT] = {0}, h = 0;
    for (int p = 0; p < PASSES; p++) h = h * 31u + tokenize(text, n, counts) + (uint32_t)p;
    printf("bytes=%zu ident=%u kw=%u int=%u hex=%u float=%u str=%u comment=%u op=%u bad=%u hash=%08x\n", n,
           counts[T_IDENT], counts[T_KEYWORD], counts[T_INT], counts[T_HEX], counts[T_FLOAT], counts[T_STRING],
           counts[T_COMMENT], counts[T_OP], counts[T_BAD], h);
    free(text);
    return 0;
}
