/* value.c - simple values between JSON and their XSD lexical form, driven by the builtin table: kind and
 * range checks, lexical forms, facets (enumeration, pattern, lengths, bounds, digits), and the error
 * plumbing (JSON Pointer, expected/got) shared by the transcoder. */

#include "map_int.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* ---------------------------------------------------------------------------------------------------- */
/* Errors and pointers                                                                                   */
/* ---------------------------------------------------------------------------------------------------- */

/* Appends byte ch to the pointer text being rendered, as long as it fits (a long pointer is cut). */
static void ptr_put(char *out, size_t size, size_t *n, char ch)
{
    if (*n + 1 < size)
        out[(*n)++] = ch;
}

/* Renders the position as a JSON Pointer into out, cut to size - 1 bytes (still a prefix). */
static void render_pointer(const mapp_ctx *c, char *out, size_t size)
{
    char num[24];
    const char *s;
    size_t i, n = 0;

    for (i = 0; i < c->plen && i < MAPP_MAX_PATH && n + 1 < size; i++) {
        if ((s = c->path[i].name) == NULL) {
            snprintf(num, sizeof num, "%zu", c->path[i].index);
            s = num;
        }
        ptr_put(out, size, &n, '/');
        for (; *s != '\0'; s++) {
            if (*s == '~' || *s == '/') {
                ptr_put(out, size, &n, '~');
                ptr_put(out, size, &n, *s == '~' ? '0' : '1');
            } else {
                ptr_put(out, size, &n, *s);
            }
        }
    }
    out[n] = '\0';
}

int mapp_err(mapp_ctx *c, const char *expected, const char *got, const char *fmt, ...)
{
    map_error *e = c->err;
    va_list ap;

    if (e == NULL)
        return -1;
    e->status = c->status;
    render_pointer(c, e->pointer, sizeof e->pointer);
    snprintf(e->expected, sizeof e->expected, "%s", expected != NULL ? expected : "");
    snprintf(e->got, sizeof e->got, "%s", got != NULL ? got : "");
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return -1;
}

void mapp_got(const json_t *v, char *buf, size_t size)
{
    char *s = v != NULL ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

    if (s == NULL) {
        snprintf(buf, size, "%s", v == NULL ? "nothing" : "a value");
        return;
    }
    if (strlen(s) >= size && size > 4)
        snprintf(buf, size, "%.*s...", (int)(size - 4), s);
    else
        snprintf(buf, size, "%s", s);
    free(s);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Description of a type for "expected"                                                                  */
/* ---------------------------------------------------------------------------------------------------- */

const char *mapp_describe(const map_type *t, char *buf, size_t size)
{
    const mapp_builtin *row = mapp_builtin_row(t->builtin);
    const char *name = t->name != NULL ? t->name : row->info.name;
    size_t i, n;

    if (t->variety == MAP_VARIETY_LIST)
        n = (size_t)snprintf(buf, size, "array of %s", row->info.name);
    else if (row->info.min != NULL || row->info.max != NULL)
        n = (size_t)snprintf(buf, size, "%s (%s..%s)", name, row->info.min ? row->info.min : "",
                             row->info.max ? row->info.max : "");
    else
        n = (size_t)snprintf(buf, size, "%s", name != NULL ? name : "value");
    for (i = 0; i < t->facets.nenums && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i == 0 ? ": one of " : "|", t->facets.enums[i]);
    if (t->facets.nenums == 0 && t->facets.npatterns > 0 && n < size)
        snprintf(buf + n, size - n, " matching %s", t->facets.patterns[0]);
    return buf;
}

/* Reports that v is not what t accepts. */
static int bad_value(mapp_ctx *c, const map_type *t, const json_t *v, const char *why)
{
    char want[128], got[128];

    mapp_got(v, got, sizeof got);
    return mapp_err(c, mapp_describe(t, want, sizeof want), got, "%s", why);
}

/* Same, for a lexical text (facet checks, responses): shown as is, cut at a character boundary. */
static int bad_text(mapp_ctx *c, const map_type *t, const char *text, const char *why)
{
    char want[128], got[128];
    size_t n = strlen(text);

    if (n >= sizeof got) {
        n = sizeof got - 4;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(got, sizeof got, "%.*s%s", (int)n, text, n < strlen(text) ? "..." : "");
    return mapp_err(c, mapp_describe(t, want, sizeof want), got, "%s", why);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Lexical checks                                                                                        */
/* ---------------------------------------------------------------------------------------------------- */

static int b64_val(char ch)
{
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = ch != '\0' ? strchr(alpha, ch) : NULL;

    return p != NULL ? (int)(p - alpha) : -1;
}

/* Canonical base64 check: alphabet, length multiple of 4, padding only at the end with zero bits before
 * it. XML whitespace is skipped when `ws` (responses). Returns the decoded length or -1. */
static long base64_len(const char *s, int ws)
{
    size_t n = 0, pad = 0;
    int last = 0;

    for (; *s != '\0'; s++) {
        if (ws && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
            continue;
        if (*s == '=') {
            pad++;
        } else if (pad > 0 || (last = b64_val(*s)) < 0) {
            return -1;
        }
        n++;
    }
    if (n % 4 != 0 || pad > 2)
        return -1;
    if ((pad == 1 && (last & 0x3)) || (pad == 2 && (last & 0xF)))
        return -1; /* non-zero bits under the padding: not the one canonical encoding */
    return (long)(n / 4 * 3 - pad);
}

/* Hand-written matchers for the lexical forms every response and request carries (integers, decimals,
 * booleans, floats, dates and times). Each accepts exactly what its anchored regex in xsd.c accepts
 * (the grammars are deterministic, so one left-to-right pass decides), at a fraction of regexec's
 * cost; the rarer builtins keep their regex. */

/* Skips ASCII digits; returns how many. */
static size_t skip_digits(const char **s)
{
    const char *start = *s;

    while (**s >= '0' && **s <= '9')
        (*s)++;
    return (size_t)(*s - start);
}

/* Two digits forming a number in lo..hi; advances past them. */
static int two_digits(const char **s, int lo, int hi)
{
    const char *p = *s;
    int v;

    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return 0;
    v = (p[0] - '0') * 10 + (p[1] - '0');
    *s = p + 2;
    return v >= lo && v <= hi;
}

/* "[+-]?[0-9]+" (LEX_INT without anchors). */
static int lex_int(const char *s)
{
    s += *s == '+' || *s == '-';
    return skip_digits(&s) > 0 && *s == '\0';
}

/* "[0-9]+(\.[0-9]*)?|\.[0-9]+": the unsigned decimal body; advances past it. */
static int decimal_body(const char **s)
{
    size_t whole = skip_digits(s);

    if (**s != '.')
        return whole > 0;
    (*s)++;
    return skip_digits(s) > 0 || whole > 0;
}

static int lex_decimal(const char *s)
{
    s += *s == '+' || *s == '-';
    return decimal_body(&s) && *s == '\0';
}

/* float and double: a decimal with an optional exponent, or -?INF, or NaN. */
static int lex_float(const char *s)
{
    if (strcmp(s, "INF") == 0 || strcmp(s, "-INF") == 0 || strcmp(s, "NaN") == 0)
        return 1;
    s += *s == '+' || *s == '-';
    if (!decimal_body(&s))
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        s += *s == '+' || *s == '-';
        if (skip_digits(&s) == 0)
            return 0;
    }
    return *s == '\0';
}

/* Days in `month` of a year whose last digits are `year` (Gregorian: leap every 4, not 100, 400). */
static int days_in(long year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    return month == 2 && leap ? 29 : days[month - 1];
}

/* LEX_DATE: "-?[0-9]{4,}-MM-DD", a real calendar day ("2026-02-31" is not one). */
static int date_part(const char **s)
{
    const char *m;
    long year;

    *s += **s == '-';
    if (skip_digits(s) < 4 || *(*s)++ != '-')
        return 0;
    year = strtol(*s - 5, NULL, 10); /* its last four digits decide leap years */
    m = *s;
    if (!two_digits(s, 1, 12) || *(*s)++ != '-')
        return 0;
    return two_digits(s, 1, days_in(year, (m[0] - '0') * 10 + (m[1] - '0')));
}

/* LEX_TIME: "hh:mm:ss(\.[0-9]+)?" with hh 00..23, mm and ss 00..59. */
static int time_part(const char **s)
{
    if (!two_digits(s, 0, 23) || *(*s)++ != ':' || !two_digits(s, 0, 59) || *(*s)++ != ':' ||
        !two_digits(s, 0, 59))
        return 0;
    if (**s != '.')
        return 1;
    (*s)++;
    return skip_digits(s) > 0;
}

/* LEX_TZ, then the end of the text: "", "Z", or [+-]hh:mm up to 13:59, or 14:00. */
static int tz_end(const char *s)
{
    if (*s == '\0' || (s[0] == 'Z' && s[1] == '\0'))
        return 1;
    if (*s != '+' && *s != '-')
        return 0;
    s++;
    if (s[0] == '1' && s[1] == '4')
        return strcmp(s, "14:00") == 0;
    return two_digits(&s, 0, 13) && *s++ == ':' && two_digits(&s, 0, 59) && *s == '\0';
}

/* 1 or 0 when a hand-written matcher decides builtin b, -1 when only the regex can. */
static int lexical_fast(enum map_builtin b, const char *s)
{
    switch (b) {
    case MAP_XS_BYTE: case MAP_XS_SHORT: case MAP_XS_INT: case MAP_XS_LONG:
    case MAP_XS_UNSIGNED_BYTE: case MAP_XS_UNSIGNED_SHORT: case MAP_XS_UNSIGNED_INT: case MAP_XS_UNSIGNED_LONG:
    case MAP_XS_INTEGER: case MAP_XS_NON_NEGATIVE_INTEGER: case MAP_XS_POSITIVE_INTEGER:
    case MAP_XS_NON_POSITIVE_INTEGER: case MAP_XS_NEGATIVE_INTEGER:
        return lex_int(s);
    case MAP_XS_DECIMAL: return lex_decimal(s);
    case MAP_XS_FLOAT: case MAP_XS_DOUBLE: return lex_float(s);
    case MAP_XS_BOOLEAN:
        return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 || strcmp(s, "1") == 0 || strcmp(s, "0") == 0;
    case MAP_XS_DATETIME: return date_part(&s) && *s++ == 'T' && time_part(&s) && tz_end(s);
    case MAP_XS_DATE: return date_part(&s) && tz_end(s);
    case MAP_XS_TIME: return time_part(&s) && tz_end(s);
    default: return -1;
    }
}

/* Checks text against the lexical form of t's builtin (regex table, plus base64 and duration rules). */
static int lexical_ok(const map_model *m, enum map_builtin b, const char *text, int ws)
{
    int fast;

    if (b == MAP_XS_BASE64BINARY)
        return base64_len(text, ws) >= 0;
    if ((fast = lexical_fast(b, text)) >= 0)
        return fast;
    if (m->has_lexical[b] && regexec(&m->lexical[b], text, 0, NULL, 0) != 0)
        return 0;
    if (b == MAP_XS_DURATION) {
        size_t n = strlen(text);

        /* "P" and "PT" alone match the regex but name no component. */
        return n > 0 && text[n - 1] != 'P' && text[n - 1] != 'T';
    }
    return 1;
}

/* Digits before and after the point of a decimal lexical form, leading/trailing zeros not counted. */
static void digits(const char *s, unsigned *total, unsigned *frac)
{
    const char *dot, *p, *end;
    unsigned t = 0, f = 0;

    s += *s == '+' || *s == '-';
    while (*s == '0')
        s++;
    dot = strchr(s, '.');
    end = s + strlen(s);
    if (dot != NULL)
        while (end > dot + 1 && end[-1] == '0')
            end--;
    for (p = s; p < end; p++)
        if (*p >= '0' && *p <= '9')
            t++, f += dot != NULL && p > dot;
    *total = t;
    *frac = f;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Facets                                                                                                */
/* ---------------------------------------------------------------------------------------------------- */

static int is_numeric(enum map_builtin b)
{
    enum map_json_kind k = mapp_builtin_row(b)->info.json;

    return k == MAP_JSON_INTEGER || k == MAP_JSON_DECIMAL || k == MAP_JSON_NUMBER;
}

/* Compares two numeric lexical forms of builtin b (floats by value, exact types as decimal text). */
static int num_cmp(enum map_builtin b, const char *x, const char *y)
{
    double dx, dy;

    if (mapp_builtin_row(b)->info.json != MAP_JSON_NUMBER)
        return mapp_dec_cmp(x, y);
    dx = strtod(x, NULL);
    dy = strtod(y, NULL);
    return dx < dy ? -1 : dx > dy;
}

/* Bounds: the builtin range, then the facets. Only numeric types are compared (date and duration
 * bounds are kept for OpenAPI but not enforced: see doc). */
static int check_bounds(mapp_ctx *c, const map_type *t, const char *text)
{
    const map_builtin_info *bi = &mapp_builtin_row(t->builtin)->info;
    const map_facets *f = &t->facets;
    enum map_builtin b = t->builtin;

    if (!is_numeric(b) || strcmp(text, "NaN") == 0 || strstr(text, "INF") != NULL)
        return 0;
    if ((bi->min != NULL && mapp_dec_cmp(text, bi->min) < 0) || (bi->max != NULL && mapp_dec_cmp(text, bi->max) > 0))
        return bad_text(c, t, text, "value out of range");
    if ((f->min_inclusive && num_cmp(b, text, f->min_inclusive) < 0) ||
        (f->max_inclusive && num_cmp(b, text, f->max_inclusive) > 0) ||
        (f->min_exclusive && num_cmp(b, text, f->min_exclusive) <= 0) ||
        (f->max_exclusive && num_cmp(b, text, f->max_exclusive) >= 0))
        return bad_text(c, t, text, "value outside the bounds of the type");
    return 0;
}

/* The length of a value as XSD counts it: octets for binary types, characters otherwise. */
static size_t value_length(enum map_builtin b, const char *text)
{
    if (b == MAP_XS_HEXBINARY)
        return strlen(text) / 2;
    if (b == MAP_XS_BASE64BINARY)
        return (size_t)base64_len(text, 0);
    return mapp_utf8_len(text, strlen(text));
}

static int check_lengths(mapp_ctx *c, const map_type *t, const char *text, size_t items)
{
    const map_facets *f = &t->facets;
    size_t n = t->variety == MAP_VARIETY_LIST ? items : value_length(t->builtin, text);
    unsigned total, frac;

    if (((f->set & MAP_FACET_LENGTH) && n != f->length) ||
        ((f->set & MAP_FACET_MIN_LENGTH) && n < f->min_length) ||
        ((f->set & MAP_FACET_MAX_LENGTH) && n > f->max_length))
        return bad_text(c, t, text, "length outside what the type allows");
    if (!(f->set & (MAP_FACET_TOTAL_DIGITS | MAP_FACET_FRACTION_DIGITS)))
        return 0;
    digits(text, &total, &frac);
    if (((f->set & MAP_FACET_TOTAL_DIGITS) && total > f->total_digits) ||
        ((f->set & MAP_FACET_FRACTION_DIGITS) && frac > f->fraction_digits))
        return bad_text(c, t, text, "too many digits for the type");
    return 0;
}

/* Enumeration, patterns, lengths, bounds of the (already lexically valid) text. */
static int check_facets(mapp_ctx *c, const map_type *t, const char *text, size_t items)
{
    const map_facets *f = &t->facets;
    size_t i;

    if (f->nenums > 0) {
        for (i = 0; i < f->nenums && strcmp(f->enums[i], text) != 0; i++)
            ;
        if (i == f->nenums)
            return bad_text(c, t, text, "not one of the enumerated values");
    }
    for (i = 0; i < t->npatterns; i++)
        if (regexec(&t->patterns[i]->re, text, 0, NULL, 0) != 0)
            return bad_text(c, t, text, "does not match the pattern of the type");
    if (check_lengths(c, t, text, items) < 0)
        return -1;
    return t->variety == MAP_VARIETY_LIST ? 0 : check_bounds(c, t, text);
}

/* ---------------------------------------------------------------------------------------------------- */
/* JSON -> text                                                                                          */
/* ---------------------------------------------------------------------------------------------------- */

/* Shortest "%.*g" text that reads back as d; returns the precision used. */
static int shortest(double d, char *buf, size_t size)
{
    int prec;

    for (prec = 1; prec < 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return prec;
    }
    snprintf(buf, size, "%.17g", d);
    return 17;
}

/* Rewrites a "%g" number without exponent ("1.5e-07" -> "0.00000015"), as xs:decimal requires. */
static int plain_decimal(const char *g, char *out, size_t size)
{
    char dig[32];
    const char *e = strchr(g, 'e'), *p;
    size_t nd = 0;
    long exp10, point, i;
    int rc;
    mapp_buf b = {0};

    if (e == NULL)
        return snprintf(out, size, "%s", g) < (int)size ? 0 : -1;
    for (p = g; p < e; p++)
        if (*p >= '0' && *p <= '9' && nd < sizeof dig)
            dig[nd++] = *p;
    exp10 = strtol(e + 1, NULL, 10);
    point = 1 + exp10; /* digits before the point: %g puts one digit before it */
    mapp_buf_adds(&b, g[0] == '-' ? "-" : "");
    if (point <= 0) {
        mapp_buf_adds(&b, "0.");
        for (i = point; i < 0; i++)
            mapp_buf_adds(&b, "0");
        mapp_buf_add(&b, dig, nd);
    } else {
        for (i = 0; i < point || i < (long)nd; i++) {
            if (i == point)
                mapp_buf_adds(&b, ".");
            mapp_buf_add(&b, i < (long)nd ? &dig[i] : "0", 1);
        }
    }
    rc = snprintf(out, size, "%s", b.p != NULL ? b.p : "0") < (int)size ? 0 : -1;
    mapp_buf_free(&b);
    return rc;
}

/* xs:decimal from a JSON number: exact for integers; a real only when its shortest round-trip text has
 * at most 15 significant digits (jansson already turned the literal into a double: beyond 15 digits
 * the double may not be what the client wrote, so we ask for a string instead of guessing). */
static int decimal_from_number(mapp_ctx *c, const map_type *t, const json_t *v, char *buf, size_t size)
{
    char g[40];

    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return 0;
    }
    if (shortest(json_real_value(v), g, sizeof g) > 15)
        return bad_value(c, t, v, "a decimal with more than 15 significant digits must be sent as a string");
    /* 1e-100 would be a hundred zeros: past the buffer it must not be cut short into "0" */
    if (plain_decimal(g, buf, size) != 0)
        return bad_value(c, t, v, "a decimal this small or this large must be sent as a string");
    return 0;
}

/* Text of a JSON number for float/double. */
static int float_text(mapp_ctx *c, const map_type *t, const json_t *v, char *buf, size_t size)
{
    double d;

    if (json_is_string(v)) {
        const char *s = json_string_value(v);

        if (strcmp(s, "INF") != 0 && strcmp(s, "-INF") != 0 && strcmp(s, "NaN") != 0)
            return bad_value(c, t, v, "expected a number (or \"INF\", \"-INF\", \"NaN\")");
        snprintf(buf, size, "%s", s);
        return 0;
    }
    if (!json_is_number(v))
        return bad_value(c, t, v, "expected a number");
    d = json_number_value(v);
    if (t->builtin == MAP_XS_FLOAT && fabs(d) > FLT_MAX)
        return bad_value(c, t, v, "value out of range for float");
    if (json_is_integer(v))
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        shortest(d, buf, size);
    return 0;
}

/* Writes the decimal text of v into buf (at least 21 bytes), as "%" JSON_INTEGER_FORMAT would, without
 * snprintf's cost: integers are the most common request values. */
static void integer_text(json_int_t v, char *buf)
{
    char digits[24];
    /* Negated in unsigned arithmetic, so the most negative value needs no special case. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    size_t n = 0;

    do
        digits[n++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *buf++ = '-';
    while (n > 0)
        *buf++ = digits[--n];
    *buf = '\0';
}

/* The text of an atomic value, by JSON kind. Strings are borrowed through *text; numbers go to buf. */
static int atomic_text(mapp_ctx *c, const map_type *t, const json_t *v, char *buf, size_t size,
                       const char **text)
{
    enum map_builtin b = t->builtin;
    enum map_json_kind k = mapp_builtin_row(b)->info.json;
    int wide = b == MAP_XS_LONG || b == MAP_XS_UNSIGNED_LONG || (b >= MAP_XS_INTEGER && b <= MAP_XS_NEGATIVE_INTEGER);

    *text = buf;
    if (k == MAP_JSON_BOOLEAN) {
        if (!json_is_boolean(v))
            return bad_value(c, t, v, "expected true or false");
        *text = json_is_true(v) ? "true" : "false";
    } else if (k == MAP_JSON_NUMBER) {
        return float_text(c, t, v, buf, size);
    } else if (k == MAP_JSON_INTEGER && json_is_integer(v)) {
        integer_text(json_integer_value(v), buf);
    } else if (k == MAP_JSON_DECIMAL && json_is_number(v)) {
        return decimal_from_number(c, t, v, buf, size);
    } else if (json_is_string(v) && (k != MAP_JSON_INTEGER || wide)) {
        /* 64-bit and unbounded integers also come as digit strings (JavaScript clients, unsignedLong). */
        *text = json_string_value(v);
    } else {
        return bad_value(c, t, v, k == MAP_JSON_INTEGER ? "expected an integer" : "expected a string");
    }
    return 0;
}

/* Checks and writes one atomic value. */
static int atomic_value(mapp_ctx *c, const map_type *t, const json_t *v, mapp_buf *out, size_t items)
{
    char buf[64];
    const char *text;

    if (atomic_text(c, t, v, buf, sizeof buf, &text) < 0)
        return -1;
    if (mapp_xml_text_check(text, strlen(text)) != (size_t)-1)
        return bad_value(c, t, v, "holds a character XML cannot carry (control character or invalid UTF-8)");
    if (!lexical_ok(c->m, t->builtin, text, 0))
        return bad_value(c, t, v, "not a valid lexical form for the type");
    if (check_facets(c, t, text, items) < 0)
        return -1;
    mapp_buf_adds(out, text);
    return 0;
}

/* An xs:list: a JSON array of item values, joined by single spaces. */
static int list_value(mapp_ctx *c, const map_type *t, const json_t *v, mapp_buf *out)
{
    size_t i, start = out->len, old;
    mapp_buf item = {0};
    const char *s;
    int rc = 0;

    if (!json_is_array(v))
        return bad_value(c, t, v, "expected an array (xs:list)");
    for (i = 0; i < json_array_size(v) && rc == 0; i++) {
        old = mapp_push_index(c, i);
        item.len = 0;
        rc = atomic_value(c, t->item, json_array_get(v, i), &item, 0);
        s = item.p != NULL ? item.p : "";
        if (rc == 0 && (s[0] == '\0' || strpbrk(s, " \t\r\n") != NULL))
            rc = bad_value(c, t->item, json_array_get(v, i), "a list item cannot be empty or hold whitespace");
        if (rc == 0)
            mapp_pop(c, old); /* on error the pointer stays on the item */
        mapp_buf_adds(out, i > 0 ? " " : "");
        mapp_buf_adds(out, s);
    }
    mapp_buf_free(&item);
    if (rc == 0 && check_facets(c, t, out->p != NULL ? out->p + start : "", json_array_size(v)) < 0)
        rc = -1;
    return rc;
}

int mapp_value_text(mapp_ctx *c, const map_type *t, const json_t *v, mapp_buf *out)
{
    if (t->variety == MAP_VARIETY_LIST)
        return list_value(c, t, v, out);
    if (t->variety == MAP_VARIETY_UNION) {
        if (!json_is_string(v))
            return bad_value(c, t, v, "expected a string (union)");
        if (mapp_xml_text_check(json_string_value(v), json_string_length(v)) != (size_t)-1)
            return bad_value(c, t, v, "holds a character XML cannot carry");
        mapp_buf_add(out, json_string_value(v), json_string_length(v));
        return 0;
    }
    return atomic_value(c, t, v, out, 0);
}

/* ---------------------------------------------------------------------------------------------------- */
/* text -> JSON                                                                                          */
/* ---------------------------------------------------------------------------------------------------- */

static int is_xml_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* s without leading/trailing XML whitespace. The engine writes values without padding, so the usual
 * result points into s itself; only trailing whitespace costs a copy (into *copy, which the caller
 * frees). NULL when out of memory. */
static const char *trimmed(const char *s, char **copy)
{
    size_t n;

    *copy = NULL;
    while (is_xml_space(*s))
        s++;
    n = strlen(s);
    if (n == 0 || !is_xml_space(s[n - 1]))
        return s;
    while (n > 0 && is_xml_space(s[n - 1]))
        n--;
    return *copy = strndup(s, n);
}

/* An integer text as a JSON integer, or as a string when it does not fit in 64 bits (unsignedLong
 * above INT64_MAX, big xs:integer): exact either way. A value outside its type's range (an int of
 * 2^40, a long past 64 bits) is refused: the OpenAPI document promises the range. */
static json_t *integer_json(mapp_ctx *c, const map_type *t, const char *s)
{
    const map_builtin_info *bi = &mapp_builtin_row(t->builtin)->info;
    long long v;

    /* the builtin range only (facets are not re-checked on responses, see doc) */
    if ((bi->min != NULL && mapp_dec_cmp(s, bi->min) < 0) || (bi->max != NULL && mapp_dec_cmp(s, bi->max) > 0)) {
        bad_text(c, t, s, "the response holds a value out of range for the type");
        return NULL;
    }
    errno = 0;
    v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return json_string(s[0] == '+' ? s + 1 : s);
    return json_integer((json_int_t)v);
}

/* A float/double text as a JSON number; one too large for a double ("1e99999") is the
 * infinity it rounds to, which JSON carries as "INF" / "-INF" like the XSD form. */
static json_t *number_json(const char *s)
{
    double d = strtod(s, NULL);

    if (isinf(d))
        return json_string(d > 0 ? "INF" : "-INF");
    return json_real(d);
}

static json_t *atomic_json(mapp_ctx *c, const map_type *t, const char *raw)
{
    enum map_builtin b = t->builtin;
    enum map_json_kind k = mapp_builtin_row(b)->info.json;
    char *copy = NULL;
    /* String types keep their whitespace; the others are collapsed by XSD, so trimming is enough. */
    const char *s = k == MAP_JSON_STRING && b <= MAP_XS_ANYSIMPLETYPE ? raw : trimmed(raw, &copy);
    json_t *v = NULL;

    if (s == NULL) {
        mapp_err(c, NULL, NULL, "out of memory");
        return NULL;
    }
    if (!lexical_ok(c->m, b, s, 1))
        bad_text(c, t, s, "the response holds an invalid lexical form for the type");
    else if (k == MAP_JSON_BOOLEAN)
        v = json_boolean(s[0] == 't' || s[0] == '1');
    else if (k == MAP_JSON_INTEGER)
        v = integer_json(c, t, s);
    else if (k == MAP_JSON_NUMBER && (strcmp(s, "NaN") == 0 || strstr(s, "INF") != NULL))
        v = json_string(s);
    else if (k == MAP_JSON_NUMBER)
        v = number_json(s);
    else
        v = json_string(s);
    if (v == NULL && c->err != NULL && c->err->message[0] == '\0')
        mapp_err(c, NULL, NULL, "cannot represent the value in JSON (out of memory?)");
    free(copy);
    return v;
}

/* An xs:list text: whitespace-separated items as a JSON array. */
static json_t *list_json(mapp_ctx *c, const map_type *t, const char *text)
{
    json_t *a = json_array(), *item;
    char *copy = strdup(text), *save = NULL, *tok;
    size_t i = 0, old;

    if (a == NULL || copy == NULL) {
        json_decref(a);
        free(copy);
        mapp_err(c, NULL, NULL, "out of memory");
        return NULL;
    }
    for (tok = strtok_r(copy, " \t\r\n", &save); tok != NULL; tok = strtok_r(NULL, " \t\r\n", &save)) {
        old = mapp_push_index(c, i++);
        item = atomic_json(c, t->item, tok);
        if (item != NULL)
            mapp_pop(c, old);
        if (item == NULL || json_array_append_new(a, item) < 0) {
            json_decref(a);
            a = NULL;
            break;
        }
    }
    free(copy);
    return a;
}

json_t *mapp_value_json(mapp_ctx *c, const map_type *t, const char *text)
{
    if (t->variety == MAP_VARIETY_LIST)
        return list_json(c, t, text);
    if (t->variety == MAP_VARIETY_UNION)
        return json_string(text);
    return atomic_json(c, t, text);
}
