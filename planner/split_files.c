/*
 * split_files.c - the plan as files a team applies: OUT_DIR/split/ holds one
 * numbered SQL file per step with SQL ("NNN-<stage>-<service>-<kind>.sql",
 * each one transaction, in plan order) and README.md, the plan in words,
 * stage by stage, with the code to change. seam never runs them.
 *
 * The directory is seam's: a numbered SQL file left there by an earlier
 * plan that this one does not write is removed, so that applying the files
 * in order applies this plan and nothing else. Nothing but a regular file
 * is ever replaced or removed: a symlink, device or FIFO where seam would
 * write stops the run with one line, as does a split/ that is not a
 * directory.
 */
#include "planner_internal.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const STAGE_NAMES[] = {"", "schema", "ties", "database"};
static const char *const STAGE_TITLES[] = {"", "Stage 1: a schema per service, in one database",
                                           "Stage 2: cut the ties between services",
                                           "Stage 3: a database per service, strangler order"};

#define FILE_PART_MAX 48 /* bytes of a name in a file name: NNN-stage-name-kind.sql stays short */

/* text fit for a file name: letters, digits, '_' and '-' kept, the rest '_' ("none" if empty),
 * at most FILE_PART_MAX bytes */
static char *file_part(const char *text)
{
    char *out = seam_printf("%.*s", FILE_PART_MAX, text && *text ? text : "none");
    for (char *p = out; p && *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            *p = '_';
    return out;
}

/* text on one line: a name with a newline must not end an SQL comment or a Markdown line */
static char *one_line(const char *text)
{
    char *out = seam_strdup(text ? text : "");
    for (char *p = out; p && *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return out;
}

char *split_file_name(const seam_plan_step *st)
{
    char *svc = file_part(st->service), *kind = file_part(st->kind);
    int stage = st->stage >= 1 && st->stage <= 3 ? st->stage : 0;
    char *name = svc && kind
                     ? seam_printf("%03d-%s-%s-%s.sql", st->order, STAGE_NAMES[stage], svc, kind)
                     : NULL;
    free(svc), free(kind);
    return name;
}

/* Refuses anything at path but nothing or a regular file. */
static int writable(const char *path, seam_err *err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? SEAM_OK
                               : seam_err_set(err, SEAM_EIO, "split plan: cannot check '%s': %s",
                                              path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return seam_err_set(err, SEAM_EIO,
                            "split plan: '%s' is not a regular file: seam does not replace it",
                            path);
    return SEAM_OK;
}

static int write_text(const char *path, const char *text, seam_err *err)
{
    int rc = writable(path, err);
    return rc ? rc : seam_file_write(path, text, strlen(text), err);
}

/* Whether name is a numbered SQL file of a plan ("NNN-....sql"). */
static int numbered(const char *name)
{
    size_t n = strlen(name);
    return n > 8 && name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' &&
           name[2] >= '0' && name[2] <= '9' && name[3] == '-' && strcmp(name + n - 4, ".sql") == 0;
}

/* Removes the numbered SQL files (regular files only) this plan does not write. */
static int remove_stale(const seam_model *m, const char *dir, seam_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return seam_err_set(err, SEAM_EIO, "split plan: cannot read '%s': %s", dir,
                            strerror(errno));
    int rc = SEAM_OK;
    for (struct dirent *e; rc == SEAM_OK && (e = readdir(d));) {
        if (!numbered(e->d_name))
            continue;
        int keep = 0;
        for (int i = 0; i < m->nplan && !keep; i++) {
            char *name = m->plan[i].sql ? split_file_name(&m->plan[i]) : NULL;
            keep = name && strcmp(name, e->d_name) == 0;
            free(name);
        }
        char *path = keep ? NULL : seam_printf("%s/%s", dir, e->d_name);
        struct stat sb;
        /* a numbered file seam may not remove would be applied with the plan: stop instead */
        if (path && lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
            rc = seam_err_set(err, SEAM_EIO,
                              "split plan: '%s' is not a regular file: seam does not remove it, "
                              "and applying split/ in order would run it; move it away",
                              path);
        else if (path && lstat(path, &sb) == 0 && unlink(path) != 0)
            rc = seam_err_set(err, SEAM_EIO, "split plan: cannot remove stale '%s': %s", path,
                              strerror(errno));
        free(path);
    }
    closedir(d);
    return rc;
}

static char *step_sql_file(const seam_plan_step *st)
{
    char *detail = one_line(st->detail), *id = one_line(st->id);
    char *text = detail && id ? seam_printf("-- seam split plan, step %d (%s): %s\n"
                                            "-- One transaction. Apply the files in order; seam "
                                            "never runs them.\n%s",
                                            st->order, id, detail, st->sql)
                              : NULL;
    free(detail), free(id);
    return text;
}

/* The README as it grows: appended to in place, so a plan of thousands of steps stays linear. */
typedef struct md_buf {
    char *s;
    size_t n, cap;
    int oom;
} md_buf;

/* Appends text (taken; NULL: out of memory). */
static void md_add(md_buf *md, char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (!text || md->oom) {
        md->oom = 1;
        free(text);
        return;
    }
    if (md->n + len + 1 > md->cap) {
        size_t cap = md->cap ? md->cap : 4096;
        while (cap < md->n + len + 1)
            cap *= 2;
        char *grown = realloc(md->s, cap);
        if (!grown) {
            md->oom = 1;
            free(text);
            return;
        }
        md->s = grown;
        md->cap = cap;
    }
    memcpy(md->s + md->n, text, len + 1);
    md->n += len;
    free(text);
}

static char *readme(const seam_model *m)
{
    md_buf buf = {0}, *md = &buf;
    md_add(
        md,
        seam_printf(
            "# Split plan\n\nWritten by seam from model.json (split_plan, version %d). seam never "
            "runs these files: apply each numbered SQL file in order, one transaction each, after "
            "the code changes its step lists. A step without a file changes code or needs a "
            "decision.\n",
            SEAM_PLAN_VERSION));
    int stage = 0;
    for (int i = 0; !md->oom && i < m->nplan; i++) {
        const seam_plan_step *st = &m->plan[i];
        if (st->stage != stage && st->stage >= 1 && st->stage <= 3) {
            stage = st->stage;
            md_add(md, seam_printf("\n## %s\n", STAGE_TITLES[stage]));
        }
        char *detail = one_line(st->detail), *why = one_line(st->rationale);
        char *file = st->sql ? split_file_name(st) : NULL;
        char *note = one_line(st->sql_note), *id = one_line(st->id);
        char *service = one_line(st->service && *st->service ? st->service : "(none)");
        md_add(md, seam_printf("\n### %d. %s\n\n- id: `%s`; service: %s; risk: %s\n", st->order,
                               detail ? detail : "", id ? id : "", service ? service : "",
                               st->risk ? st->risk : "low"));
        free(id), free(service);
        if (st->has_size)
            md_add(md, seam_printf("- effort: %d code site%s, %d table%s, about %lld rows, %lld "
                                   "bytes\n",
                                   st->effort_sites, st->effort_sites == 1 ? "" : "s",
                                   st->effort_tables, st->effort_tables == 1 ? "" : "s",
                                   st->effort_rows, st->effort_bytes));
        else
            md_add(md, seam_printf("- effort: %d code site%s, %d table%s\n", st->effort_sites,
                                   st->effort_sites == 1 ? "" : "s", st->effort_tables,
                                   st->effort_tables == 1 ? "" : "s"));
        for (int k = 0; k < st->ndepends_on; k++) {
            char *after = one_line(st->depends_on[k]);
            md_add(md, after ? seam_printf("%s`%s`%s", k ? ", " : "- after: ", after,
                                           k + 1 == st->ndepends_on ? "\n" : "")
                             : NULL);
            free(after);
        }
        md_add(md, file ? seam_printf("- SQL: `%s`\n", file)
                        : seam_printf("- SQL: none. %s\n", note && *note ? note : ""));
        if (why && *why)
            md_add(md, seam_printf("\n%s\n", why));
        if (st->ncode_sites)
            md_add(md, seam_strdup("\nCode to change:\n\n"));
        for (int k = 0; k < st->ncode_sites; k++) {
            const seam_plan_site *s = &st->code_sites[k];
            char *fn = s->function >= 0 && s->function < m->nfunctions
                           ? one_line(m->functions[s->function].name)
                           : NULL;
            char *path =
                one_line(s->file >= 0 && s->file < m->nfiles ? m->files[s->file].path : "?");
            md_add(md, path ? seam_printf("- `%s:%d`%s%s%s\n", path, s->line, fn ? " in `" : "",
                                          fn ? fn : "", fn ? "`" : "")
                            : NULL);
            free(fn), free(path);
        }
        free(detail), free(why), free(file), free(note);
    }
    if (md->oom) {
        free(md->s);
        return NULL;
    }
    return md->s;
}

int planner_write_split(const seam_model *m, const char *out_dir, seam_err *err)
{
    char *dir = seam_printf("%s/split", out_dir);
    if (!dir)
        return seam_err_set(err, SEAM_ENOMEM, "split plan: out of memory");
    struct stat sb;
    int rc = SEAM_OK;
    if (lstat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            rc = seam_err_set(err, SEAM_EIO, "split plan: '%s' is not a directory", dir);
    } else if (errno != ENOENT || mkdir(dir, 0777) != 0) {
        rc =
            seam_err_set(err, SEAM_EIO, "split plan: cannot create '%s': %s", dir, strerror(errno));
    }
    if (rc == SEAM_OK)
        rc = remove_stale(m, dir, err);
    for (int i = 0; i < m->nplan && rc == SEAM_OK; i++) {
        if (!m->plan[i].sql)
            continue;
        char *name = split_file_name(&m->plan[i]);
        char *path = name ? seam_printf("%s/%s", dir, name) : NULL;
        char *text = path ? step_sql_file(&m->plan[i]) : NULL;
        rc = text ? write_text(path, text, err)
                  : seam_err_set(err, SEAM_ENOMEM, "split plan: out of memory");
        free(name), free(path), free(text);
    }
    if (rc == SEAM_OK) {
        char *path = seam_printf("%s/README.md", dir), *text = readme(m);
        rc = path && text ? write_text(path, text, err)
                          : seam_err_set(err, SEAM_ENOMEM, "split plan: out of memory");
        free(path), free(text);
    }
    free(dir);
    return rc;
}
