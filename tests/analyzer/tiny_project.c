/*
 * tiny_project.c - see tiny_project.h.
 */
#define _XOPEN_SOURCE 700
#include "tiny_project.h"

#include "analyzer.h"
#include "check.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "tiny_project: cannot %s '%s'\n", what, path);
    exit(1);
}

void tiny_project_init(tiny_project *p)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(p->root, sizeof p->root, "%s/seam-analyzer-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(p->root))
        die("create", p->root);
}

void tiny_project_write(tiny_project *p, const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", p->root, rel);
    for (char *s = path + strlen(p->root) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(path, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        die("write", path);
}

void tiny_project_compdb(tiny_project *p, const char *flags, const char *const *files)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/compile_commands.json", p->root);
    FILE *f = fopen(path, "w");
    if (!f)
        die("write", path);
    fputs("[\n", f);
    for (int i = 0; files[i]; i++)
        fprintf(f,
                "  {\"directory\": \"%s\", \"file\": \"%s\",\n"
                "   \"command\": \"/usr/bin/cc %s -c %s -o %s.o\"}%s\n",
                p->root, files[i], flags, files[i], files[i], files[i + 1] ? "," : "");
    fputs("]\n", f);
    if (fclose(f) != 0)
        die("write", path);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tiny_project_remove(tiny_project *p)
{
    nftw(p->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tiny_find_function(const seam_model *m, const char *name, const char *file)
{
    for (int i = 0; i < m->nfunctions; i++) {
        const seam_function *f = &m->functions[i];
        if (strcmp(f->name, name) == 0 && (!file || strcmp(m->files[f->file].path, file) == 0))
            return i;
    }
    return -1;
}

int tiny_call_count(const seam_model *m, int caller, int callee)
{
    for (int i = 0; i < m->ncalls; i++)
        if (m->calls[i].caller == caller && m->calls[i].callee == callee)
            return m->calls[i].count;
    return 0;
}

int tiny_find_site(const seam_model *m, const char *sql)
{
    for (int i = 0; i < m->nsql_sites; i++)
        if (strcmp(m->sql_sites[i].sql, sql) == 0)
            return i;
    return -1;
}

void tiny_project_analyze(tiny_project *p, seam_model *m)
{
    analyzer_options o = {.src_dir = p->root, .jobs = 1};
    seam_model_init(m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, m, &err);
    if (rc)
        fprintf(stderr, "analyzer: %s\n", err.msg);
    CHECK_INT(rc, 0);
}
