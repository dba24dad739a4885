/* xmlw.c - the XML writer behind map_request_xml(): element and attribute names come from the schema
 * model, every value goes through one escaping routine, so no user text can ever become markup. */

#include "map_int.h"

#include <stdlib.h>
#include <string.h>

void mapp_buf_add(mapp_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 1024 : b->cap;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void mapp_buf_adds(mapp_buf *b, const char *s)
{
    mapp_buf_add(b, s, strlen(s));
}

void mapp_buf_free(mapp_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Escaping                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

/* The escape of byte ch in text (attr 0) or in a double-quoted attribute value (attr 1), or NULL.
 * CR is escaped in both, or XML's line-end normalization would turn it into LF; TAB and LF in attributes,
 * or attribute-value normalization would turn them into spaces. */
static const char *escape_of(unsigned char ch, int attr)
{
    switch (ch) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;"; /* also keeps "]]>" out of text */
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\r': return "&#13;";
    case '\t': return attr ? "&#9;" : NULL;
    case '\n': return attr ? "&#10;" : NULL;
    default: return NULL;
    }
}

/* True for a byte that is valid XML text as it is and needs no escape in text or attributes: printable
 * ASCII other than the five specials. */
static int plain_byte(unsigned char ch)
{
    return ch >= 0x20 && ch < 0x7F && ch != '&' && ch != '<' && ch != '>' && ch != '"' && ch != '\'';
}

/* Writes s escaped; refuses (bad_char) text that is not UTF-8 or holds characters XML cannot carry. */
static int put_escaped(mapp_w *w, const char *s, size_t len, int attr)
{
    size_t i, run = 0;
    const char *e;

    /* Names, URIs and most values are plain ASCII: one cheap pass, then a single copy. */
    for (i = 0; i < len && plain_byte((unsigned char)s[i]); i++)
        ;
    if (i == len) {
        mapp_buf_add(&w->out, s, len);
        return w->out.oom ? -1 : 0;
    }
    if (mapp_xml_text_check(s, len) != (size_t)-1) {
        w->bad_char = 1;
        return -1;
    }
    for (i = 0; i < len; i++) {
        if ((e = escape_of((unsigned char)s[i], attr)) == NULL)
            continue;
        mapp_buf_add(&w->out, s + run, i - run);
        mapp_buf_adds(&w->out, e);
        run = i + 1;
    }
    mapp_buf_add(&w->out, s + run, len - run);
    return w->out.oom ? -1 : 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Namespaces                                                                                            */
/* ---------------------------------------------------------------------------------------------------- */

static const struct mapp_wns *find_ns(const mapp_w *w, const char *uri)
{
    size_t i;

    for (i = w->nns; i-- > 0;)
        if (w->ns[i].depth <= w->depth && strcmp(w->ns[i].uri, uri) == 0)
            return &w->ns[i];
    return NULL;
}

/* Writes "n<number>" into out (at least 12 bytes): the automatic prefixes, without snprintf's cost. */
static void auto_prefix(char *out, unsigned number)
{
    char digits[12];
    size_t n = 0;

    do
        digits[n++] = (char)('0' + number % 10);
    while ((number /= 10) > 0);
    *out++ = 'n';
    while (n > 0)
        *out++ = digits[--n];
    *out = '\0';
}

/* Declares uri with prefix (NULL: the next automatic one) on the element being started. A prefix too
 * long for the table is cut, as before. */
static const struct mapp_wns *declare(mapp_w *w, const char *uri, const char *prefix)
{
    struct mapp_wns *d;
    size_t n;

    if (w->nns == MAPP_W_MAXNS)
        return NULL;
    d = &w->ns[w->nns++];
    d->uri = uri;
    d->depth = w->depth;
    if (prefix != NULL) {
        n = strnlen(prefix, sizeof d->prefix - 1);
        memcpy(d->prefix, prefix, n);
        d->prefix[n] = '\0';
    } else {
        auto_prefix(d->prefix, (unsigned)++w->next);
    }
    return d;
}

/* Writes xmlns:p="uri" into the open start tag. */
static void put_decl(mapp_w *w, const struct mapp_wns *d)
{
    mapp_buf_adds(&w->out, " xmlns:");
    mapp_buf_adds(&w->out, d->prefix);
    mapp_buf_adds(&w->out, "=\"");
    put_escaped(w, d->uri, strlen(d->uri), 1);
    mapp_buf_adds(&w->out, "\"");
}

/* The prefix for uri on the current element, declaring it there when not yet in scope. */
static const char *prefix_for(mapp_w *w, const char *uri)
{
    const struct mapp_wns *d;

    if (strcmp(uri, MAPP_NS_XML) == 0)
        return "xml"; /* bound by definition, never declared */
    d = find_ns(w, uri);
    if (d == NULL && (d = declare(w, uri, NULL)) != NULL)
        put_decl(w, d);
    return d != NULL ? d->prefix : NULL;
}

int mapp_w_bind(mapp_w *w, const char *uri, const char *prefix)
{
    if (w->npend == sizeof w->pend / sizeof w->pend[0])
        return -1;
    w->pend[w->npend].uri = uri;
    w->pend[w->npend].prefix = prefix;
    w->npend++;
    return 0;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Elements                                                                                              */
/* ---------------------------------------------------------------------------------------------------- */

static void close_start(mapp_w *w)
{
    if (w->open)
        mapp_buf_adds(&w->out, ">");
    w->open = 0;
}

/* Pushes the qualified name just written (from offset `at` of the output) on the tag stack. */
static void push_tag(mapp_w *w, size_t at)
{
    mapp_buf_add(&w->tags, w->out.p != NULL ? w->out.p + at : "", w->out.len - at);
    mapp_buf_add(&w->tags, "", 1);
}

/* True when prefix p is bound anywhere on the stack: reusing it could shadow an outer binding. */
static int prefix_taken(const mapp_w *w, const char *p)
{
    size_t i;

    for (i = 0; i < w->nns; i++)
        if (strcmp(w->ns[i].prefix, p) == 0)
            return 1;
    return strcmp(p, "xml") == 0 || strncmp(p, "xmlns", 5) == 0;
}

int mapp_w_start_prefixed(mapp_w *w, const char *ns, const char *local, const char *prefer)
{
    if (ns != NULL && prefer != NULL && strlen(prefer) < sizeof w->ns[0].prefix && find_ns(w, ns) == NULL &&
        !prefix_taken(w, prefer) && w->npend < sizeof w->pend / sizeof w->pend[0]) {
        w->pend[w->npend].uri = ns;
        w->pend[w->npend].prefix = prefer;
        w->npend++;
    }
    return mapp_w_start(w, ns, local);
}

int mapp_w_start(mapp_w *w, const char *ns, const char *local)
{
    const struct mapp_wns *d = NULL;
    size_t i, name_at;

    close_start(w);
    w->depth++;
    for (i = 0; i < w->npend; i++)
        if (declare(w, w->pend[i].uri, w->pend[i].prefix) == NULL)
            return -1;
    w->npend = 0;
    if (ns != NULL && (d = find_ns(w, ns)) == NULL && (d = declare(w, ns, NULL)) == NULL)
        return -1;
    mapp_buf_adds(&w->out, "<");
    name_at = w->out.len;
    if (d != NULL) {
        mapp_buf_adds(&w->out, d->prefix);
        mapp_buf_adds(&w->out, ":");
    }
    mapp_buf_adds(&w->out, local);
    if (!w->out.oom)
        push_tag(w, name_at);
    /* Whatever was declared at this depth belongs on this start tag. */
    for (i = 0; i < w->nns; i++)
        if (w->ns[i].depth == w->depth)
            put_decl(w, &w->ns[i]);
    w->open = 1;
    return w->out.oom || w->tags.oom ? -1 : 0;
}

int mapp_w_attr(mapp_w *w, const char *ns, const char *local, const char *value, size_t len)
{
    const char *p = ns != NULL ? prefix_for(w, ns) : NULL;

    if (ns != NULL && p == NULL)
        return -1;
    mapp_buf_adds(&w->out, " ");
    if (p != NULL) {
        mapp_buf_adds(&w->out, p);
        mapp_buf_adds(&w->out, ":");
    }
    mapp_buf_adds(&w->out, local);
    mapp_buf_adds(&w->out, "=\"");
    if (put_escaped(w, value, len, 1) < 0)
        return -1;
    mapp_buf_adds(&w->out, "\"");
    return w->out.oom ? -1 : 0;
}

int mapp_w_attr_qname(mapp_w *w, const char *ns, const char *local, const char *vns, const char *vlocal)
{
    const char *p = vns != NULL ? prefix_for(w, vns) : "";
    mapp_buf v = {0};
    int rc;

    if (p == NULL)
        return -1;
    mapp_buf_adds(&v, p);
    mapp_buf_adds(&v, *p != '\0' ? ":" : "");
    mapp_buf_adds(&v, vlocal);
    rc = v.oom ? -1 : mapp_w_attr(w, ns, local, v.p, v.len);
    mapp_buf_free(&v);
    return rc;
}

int mapp_w_declare(mapp_w *w, const char *uri)
{
    return w->open && prefix_for(w, uri) != NULL ? 0 : -1;
}

int mapp_w_text(mapp_w *w, const char *s, size_t len)
{
    close_start(w);
    return put_escaped(w, s, len, 0);
}

int mapp_w_end(mapp_w *w)
{
    size_t start;

    if (w->tags.len == 0)
        return -1;
    /* The innermost name is the last NUL-terminated string of the stack. */
    for (start = w->tags.len - 1; start > 0 && w->tags.p[start - 1] != '\0'; start--)
        ;
    if (w->open) {
        mapp_buf_adds(&w->out, "/>");
    } else {
        mapp_buf_adds(&w->out, "</");
        mapp_buf_adds(&w->out, w->tags.p + start);
        mapp_buf_adds(&w->out, ">");
    }
    w->open = 0;
    w->tags.len = start;
    while (w->nns > 0 && w->ns[w->nns - 1].depth >= w->depth)
        w->nns--;
    w->depth--;
    return w->out.oom ? -1 : 0;
}

void mapp_w_free(mapp_w *w)
{
    mapp_buf_free(&w->out);
    mapp_buf_free(&w->tags);
}
