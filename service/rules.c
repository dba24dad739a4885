/* rules.c - the contract's rules on single texts: exact decimals, UTF-8, Sku, xsd:dateTime,
 * xsd:duration, guid, e-mail, and the ISO 8601 timestamps the service writes. */
#include "svc_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Locale-free digit tests: isdigit() would depend on the C locale of the host program. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Appends one decimal digit to *mag; returns -1 when the result would pass INT64_MAX. */
static int dec_push(uint64_t *mag, char digit)
{
    unsigned d = (unsigned)(digit - '0');

    if (*mag > ((uint64_t)INT64_MAX - d) / 10)
        return -1;
    *mag = *mag * 10 + d;
    return 0;
}

/* Reads the fraction after the '.', keeping 4 digits; later digits must be zeros. */
static int dec_fraction(const char **pp, uint64_t *mag, int *nfrac)
{
    const char *p = *pp;
    int rc = SVCP_DEC_OK;

    if (!is_digit(*p))
        return SVCP_DEC_SYNTAX; /* "5." is refused: we accept [+-]?digits[.digits] only */
    for (; is_digit(*p); p++) {
        if (*nfrac < 4) {
            if (dec_push(mag, *p))
                return SVCP_DEC_RANGE;
            (*nfrac)++;
        } else if (*p != '0') {
            rc = SVCP_DEC_SCALE; /* keep scanning: a syntax error is the better message */
        }
    }
    *pp = p;
    return rc;
}

int svcp_decimal_parse(const char *text, int64_t *out)
{
    const char *p = text;
    uint64_t mag = 0;
    int neg = 0, nfrac = 0, rc = SVCP_DEC_OK;

    if (!p)
        return SVCP_DEC_SYNTAX;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!is_digit(*p))
        return SVCP_DEC_SYNTAX;
    for (; is_digit(*p); p++)
        if (dec_push(&mag, *p))
            return SVCP_DEC_RANGE;
    if (*p == '.') {
        p++;
        rc = dec_fraction(&p, &mag, &nfrac);
        if (rc == SVCP_DEC_SYNTAX || rc == SVCP_DEC_RANGE)
            return rc;
    }
    if (*p != '\0')
        return SVCP_DEC_SYNTAX;
    if (rc != SVCP_DEC_OK)
        return rc;
    for (; nfrac < 4; nfrac++)
        if (dec_push(&mag, '0'))
            return SVCP_DEC_RANGE;
    *out = neg ? -(int64_t)mag : (int64_t)mag;
    return SVCP_DEC_OK;
}

void svcp_decimal_format(int64_t v, char buf[SVCP_DEC_LEN])
{
    /* Negating in unsigned arithmetic keeps INT64_MIN well-defined. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    unsigned frac = (unsigned)(mag % SVCP_SCALE);
    int width = 4, n;

    n = snprintf(buf, SVCP_DEC_LEN, "%s%" PRIu64, v < 0 ? "-" : "", mag / SVCP_SCALE);
    if (frac == 0 || n < 0)
        return;
    while (frac % 10 == 0) {
        frac /= 10;
        width--;
    }
    snprintf(buf + n, (size_t)(SVCP_DEC_LEN - n), ".%0*u", width, frac);
}

char *svcp_decimal_dup(int64_t v)
{
    char buf[SVCP_DEC_LEN];
    int oom = 0;

    svcp_decimal_format(v, buf);
    return svcp_strdup(buf, &oom);
}

/* Returns the length of the UTF-8 sequence at p, or -1 when it is malformed. */
static int utf8_seq(const unsigned char *p)
{
    uint32_t cp;
    int len, i;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2, cp = p[0] & 0x1Fu;
    else if ((p[0] & 0xF0) == 0xE0)
        len = 3, cp = p[0] & 0x0Fu;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4, cp = p[0] & 0x07u;
    else
        return -1;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return -1;
        cp = cp << 6 | (p[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    return len;
}

long svcp_utf8_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    int len;

    while (*p) {
        if ((len = utf8_seq(p)) < 0)
            return -1;
        p += len;
        n++;
    }
    return n;
}

void svcp_copy_text(char *dst, size_t size, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (size == 0)
        return;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] would be cut in the middle of a sequence: cut before it */
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int svcp_sku_valid(const char *s)
{
    size_t n;

    if (!s)
        return 0;
    for (n = 0; s[n]; n++)
        if (!((s[n] >= 'A' && s[n] <= 'Z') || is_digit(s[n]) || s[n] == '-'))
            return 0;
    return n >= 3 && n <= 32;
}

/* Reads exactly n digits at p into *val; returns 0 when a character is not a digit. */
static int digits(const char *p, int n, int *val)
{
    int i;

    *val = 0;
    for (i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return 0;
        *val = *val * 10 + (p[i] - '0');
    }
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : days[m - 1];
}

/* The optional time zone: "", "Z" or (+|-)hh:mm with an offset of at most 14:00. */
static int tz_valid(const char *p)
{
    int h, m;

    if (*p == '\0')
        return 1;
    if (*p == 'Z')
        return p[1] == '\0';
    if ((*p != '+' && *p != '-') || !digits(p + 1, 2, &h) || p[3] != ':' ||
        !digits(p + 4, 2, &m) || p[6] != '\0')
        return 0;
    return h < 14 ? m <= 59 : h == 14 && m == 0;
}

int svcp_datetime_valid(const char *s)
{
    int y, mo, d, h, mi, sec;
    const char *p;

    /* Each test stops at the first mismatch, so none reads past the terminating NUL. */
    if (!s || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &sec))
        return 0;
    /* Year 0000 does not exist in xsd 1.0; 24:00:00 and leap seconds are refused too. */
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        sec > 59)
        return 0;
    p = s + 19;
    if (*p == '.') {
        if (!is_digit(*++p))
            return 0;
        while (is_digit(*p))
            p++;
    }
    return tz_valid(p);
}

/* Reads "<digits><unit>" components whose units come in the order of `units`; only an S
 * component may carry a fraction. Sets *any when one was read; returns the position after
 * them, or NULL when a component is malformed. */
static const char *duration_part(const char *p, const char *units, int *any)
{
    const char *q;

    while (is_digit(*p)) {
        for (q = p; is_digit(*q); q++)
            ;
        if (*q == '.') {
            if (!is_digit(*++q))
                return NULL;
            while (is_digit(*q))
                q++;
            if (*q != 'S')
                return NULL;
        }
        if (*q == '\0' || !(units = strchr(units, *q)))
            return NULL;
        units++;
        p = q + 1;
        *any = 1;
    }
    return p;
}

int svcp_duration_valid(const char *s)
{
    const char *p = s;
    int any = 0, any_time = 0;

    if (!p)
        return 0;
    if (*p == '-')
        p++;
    if (*p++ != 'P' || !(p = duration_part(p, "YMD", &any)))
        return 0;
    if (*p == 'T') {
        if (!(p = duration_part(p + 1, "HMS", &any_time)) || !any_time)
            return 0; /* "PT" and "P1DT" name no time component */
    }
    return *p == '\0' && (any || any_time);
}

int svcp_email_valid(const char *s)
{
    const char *at;
    long n;

    if (!s || (n = svcp_utf8_len(s)) < 0 || n > 254)
        return 0;
    at = strchr(s, '@');
    return at && at != s && at[1] != '\0' && !strchr(at + 1, '@');
}

int svcp_guid_normalize(const char *s, char out[SVCP_GUID_LEN])
{
    int i;

    if (!s)
        return 0;
    for (i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash ? s[i] != '-' : !is_hex(s[i]))
            return 0;
        out[i] = (s[i] >= 'A' && s[i] <= 'F') ? (char)(s[i] - 'A' + 'a') : s[i];
    }
    out[36] = '\0';
    return s[36] == '\0';
}

int64_t svcp_now_ms(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return (int64_t)time(NULL) * 1000;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void svcp_time_format(int64_t ms, char buf[SVCP_TIME_LEN])
{
    time_t secs;
    struct tm tm;
    size_t n;

    if (ms < 0)
        ms = 0;
    secs = (time_t)(ms / 1000);
    if (!gmtime_r(&secs, &tm) || (n = strftime(buf, SVCP_TIME_LEN, "%Y-%m-%dT%H:%M:%S", &tm)) == 0)
        n = (size_t)snprintf(buf, SVCP_TIME_LEN, "1970-01-01T00:00:00");
    snprintf(buf + n, SVCP_TIME_LEN - n, ".%03uZ", (unsigned)(ms % 1000));
}
