/*
 * hash.c - content hashes (SHA-256, OpenSSL's libcrypto) for the cache and
 * the shard slices.
 *
 * A file's hash is computed at most once per run: every TU of a project
 * includes the same headers, and a warm run checks them all.
 */
#include "analyzer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * n] = '\0';
}

int hash_init(hash_ctx *h)
{
    h->md = EVP_MD_CTX_new();
    if (!h->md || EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(h->md);
        h->md = NULL;
        return SEAM_ENOMEM;
    }
    return 0;
}

void hash_add(hash_ctx *h, const void *p, size_t n)
{
    if (h->md && n > 0)
        EVP_DigestUpdate(h->md, p, n);
}

/* Adds a string and its terminating NUL, so that ("ab","c") and ("a","bc") differ. */
void hash_add_str(hash_ctx *h, const char *s)
{
    hash_add(h, s ? s : "", strlen(s ? s : "") + 1);
}

int hash_final(hash_ctx *h, char out[HASH_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    int ok = h->md && EVP_DigestFinal_ex(h->md, md, &n) == 1;
    EVP_MD_CTX_free(h->md);
    h->md = NULL;
    if (!ok)
        return SEAM_ENOMEM;
    to_hex(md, n < 32 ? n : 32, out);
    return 0;
}

int hash_string(const char *s, char out[HASH_HEX])
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return SEAM_ENOMEM;
    hash_add(&h, s, strlen(s));
    return hash_final(&h, out);
}

/* "-" for a file that cannot be read: it still changes when the file appears. */
static int hash_file(const char *path, char out[HASH_HEX])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        strcpy(out, "-");
        return 0;
    }
    hash_ctx h;
    if (hash_init(&h) < 0) {
        close(fd);
        return SEAM_ENOMEM;
    }
    char buf[65536];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        hash_add(&h, buf, (size_t)got);
    close(fd);
    int rc = hash_final(&h, out);
    if (rc == 0 && got < 0)
        strcpy(out, "-");
    return rc;
}

static void free_value(void *v)
{
    free(v);
}

void hash_memo_free(strmap *memo)
{
    strmap_free(memo, free_value);
}

const char *hash_memo_file(strmap *memo, const char *path)
{
    void *v;
    if (strmap_get(memo, path, &v))
        return v;
    char *hex = malloc(HASH_HEX);
    if (!hex || hash_file(path, hex) < 0 || strmap_put(memo, path, hex) < 0) {
        free(hex);
        return NULL;
    }
    return hex;
}
