/* table.c - the arena a schema model is allocated in (freed at once) and the string-keyed hash table
 * that replaces any walking of the WSDL after load. Also small UTF-8 helpers shared by the module. */

#include "map_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 16384

struct mapp_chunk {
    struct mapp_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned for any object */
};

void *mapp_alloc(mapp_arena *a, size_t size)
{
    struct mapp_chunk *c = a->head;
    size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    void *p;

    if (need < size)
        return NULL;
    if (c == NULL || c->size - c->used < need) {
        size_t sz = need > CHUNK_MIN ? need : CHUNK_MIN;

        if ((c = malloc(sizeof *c + sz)) == NULL)
            return NULL;
        c->used = 0;
        c->size = sz;
        c->next = a->head;
        a->head = c;
    }
    p = (char *)c->data + c->used;
    c->used += need;
    memset(p, 0, size);
    return p;
}

char *mapp_strdup(mapp_arena *a, const char *s)
{
    size_t n;
    char *d;

    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    if ((d = mapp_alloc(a, n)) != NULL)
        memcpy(d, s, n);
    return d;
}

void mapp_arena_free(mapp_arena *a)
{
    struct mapp_chunk *c, *next;

    for (c = a->head; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Hash table                                                                                            */
/* ---------------------------------------------------------------------------------------------------- */

struct mapp_slot {
    struct mapp_slot *next;
    void *value;
    char key[];
};

/* FNV-1a: short keys, no adversary (keys come from our own contract files). */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

void *mapp_hash_get(const mapp_hash *h, const char *key)
{
    struct mapp_slot *s;

    if (h->nbucket == 0)
        return NULL;
    for (s = h->bucket[hash_str(key) % h->nbucket]; s != NULL; s = s->next)
        if (strcmp(s->key, key) == 0)
            return s->value;
    return NULL;
}

/* Doubles the bucket array once the load factor reaches 1. Returns 0 or -1 (table unchanged). */
static int grow(mapp_hash *h)
{
    size_t n = h->nbucket == 0 ? 64 : h->nbucket * 2, i;
    struct mapp_slot **b = calloc(n, sizeof *b), *s, *next;

    if (b == NULL)
        return -1;
    for (i = 0; i < h->nbucket; i++) {
        for (s = h->bucket[i]; s != NULL; s = next) {
            next = s->next;
            s->next = b[hash_str(s->key) % n];
            b[hash_str(s->key) % n] = s;
        }
    }
    free(h->bucket);
    h->bucket = b;
    h->nbucket = n;
    return 0;
}

int mapp_hash_put(mapp_hash *h, const char *key, void *value)
{
    size_t klen = strlen(key) + 1, i;
    struct mapp_slot *s;

    if (mapp_hash_get(h, key) != NULL)
        return 1;
    if (h->count >= h->nbucket && grow(h) < 0)
        return -1;
    if ((s = malloc(sizeof *s + klen)) == NULL)
        return -1;
    memcpy(s->key, key, klen);
    s->value = value;
    i = hash_str(key) % h->nbucket;
    s->next = h->bucket[i];
    h->bucket[i] = s;
    h->count++;
    return 0;
}

void mapp_hash_free(mapp_hash *h)
{
    struct mapp_slot *s, *next;
    size_t i;

    for (i = 0; i < h->nbucket; i++) {
        for (s = h->bucket[i]; s != NULL; s = next) {
            next = s->next;
            free(s);
        }
    }
    free(h->bucket);
    memset(h, 0, sizeof *h);
}

char *mapp_qkey(char *buf, size_t size, const char *ns, const char *local)
{
    int n = snprintf(buf, size, "{%s}%s", ns != NULL ? ns : "", local);

    return n >= 0 && (size_t)n < size ? buf : NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* UTF-8                                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

/* Length of the UTF-8 sequence starting at s (at most `left` bytes), or 0 when it is invalid (overlong,
 * surrogate, above U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *s, size_t left, unsigned long *cp)
{
    static const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    unsigned long c;
    size_t i;

    if (n == 0 || n > left)
        return 0;
    c = n == 1 ? s[0] : s[0] & (0x7F >> n);
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t mapp_utf8_len(const char *s, size_t len)
{
    size_t i = 0, count = 0, n;
    unsigned long cp;

    while (i < len) {
        if ((n = utf8_seq((const unsigned char *)s + i, len - i, &cp)) == 0)
            return (size_t)-1;
        i += n;
        count++;
    }
    return count;
}

size_t mapp_xml_text_check(const char *s, size_t len)
{
    size_t i = 0, n;
    unsigned long cp;

    while (i < len) {
        if ((n = utf8_seq((const unsigned char *)s + i, len - i, &cp)) == 0)
            return i;
        /* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
        if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || cp == 0xFFFE || cp == 0xFFFF)
            return i;
        i += n;
    }
    return (size_t)-1;
}
