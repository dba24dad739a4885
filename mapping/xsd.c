/* xsd.c - XSD facts as tables: every builtin type with its JSON kind, OpenAPI format, integer range and
 * lexical form; the translation of XSD patterns to POSIX regular expressions; numeric text comparison. */

#include "map_int.h"

#include <string.h>

/* Lexical forms (POSIX ERE, anchored). Dates accept any year of 4+ digits and a day 01..31 for any month:
 * the calendar check is left to the service, the shape is ours. */
#define LEX_INT "^[+-]?[0-9]+$"
#define LEX_TZ "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
#define LEX_DATE "-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
#define LEX_TIME "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?"

#define I32 "int32"
#define I64 "int64"

/* One row per enum map_builtin, in its order (checked by mapp_builtin_row's callers through the name). */
static const mapp_builtin table[MAP_XS__COUNT] = {
    [MAP_XS_NONE] = {{NULL, MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_STRING] = {{"string", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_NORMALIZED_STRING] = {{"normalizedString", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_TOKEN] = {{"token", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_LANGUAGE] = {{"language", MAP_JSON_STRING, NULL, NULL, NULL}, "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"},
    [MAP_XS_NAME] = {{"Name", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_NCNAME] = {{"NCName", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_NMTOKEN] = {{"NMTOKEN", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_NMTOKENS] = {{"NMTOKENS", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_ID] = {{"ID", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_IDREF] = {{"IDREF", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_IDREFS] = {{"IDREFS", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_ENTITY] = {{"ENTITY", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_ENTITIES] = {{"ENTITIES", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_ANYURI] = {{"anyURI", MAP_JSON_STRING, "uri-reference", NULL, NULL}, NULL},
    [MAP_XS_QNAME] = {{"QName", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_NOTATION] = {{"NOTATION", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_ANYSIMPLETYPE] = {{"anySimpleType", MAP_JSON_STRING, NULL, NULL, NULL}, NULL},
    [MAP_XS_BOOLEAN] = {{"boolean", MAP_JSON_BOOLEAN, NULL, NULL, NULL}, "^(true|false|1|0)$"},
    [MAP_XS_BYTE] = {{"byte", MAP_JSON_INTEGER, I32, "-128", "127"}, LEX_INT},
    [MAP_XS_SHORT] = {{"short", MAP_JSON_INTEGER, I32, "-32768", "32767"}, LEX_INT},
    [MAP_XS_INT] = {{"int", MAP_JSON_INTEGER, I32, "-2147483648", "2147483647"}, LEX_INT},
    [MAP_XS_LONG] = {{"long", MAP_JSON_INTEGER, I64, "-9223372036854775808", "9223372036854775807"}, LEX_INT},
    [MAP_XS_UNSIGNED_BYTE] = {{"unsignedByte", MAP_JSON_INTEGER, I32, "0", "255"}, LEX_INT},
    [MAP_XS_UNSIGNED_SHORT] = {{"unsignedShort", MAP_JSON_INTEGER, I32, "0", "65535"}, LEX_INT},
    [MAP_XS_UNSIGNED_INT] = {{"unsignedInt", MAP_JSON_INTEGER, I64, "0", "4294967295"}, LEX_INT},
    [MAP_XS_UNSIGNED_LONG] = {{"unsignedLong", MAP_JSON_INTEGER, NULL, "0", "18446744073709551615"}, LEX_INT},
    [MAP_XS_INTEGER] = {{"integer", MAP_JSON_INTEGER, NULL, NULL, NULL}, LEX_INT},
    [MAP_XS_NON_NEGATIVE_INTEGER] = {{"nonNegativeInteger", MAP_JSON_INTEGER, NULL, "0", NULL}, LEX_INT},
    [MAP_XS_POSITIVE_INTEGER] = {{"positiveInteger", MAP_JSON_INTEGER, NULL, "1", NULL}, LEX_INT},
    [MAP_XS_NON_POSITIVE_INTEGER] = {{"nonPositiveInteger", MAP_JSON_INTEGER, NULL, NULL, "0"}, LEX_INT},
    [MAP_XS_NEGATIVE_INTEGER] = {{"negativeInteger", MAP_JSON_INTEGER, NULL, NULL, "-1"}, LEX_INT},
    [MAP_XS_DECIMAL] = {{"decimal", MAP_JSON_DECIMAL, NULL, NULL, NULL},
                        "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$"},
    [MAP_XS_FLOAT] = {{"float", MAP_JSON_NUMBER, "float", NULL, NULL},
                      "^([+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$"},
    [MAP_XS_DOUBLE] = {{"double", MAP_JSON_NUMBER, "double", NULL, NULL},
                       "^([+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$"},
    [MAP_XS_DATETIME] = {{"dateTime", MAP_JSON_STRING, "date-time", NULL, NULL},
                         "^" LEX_DATE "T" LEX_TIME LEX_TZ "$"},
    [MAP_XS_DATE] = {{"date", MAP_JSON_STRING, "date", NULL, NULL}, "^" LEX_DATE LEX_TZ "$"},
    [MAP_XS_TIME] = {{"time", MAP_JSON_STRING, "time", NULL, NULL}, "^" LEX_TIME LEX_TZ "$"},
    [MAP_XS_GYEAR] = {{"gYear", MAP_JSON_STRING, NULL, NULL, NULL}, "^-?[0-9]{4,}" LEX_TZ "$"},
    [MAP_XS_GYEARMONTH] = {{"gYearMonth", MAP_JSON_STRING, NULL, NULL, NULL},
                           "^-?[0-9]{4,}-(0[1-9]|1[0-2])" LEX_TZ "$"},
    [MAP_XS_GMONTH] = {{"gMonth", MAP_JSON_STRING, NULL, NULL, NULL}, "^--(0[1-9]|1[0-2])" LEX_TZ "$"},
    [MAP_XS_GMONTHDAY] = {{"gMonthDay", MAP_JSON_STRING, NULL, NULL, NULL},
                          "^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" LEX_TZ "$"},
    [MAP_XS_GDAY] = {{"gDay", MAP_JSON_STRING, NULL, NULL, NULL}, "^---(0[1-9]|[12][0-9]|3[01])" LEX_TZ "$"},
    /* Also needs at least one component and nothing empty after T: checked in json.c. */
    [MAP_XS_DURATION] = {{"duration", MAP_JSON_STRING, "duration", NULL, NULL},
                         "^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$"},
    [MAP_XS_BASE64BINARY] = {{"base64Binary", MAP_JSON_STRING, "byte", NULL, NULL}, NULL},
    [MAP_XS_HEXBINARY] = {{"hexBinary", MAP_JSON_STRING, NULL, NULL, NULL}, "^([0-9a-fA-F]{2})*$"},
    [MAP_XS_ANYTYPE] = {{"anyType", MAP_JSON_XML, NULL, NULL, NULL}, NULL},
};

const mapp_builtin *mapp_builtin_row(enum map_builtin b)
{
    return (unsigned)b < MAP_XS__COUNT ? &table[b] : &table[MAP_XS_NONE];
}

enum map_builtin mapp_builtin_find(const char *local)
{
    int i;

    for (i = 1; i < MAP_XS__COUNT; i++)
        if (strcmp(table[i].info.name, local) == 0)
            return (enum map_builtin)i;
    return MAP_XS_NONE;
}

const map_builtin_info *map_builtin_describe(enum map_builtin b)
{
    return b > MAP_XS_NONE && b < MAP_XS__COUNT ? &table[b].info : NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* XSD patterns -> POSIX ERE                                                                             */
/* ---------------------------------------------------------------------------------------------------- */

/* Bounded output buffer; overflow is remembered and reported once at the end. */
struct out {
    char *p;
    size_t n, size;
    int full;
};

static void put(struct out *o, const char *s)
{
    size_t l = strlen(s);

    if (o->n + l >= o->size) {
        o->full = 1;
        return;
    }
    memcpy(o->p + o->n, s, l + 1);
    o->n += l;
}

/* Single-character escapes: what \c means outside a class (ERE) and inside one (bracket content). */
static const struct {
    char c;
    const char *outside, *inside;
} escapes[] = {
    {'d', "[0-9]", "0-9"},
    {'D', "[^0-9]", NULL},          /* a negated set inside a class has no POSIX spelling */
    {'s', "[ \t\n\r]", " \t\n\r"},
    {'S', "[^ \t\n\r]", NULL},
    {'w', "[[:alnum:]_]", "[:alnum:]_"}, /* approximation: XSD's \w is Unicode-wide */
    {'W', "[^[:alnum:]_]", NULL},
    {'n', "\n", "\n"},
    {'r', "\r", "\r"},
    {'t', "\t", "\t"},
};

/* Translates the escape \c; returns 0 or -1 with *why. Literal metacharacters stay escaped outside a
 * class and become plain inside one (POSIX brackets have no escapes). */
static int put_escape(struct out *o, char c, int in_class, const char **why)
{
    char lit[3] = {'\\', c, '\0'};
    size_t i;

    for (i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        if (escapes[i].c != c)
            continue;
        if ((in_class ? escapes[i].inside : escapes[i].outside) == NULL)
            return *why = "negated escape inside a character class", -1;
        put(o, in_class ? escapes[i].inside : escapes[i].outside);
        return 0;
    }
    if (strchr("\\.?*+{}()[]|^$-", c) == NULL || c == '\0')
        return *why = "escape (\\p, \\i, \\c and the like)", -1;
    put(o, in_class ? lit + 1 : (c == '-' ? "-" : lit));
    return 0;
}

/* Translates one [...] class starting at s (after '['); returns the position after ']' or NULL. */
static const char *put_class(struct out *o, const char *s, const char **why)
{
    int neg = 0, hyphen = 0, bracket = 0, caret = 0;
    char body[512];
    struct out b = {body, 0, sizeof body, 0};

    body[0] = '\0';
    if (*s == '^')
        neg = 1, s++;
    for (; *s != '\0' && *s != ']'; s++) {
        if (*s == '\\') {
            s++;
            if (*s == '-' || *s == ']' || *s == '^') {
                hyphen |= *s == '-', bracket |= *s == ']', caret |= *s == '^';
                continue;
            }
            if (put_escape(&b, *s, 1, why) < 0)
                return NULL;
        } else if (*s == '-' && s[1] == '[') {
            return *why = "character class subtraction", NULL;
        } else {
            char c[2] = {*s, '\0'};

            put(&b, c);
        }
    }
    if (*s != ']' || b.full)
        return *why = b.full ? "too long" : "unterminated character class", NULL;
    put(o, neg ? "[^" : "[");
    put(o, bracket ? "]" : "");
    put(o, body);
    put(o, caret ? "^" : "");
    put(o, hyphen ? "-" : "");
    put(o, "]");
    return s + 1;
}

/* Translates one XSD pattern (implicitly anchored, no ^/$ anchors) into o. */
static int put_pattern(struct out *o, const char *s, const char **why)
{
    char c[2] = {0, 0};

    for (; *s != '\0'; s++) {
        if (*s == '\\') {
            if (put_escape(o, *++s, 0, why) < 0)
                return -1;
        } else if (*s == '[') {
            if ((s = put_class(o, s + 1, why)) == NULL)
                return -1;
            s--;
        } else if (*s == '^' || *s == '$') {
            put(o, *s == '^' ? "\\^" : "\\$"); /* literal in XSD */
        } else if (*s == '.') {
            put(o, "[^\n\r]");
        } else {
            c[0] = *s;
            put(o, c);
        }
    }
    return 0;
}

int mapp_xsd_regex(const char *const *pats, size_t n, char *out, size_t size, const char **why)
{
    struct out o = {out, 0, size, 0};
    size_t i;

    put(&o, "^(");
    for (i = 0; i < n; i++) {
        put(&o, i > 0 ? "|(" : "(");
        if (put_pattern(&o, pats[i], why) < 0)
            return -1;
        put(&o, ")");
    }
    put(&o, ")$");
    if (o.full)
        return *why = "too long", -1;
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Numeric text comparison                                                                               */
/* ---------------------------------------------------------------------------------------------------- */

/* Splits a decimal lexical form into sign, integer digits (no leading zeros) and fraction digits (no
 * trailing zeros). */
static void dec_split(const char *s, int *neg, const char **ip, size_t *il, const char **fp, size_t *fl)
{
    const char *dot;

    *neg = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    while (*s == '0')
        s++;
    *ip = s;
    *il = strspn(s, "0123456789");
    dot = s + *il;
    *fp = *dot == '.' ? dot + 1 : dot;
    *fl = strspn(*fp, "0123456789");
    while (*fl > 0 && (*fp)[*fl - 1] == '0')
        (*fl)--;
}

/* Compares magnitudes of split decimals. */
static int mag_cmp(const char *ia, size_t la, const char *fa, size_t fla, const char *ib, size_t lb,
                   const char *fb, size_t flb)
{
    size_t i;
    int c;

    if (la != lb)
        return la < lb ? -1 : 1;
    if ((c = strncmp(ia, ib, la)) != 0)
        return c;
    for (i = 0; i < fla || i < flb; i++) {
        char da = i < fla ? fa[i] : '0', db = i < flb ? fb[i] : '0';

        if (da != db)
            return da < db ? -1 : 1;
    }
    return 0;
}

int mapp_dec_cmp(const char *a, const char *b)
{
    const char *ia, *fa, *ib, *fb;
    size_t la, fla, lb, flb;
    int na, nb, c;

    dec_split(a, &na, &ia, &la, &fa, &fla);
    dec_split(b, &nb, &ib, &lb, &fb, &flb);
    if (la == 0 && fla == 0)
        na = 0; /* -0 == 0 */
    if (lb == 0 && flb == 0)
        nb = 0;
    if (na != nb)
        return na ? -1 : 1;
    c = mag_cmp(ia, la, fa, fla, ib, lb, fb, flb);
    return na ? -c : c;
}
