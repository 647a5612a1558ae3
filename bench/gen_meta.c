/*
 * gen_meta.c - what goes around the sources: schema.sql, .gitignore,
 * compile_commands.json, expected-services.json; and writing it all to disk.
 */
#include "gen.h"
#include "sort.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static gen_buf *meta_file(gen_plan *p, const char *path, int in_git)
{
    int i = gen_plan_add_file(p, path, GEN_OWNER_META, -1, in_git);
    return i < 0 ? NULL : &p->files[i].text;
}

/* The file's whole text is its only revision in the history. */
static void meta_done(gen_plan *p)
{
    gen_file *f = &p->files[p->nfiles - 1];
    gen_file_cut(f);
    f->tail = f->text.len;
}

static int write_schema(gen_plan *p)
{
    gen_buf *b = meta_file(p, "schema.sql", 1);
    if (!b)
        return SEAM_ENOMEM;
    gen_buf_printf(b,
                   "-- schema.sql - the database of the application (SQLite).\n"
                   "-- %d tables in %d domains.\n",
                   p->ntables, p->ndomains);
    for (int d = 0; d < p->ndomains; d++) {
        const gen_domain *dom = &p->domains[d];
        gen_buf_printf(b, "\n-- %s\n", dom->name);
        for (int k = 0; k < dom->ntables; k++) {
            const gen_table *t = &p->tables[dom->tables[k]];
            gen_buf_printf(b,
                           "CREATE TABLE %s (\n"
                           "    id INTEGER PRIMARY KEY,\n"
                           "    name TEXT NOT NULL,\n"
                           "    status TEXT NOT NULL DEFAULT 'new',\n"
                           "    amount INTEGER NOT NULL DEFAULT 0,\n"
                           "    note TEXT,\n"
                           "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                           "    updated_at TEXT",
                           t->name);
            if (t->parent >= 0)
                gen_buf_printf(b, ",\n    %s INTEGER REFERENCES %s(id)",
                               p->tables[t->parent].fk_col, p->tables[t->parent].name);
            if (t->xparent >= 0)
                gen_buf_printf(b, ",\n    %s INTEGER REFERENCES %s(id)", t->xparent_col,
                               p->tables[t->xparent].name);
            gen_buf_printf(b, "\n);\nCREATE INDEX %s_status ON %s(status);\n", t->name, t->name);
            if (t->parent >= 0)
                gen_buf_printf(b, "CREATE INDEX %s_%s ON %s(%s);\n", t->name,
                               p->tables[t->parent].fk_col, t->name, p->tables[t->parent].fk_col);
        }
    }
    meta_done(p);
    return b->failed ? SEAM_ENOMEM : 0;
}

static int write_gitignore(gen_plan *p)
{
    gen_buf *b = meta_file(p, ".gitignore", 1);
    if (!b)
        return SEAM_ENOMEM;
    gen_buf_puts(b, "*.o\n/app\n/compile_commands.json\n/expected-services.json\n");
    meta_done(p);
    return b->failed ? SEAM_ENOMEM : 0;
}

/* Sorted paths of the non-meta files of one owner (every owner when all), ending in ext when given.
 */
static char **owned_paths(const gen_plan *p, int owner, int all, const char *ext, int *n)
{
    char **v = malloc(((size_t)p->nfiles + 1) * sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (int i = 0; i < p->nfiles; i++) {
        const gen_file *f = &p->files[i];
        size_t len = strlen(f->path);
        if (f->owner == GEN_OWNER_META || (!all && f->owner != owner))
            continue;
        if (ext && (len < 2 || strcmp(f->path + len - 2, ext) != 0))
            continue;
        v[(*n)++] = f->path;
    }
    qsort(v, (size_t)*n, sizeof *v, seam_cmp_str);
    return v;
}

static int write_compile_commands(gen_plan *p, const char *abs_dir)
{
    int n;
    char **c_files = owned_paths(p, 0, 1, ".c", &n);
    gen_buf *b = meta_file(p, "compile_commands.json", 0);
    if (!b || !c_files) {
        free(c_files);
        return SEAM_ENOMEM;
    }
    gen_buf_puts(b, "[\n");
    for (int i = 0; i < n; i++) {
        size_t len = strlen(c_files[i]);
        gen_buf_puts(b, "  {\n    \"directory\": ");
        gen_buf_json(b, abs_dir);
        gen_buf_puts(b, ",\n    \"arguments\": [\"cc\", \"-std=c11\", \"-Wall\", \"-Wextra\", "
                        "\"-O2\", \"-Isrc\", \"-c\", ");
        gen_buf_json(b, c_files[i]);
        gen_buf_printf(b, ", \"-o\", \"%.*s.o\"],\n    \"file\": ", (int)(len - 2), c_files[i]);
        gen_buf_json(b, c_files[i]);
        gen_buf_printf(b, "\n  }%s\n", i + 1 < n ? "," : "");
    }
    gen_buf_puts(b, "]\n");
    free(c_files);
    return b->failed ? SEAM_ENOMEM : 0;
}

static void put_service(gen_buf *b, const gen_plan *p, const char *name, const char *kind,
                        char **files, int nfiles, int domain, int last)
{
    gen_buf_puts(b, "    {\n      \"name\": ");
    gen_buf_json(b, name);
    gen_buf_printf(b, ",\n      \"kind\": \"%s\",\n      \"files\": [", kind);
    for (int i = 0; i < nfiles; i++) {
        gen_buf_puts(b, i ? ",\n        " : "\n        ");
        gen_buf_json(b, files[i]);
    }
    gen_buf_puts(b, "\n      ],\n      \"tables\": [");
    int ntables = 0;
    char **tables = NULL;
    if (domain >= 0) {
        const gen_domain *d = &p->domains[domain];
        tables = malloc(((size_t)d->ntables + 1) * sizeof *tables);
        if (tables) {
            for (int k = 0; k < d->ntables; k++)
                tables[ntables++] = p->tables[d->tables[k]].name;
            qsort(tables, (size_t)ntables, sizeof *tables, seam_cmp_str);
        } else {
            b->failed = 1;
        }
    }
    for (int k = 0; k < ntables; k++) {
        gen_buf_puts(b, k ? ", " : "");
        gen_buf_json(b, tables[k]);
    }
    free(tables);
    gen_buf_printf(b, "]\n    }%s\n", last ? "" : ",");
}

/* One service per planted domain plus the shared library, in name order. */
static int write_truth(gen_plan *p)
{
    int nd = p->ndomains;
    /* Sorted service names: the domains' and "shared". */
    char **names = malloc(((size_t)nd + 1) * sizeof *names);
    gen_buf *b = meta_file(p, "expected-services.json", 0);
    if (!names || !b) {
        free(names);
        return SEAM_ENOMEM;
    }
    for (int d = 0; d < nd; d++)
        names[d] = p->domains[d].name;
    names[nd] = "shared";
    qsort(names, (size_t)nd + 1, sizeof *names, seam_cmp_str);
    gen_buf_puts(b, "{\n  \"services\": [\n");
    for (int k = 0; k <= nd; k++) {
        int domain = -1;
        for (int d = 0; d < nd; d++)
            if (names[k] == p->domains[d].name)
                domain = d;
        int n;
        char **files = owned_paths(p, domain >= 0 ? domain : GEN_OWNER_SHARED, 0, NULL, &n);
        if (!files) {
            free(names);
            return SEAM_ENOMEM;
        }
        put_service(b, p, names[k], domain >= 0 ? "service" : "shared_library", files, n, domain,
                    k == nd);
        free(files);
    }
    gen_buf_puts(b, "  ]\n}\n");
    free(names);
    return b->failed ? SEAM_ENOMEM : 0;
}

int gen_meta_write(gen_plan *p, const char *abs_dir, seam_err *err)
{
    int rc = write_schema(p);
    if (!rc)
        rc = write_gitignore(p);
    if (!rc)
        rc = write_compile_commands(p, abs_dir);
    if (!rc)
        rc = write_truth(p);
    if (rc)
        return seam_err_set(err, rc, "out of memory while writing the metadata");
    return 0;
}

/* mkdir -p of the directory part of rel under dir. */
static int make_parents(const char *dir, const char *rel, seam_err *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof path)
        return seam_err_set(err, SEAM_EIO, "path too long: '%s/%s'", dir, rel);
    for (char *s = path + strlen(dir) + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            return seam_err_set(err, SEAM_EIO, "cannot create directory '%s': %s", path,
                                strerror(e));
        }
        *s = '/';
    }
    return 0;
}

int gen_files_save(const gen_plan *p, seam_err *err)
{
    const char *dir = p->opts->out_dir;
    for (int i = 0; i < p->nfiles; i++) {
        const gen_file *f = &p->files[i];
        int rc = make_parents(dir, f->path, err);
        if (rc)
            return rc;
        char *path = gen_strf("%s/%s", dir, f->path);
        if (!path)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory");
        FILE *out = fopen(path, "wb");
        if (!out) {
            int e = errno;
            rc = seam_err_set(err, SEAM_EIO, "cannot create '%s': %s", path, strerror(e));
            free(path);
            return rc;
        }
        size_t wrote = fwrite(f->text.s ? f->text.s : "", 1, f->text.len, out);
        int bad = wrote != f->text.len;
        if (fclose(out) != 0)
            bad = 1;
        if (bad) {
            int e = errno;
            rc = seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(e));
        }
        free(path);
        if (rc)
            return rc;
    }
    return 0;
}
