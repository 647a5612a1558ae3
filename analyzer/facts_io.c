/*
 * facts_io.c - shard files: the facts of one slice of a sharded scan.
 *
 * `seam scan --shard I/N` parses one stable slice of the translation units
 * and writes their facts (not a model: wrapper inference and call resolution
 * need the whole program); `seam merge` reads every slice and builds the
 * model from all of them exactly as an unsharded scan would, so the result
 * is the same byte for byte. Layout (JSON, gzip-compressed, docs/scale-out.md):
 *   {"format": "seam-shard", "version": 1, "root": SRC, "shard": [I, N],
 *    "exclude": [...], "sql_fn": [...], "warnings": [...],
 *    "build_targets": ["TARGET\tFILE", ...] (build_targets.c, this slice's files),
 *    "translation_units": [per-TU facts as tu_facts_serial.c writes them]}
 */
#include "analyzer_internal.h"
#include "deflate.h"
#include "file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARD_FORMAT "seam-shard"
#define SHARD_VERSION 12

static cJSON *strv_json(char *const *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++)
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i]))) {
            cJSON_Delete(a);
            return NULL;
        }
    return a;
}

int analyzer_facts_write(const analyzer_facts *f, const char *path, seam_err *err)
{
    cJSON *o = cJSON_CreateObject();
    int oom = !o;
    oom = oom || !cJSON_AddStringToObject(o, "format", SHARD_FORMAT) ||
          !cJSON_AddNumberToObject(o, "version", SHARD_VERSION) ||
          !cJSON_AddStringToObject(o, "root", f->root);
    cJSON *shard = oom ? NULL : cJSON_AddArrayToObject(o, "shard");
    oom = oom || !shard ||
          !cJSON_AddItemToArray(shard, cJSON_CreateNumber(f->shard_count ? f->shard_index : 1)) ||
          !cJSON_AddItemToArray(shard, cJSON_CreateNumber(f->shard_count ? f->shard_count : 1));
    cJSON *a;
    oom =
        oom || !(a = strv_json(f->exclude, f->nexclude)) || !cJSON_AddItemToObject(o, "exclude", a);
    oom =
        oom || !(a = strv_json(f->sql_fns, f->nsql_fns)) || !cJSON_AddItemToObject(o, "sql_fn", a);
    oom = oom || !(a = strv_json(f->table_fns, f->ntable_fns)) ||
          !cJSON_AddItemToObject(o, "table_fn", a);
    oom = oom || !(a = strv_json(f->warnings, f->nwarnings)) ||
          !cJSON_AddItemToObject(o, "warnings", a);
    oom = oom || !(a = strv_json(f->targets, f->ntargets)) ||
          !cJSON_AddItemToObject(o, "build_targets", a);
    cJSON *tus = oom ? NULL : cJSON_AddArrayToObject(o, "translation_units");
    oom = oom || !tus;
    for (int i = 0; !oom && i < f->ntus; i++) {
        cJSON *t = tu_facts_to_json(&f->tus[i]);
        oom = !t || !cJSON_AddItemToArray(tus, t);
    }
    char *text = oom ? NULL : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    /* Gzip-compressed (zcat shows the JSON): the raw facts of every TU repeat their paths
     * and names, several times the size of the code.json they merge into otherwise. */
    unsigned char *z = NULL;
    size_t zlen = 0;
    if (!text || seam_deflate(text, strlen(text), SEAM_DEFLATE_GZIP, &z, &zlen)) {
        cJSON_free(text);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory writing '%s'", path);
    }
    cJSON_free(text);
    int rc = seam_file_write(path, z, zlen, err);
    free(z);
    return rc;
}

static int strv_from_json(const cJSON *a, char ***v, int *n)
{
    if (!cJSON_IsArray(a))
        return SEAM_EINPUT;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsString(e))
            return SEAM_EINPUT;
        if (strv_push(v, n, e->valuestring) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

static int strv_equal(char *const *a, int na, char *const *b, int nb)
{
    if (na != nb)
        return 0;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s && s[1] ? s + 1 : p;
}

/* One shard file into *s (zeroed by the caller). */
static int shard_read(const char *path, size_t max_input, analyzer_facts *s, seam_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = seam_file_read(path, "shard file", max_input, &text, &len, err);
    if (rc < 0)
        return rc;
    /* Written gzip-compressed; one decompressed by hand (or an older seam's) is read as is.
     * Inflating is bounded by the same limit as reading. */
    if (seam_deflate_is_gzip(text, len)) {
        char *plain = NULL;
        rc = seam_inflate(text, len, max_input ? max_input : SEAM_FILE_MAX_DEFAULT, &plain, &len);
        free(text);
        if (rc == SEAM_ENOMEM)
            return seam_err_set(err, rc, "out of memory reading shard file '%s'", path);
        if (rc)
            return seam_err_set(err, rc,
                                "shard file '%s' is damaged or inflates past the input size limit "
                                "(--max-input-size)",
                                path);
        text = plain;
    }
    cJSON *o = cJSON_Parse(text);
    free(text);
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(o, "format");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "version");
    const cJSON *root = cJSON_GetObjectItemCaseSensitive(o, "root");
    const cJSON *shard = cJSON_GetObjectItemCaseSensitive(o, "shard");
    const cJSON *tus = cJSON_GetObjectItemCaseSensitive(o, "translation_units");
    const cJSON *si = cJSON_GetArrayItem(shard, 0), *sn = cJSON_GetArrayItem(shard, 1);
    if (!o || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, SHARD_FORMAT) != 0) {
        cJSON_Delete(o);
        return seam_err_set(err, SEAM_EINPUT,
                            "'%s' is not a shard file of 'seam scan --shard' (a merged code.json "
                            "cannot be merged again)",
                            path);
    }
    rc = SEAM_EINPUT;
    if (!cJSON_IsNumber(ver) || ver->valueint != SHARD_VERSION || !cJSON_IsString(root) ||
        !cJSON_IsNumber(si) || !cJSON_IsNumber(sn) || sn->valuedouble < 1 ||
        sn->valuedouble > 1e6 || si->valuedouble < 1 || si->valuedouble > sn->valuedouble ||
        !cJSON_IsArray(tus))
        goto out;
    s->shard_index = si->valueint;
    s->shard_count = sn->valueint;
    rc = SEAM_ENOMEM;
    if (!(s->root = seam_strdup(root->valuestring)))
        goto out;
    if ((rc = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "exclude"), &s->exclude,
                             &s->nexclude)) < 0 ||
        (rc = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "sql_fn"), &s->sql_fns,
                             &s->nsql_fns)) < 0 ||
        (rc = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "table_fn"), &s->table_fns,
                             &s->ntable_fns)) < 0 ||
        (rc = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "warnings"), &s->warnings,
                             &s->nwarnings)) < 0 ||
        (rc = strv_from_json(cJSON_GetObjectItemCaseSensitive(o, "build_targets"), &s->targets,
                             &s->ntargets)) < 0)
        goto out;
    int n = cJSON_GetArraySize(tus);
    rc = SEAM_ENOMEM;
    if (n > 0 && !(s->tus = calloc((size_t)n, sizeof *s->tus)))
        goto out;
    rc = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tus)
    {
        rc = tu_facts_from_json(t, &s->tus[s->ntus++]);
        if (rc < 0)
            break;
    }
out:
    cJSON_Delete(o);
    if (rc == SEAM_EINPUT)
        return seam_err_set(err, rc, "malformed shard file '%s'", path);
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory reading '%s'", path);
    return 0;
}

static int tu_cmp(const void *a, const void *b)
{
    const tu_facts *x = a, *y = b;
    int c = strcmp(x->main_file, y->main_file);
    return c ? c : strcmp(x->key, y->key);
}

/* Moves the TUs of s into f. */
static int take_tus(analyzer_facts *f, analyzer_facts *s)
{
    tu_facts *v = realloc(f->tus, (size_t)(f->ntus + s->ntus + 1) * sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    f->tus = v;
    memcpy(v + f->ntus, s->tus, (size_t)s->ntus * sizeof *v);
    f->ntus += s->ntus;
    free(s->tus);
    s->tus = NULL;
    s->ntus = 0;
    return 0;
}

int analyzer_facts_read(const char *const *paths, int n, size_t max_input, analyzer_facts **out,
                        seam_err *err)
{
    *out = NULL;
    analyzer_facts *f = calloc(1, sizeof *f);
    analyzer_facts *shards = calloc((size_t)(n > 0 ? n : 1), sizeof *shards);
    int rc = 0;
    const char **seen = NULL;
    if (!f || !shards) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading shards");
        goto out;
    }
    if (n < 1) {
        rc = seam_err_set(err, SEAM_EUSAGE, "merge: no shard files given");
        goto out;
    }
    for (int i = 0; i < n && rc == 0; i++)
        rc = shard_read(paths[i], max_input, &shards[i], err);
    if (rc < 0)
        goto out;
    /* They must be the N slices of one scan: same N, SRC name and options, each index once. */
    int count = shards[0].shard_count;
    if (!(seen = calloc((size_t)count + 1, sizeof *seen))) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading shards");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        analyzer_facts *s = &shards[i];
        const char *why = NULL;
        if (s->shard_count != count)
            why = "was written with another shard count";
        else if (strcmp(base_name(s->root), base_name(shards[0].root)) != 0)
            why = "scanned another source tree";
        else if (!strv_equal(s->exclude, s->nexclude, shards[0].exclude, shards[0].nexclude) ||
                 !strv_equal(s->sql_fns, s->nsql_fns, shards[0].sql_fns, shards[0].nsql_fns) ||
                 !strv_equal(s->table_fns, s->ntable_fns, shards[0].table_fns,
                             shards[0].ntable_fns))
            why = "was scanned with other --exclude, --sql-fn or --table-fn options";
        if (why) {
            rc = seam_err_set(err, SEAM_EINPUT, "shard '%s' %s than '%s'", paths[i], why, paths[0]);
            goto out;
        }
        if (seen[s->shard_index]) {
            rc = seam_err_set(err, SEAM_EINPUT, "shard %d/%d given twice: '%s' and '%s'",
                              s->shard_index, count, seen[s->shard_index], paths[i]);
            goto out;
        }
        seen[s->shard_index] = paths[i];
    }
    for (int k = 1; k <= count; k++)
        if (!seen[k]) {
            rc = seam_err_set(err, SEAM_EINPUT, "shard %d/%d is missing (%d of %d given)", k, count,
                              n, count);
            goto out;
        }
    /* Shard 1's SRC and options stand for all. */
    int first = 0;
    for (int i = 0; i < n; i++)
        if (shards[i].shard_index == 1)
            first = i;
    analyzer_facts *s1 = &shards[first];
    f->root = s1->root, s1->root = NULL;
    f->exclude = s1->exclude, f->nexclude = s1->nexclude, s1->exclude = NULL, s1->nexclude = 0;
    f->sql_fns = s1->sql_fns, f->nsql_fns = s1->nsql_fns, s1->sql_fns = NULL, s1->nsql_fns = 0;
    f->table_fns = s1->table_fns, f->ntable_fns = s1->ntable_fns, s1->table_fns = NULL;
    s1->ntable_fns = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        for (int w = 0; w < shards[i].nwarnings && rc == 0; w++)
            rc = strv_push(&f->warnings, &f->nwarnings, shards[i].warnings[w]);
        for (int t = 0; t < shards[i].ntargets && rc == 0; t++)
            rc = strv_push(&f->targets, &f->ntargets, shards[i].targets[t]);
        if (rc == 0)
            rc = take_tus(f, &shards[i]);
    }
    if (rc < 0) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory merging shards");
        goto out;
    }
    strv_sort_unique(f->warnings, &f->nwarnings);
    strv_sort_unique(f->targets, &f->ntargets);
    if (f->ntus > 1)
        qsort(f->tus, (size_t)f->ntus, sizeof *f->tus, tu_cmp);
    for (int i = 1; i < f->ntus; i++)
        if (strcmp(f->tus[i].key, f->tus[i - 1].key) == 0) {
            rc = seam_err_set(err, SEAM_EINPUT, "translation unit '%s' appears in two shards",
                              f->tus[i].main_file);
            goto out;
        }
    *out = f;
    f = NULL;
out:
    for (int i = 0; shards && i < n; i++) {
        free(shards[i].root);
        for (int t = 0; t < shards[i].ntus; t++)
            tu_facts_free(&shards[i].tus[t]);
        free(shards[i].tus);
        strv_free(shards[i].warnings, shards[i].nwarnings);
        strv_free(shards[i].targets, shards[i].ntargets);
        strv_free(shards[i].exclude, shards[i].nexclude);
        strv_free(shards[i].sql_fns, shards[i].nsql_fns);
        strv_free(shards[i].table_fns, shards[i].ntable_fns);
    }
    free(shards);
    free(seen);
    analyzer_facts_free(f);
    return rc;
}
