/* run_corpus.c - replays saved fuzz inputs without libFuzzer: links with one fuzz_<target>.c and feeds
 * every regular file of the folders (or the files) named on the command line to its
 * LLVMFuzzerTestOneInput, in name order. A bug shows as a crash or a sanitizer report, as under
 * libFuzzer; an input that merely fails to parse passes. Dot files (.gitignore, ...) are skipped.
 * Exits 0 after printing "N passed, 0 failed"; 2 when an argument or a file cannot be read. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads path into an exactly sized malloc'd buffer (so that an over-read is a heap overflow under
 * AddressSanitizer); returns it with its size in *size, or NULL. An empty file gives a 1-byte buffer. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *buf = NULL;

    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) == 0 && (buf = malloc(st.st_size ? (size_t)st.st_size : 1)) &&
        fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = buf ? (size_t)st.st_size : 0;
    return buf;
}

/* Runs one file; returns 0, or -1 when it cannot be read. */
static int run_file(const char *path)
{
    size_t size;
    uint8_t *data = read_all(path, &size);

    if (!data) {
        fprintf(stderr, "run_corpus: cannot read %s\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

static int skip_dot(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Runs every non-dot regular file of dir; adds the count to *n; returns 0, or -1 on a read error. */
static int run_dir(const char *dir, size_t *n)
{
    struct dirent **list;
    int count = scandir(dir, &list, skip_dot, alphasort), rc = 0;
    char path[4096];
    struct stat st;

    if (count < 0) {
        fprintf(stderr, "run_corpus: cannot read folder %s\n", dir);
        return -1;
    }
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
        if (rc == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = run_file(path);
            *n += rc == 0;
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    struct stat st;

    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        int is_dir = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode), rc;

        rc = is_dir ? run_dir(argv[i], &n) : run_file(argv[i]);
        if (rc)
            return 2;
        n += !is_dir;
    }
    printf("%zu passed, 0 failed\n", n);
    return 0;
}
