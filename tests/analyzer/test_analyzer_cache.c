/*
 * test_analyzer_cache.c - the incremental cache, counted in parses
 * (analyzer_stats): a cold run parses everything; a re-run with nothing
 * changed parses nothing and writes the same code.json bytes; a changed
 * header re-parses exactly the TUs that include it (also through another
 * header); a changed source file or compile command re-parses its TU; a
 * damaged row is a miss; files older than two seconds are checked by stat,
 * and a same-size edit is still seen; an older seam's cache is emptied and used; a file
 * that is not a seam cache is refused and left
 * untouched. A header edit that changes facts (a macro now calls a new
 * static inline function) re-parses exactly the TUs that include it,
 * directly or through another header, named one by one, and the result is
 * the bytes of a cold scan. Each run's progress callback ends with one
 * final call whose counts are the run's stats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "analyzer.h"
#include "check.h"
#include "report.h"
#include "tiny_project.h"

static const char *const FILES[] = {"a.c", "b.c", "c.c", "d.c", NULL};

static char cache_path[700], json_path[700];

/* What a run's progress callback was told: how often, and the last call. */
typedef struct progress_tally {
    int calls, finals;
    analyzer_progress last;
} progress_tally;

static void progress_count(const analyzer_progress *p, void *ctx)
{
    progress_tally *t = ctx;
    t->calls++;
    t->finals += p->final;
    t->last = *p;
}

/* Runs the analyzer with the cache; returns its stats; writes code.json to out. */
static analyzer_stats scan(tiny_project *p, const char *out)
{
    analyzer_stats st;
    memset(&st, 0xff, sizeof st);
    progress_tally tally = {0};
    analyzer_options o = {.src_dir = p->root,
                          .jobs = 2,
                          .cache_path = cache_path,
                          .stats = &st,
                          .progress = progress_count,
                          .progress_ctx = &tally};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, &m, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&m, &err);
    if (rc == 0)
        rc = report_write_json(&m, out, &err);
    if (rc)
        fprintf(stderr, "scan: %s\n", err.msg);
    CHECK_INT(rc, 0);
    /* the last call, and only it, is final, and it counts what the stats count */
    CHECK(tally.calls >= 1);
    CHECK_INT(tally.finals, 1);
    CHECK_INT(tally.last.final, 1);
    CHECK_INT(tally.last.done, st.tus);
    CHECK_INT(tally.last.total, st.tus);
    CHECK_INT(tally.last.cached, st.cached);
    CHECK_INT(tally.last.errors, 0);
    CHECK_INT(tally.last.eta, -1);
    seam_model_free(&m);
    return st;
}

/* What a run without any cache writes to out: the reference a cached run must match. */
static void cold_scan(tiny_project *p, const char *out)
{
    analyzer_options o = {.src_dir = p->root, .jobs = 1};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK_INT(report_write_json(&m, out, &err), 0);
    seam_model_free(&m);
}

static int same_file(const char *a, const char *b)
{
    char *x = check_slurp(a, NULL), *y = check_slurp(b, NULL);
    int same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

static void expect(analyzer_stats st, int parsed, int cached)
{
    CHECK_INT(st.tus, 4);
    CHECK_INT(st.parsed, parsed);
    CHECK_INT(st.cached, cached);
    CHECK_INT(st.failed, 0);
}

/* One row's column set to value (SQL): a damaged row. */
static void damage_one_row(const char *column, const char *value)
{
    sqlite3 *db;
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE tu SET %s = %s WHERE rowid = (SELECT min(rowid) FROM tu)",
             column, value);
    CHECK_INT(sqlite3_open(cache_path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_changes(db), 1);
    sqlite3_close(db);
}

/*
 * The output memo: collect with output_path, write, record; the next collect
 * reports up_to_date (decoding nothing) until an input or the output changes.
 */
static int memo_scan(tiny_project *p, const char *out)
{
    analyzer_stats st;
    analyzer_options o = {
        .src_dir = p->root, .jobs = 2, .cache_path = cache_path, .stats = &st, .output_path = out};
    analyzer_facts *f = NULL;
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_collect(&o, &f, &err);
    if (rc == 0 && !st.up_to_date) {
        seam_model m;
        seam_model_init(&m);
        rc = analyzer_build(f, &m, &err);
        if (rc == 0)
            rc = report_write_json(&m, out, &err);
        if (rc == 0)
            rc = analyzer_output_written(&o, f, &err);
        seam_model_free(&m);
    }
    analyzer_facts_free(f);
    CHECK_INT(rc, 0);
    return st.up_to_date;
}

static void test_output_memo(tiny_project *p)
{
    char out[700];
    snprintf(out, sizeof out, "%s/memo.json", p->root);
    CHECK_INT(memo_scan(p, out), 0);
    CHECK_INT(memo_scan(p, out), 1);
    CHECK_INT(memo_scan(p, out), 1);
    tiny_project_write(p, "memo.json", "{}\n"); /* the output changed: written again */
    CHECK_INT(memo_scan(p, out), 0);
    CHECK_INT(memo_scan(p, out), 1);
    tiny_project_write(p, "inc/other.h", "int other(void);\nint other2(void);\n");
    CHECK_INT(memo_scan(p, out), 0);
    CHECK_INT(memo_scan(p, out), 1);
    remove(out); /* a missing output is never up to date */
    CHECK_INT(memo_scan(p, out), 0);
}

/*
 * Collects with the cache, writes code.json to out, and lists every TU as
 * "file:P" (parsed) or "file:C" (from the cache), space-separated, in *tus.
 * Returns how many of p1 and p2 call cap.
 */
static int scan_tus(tiny_project *p, const char *cache, const char *out, char *tus, size_t size)
{
    analyzer_options o = {.src_dir = p->root, .jobs = 2, .cache_path = cache};
    analyzer_facts *f = NULL;
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_collect(&o, &f, &err);
    tus[0] = '\0';
    const char *file;
    int cached;
    for (int i = 0; rc == 0 && analyzer_facts_tu(f, i, &file, &cached) == 0; i++) {
        size_t n = strlen(tus);
        snprintf(tus + n, size - n, "%s%s:%c", n ? " " : "", file, cached ? 'C' : 'P');
    }
    if (rc == 0)
        rc = analyzer_build(f, &m, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&m, &err);
    if (rc == 0)
        rc = report_write_json(&m, out, &err);
    if (rc)
        fprintf(stderr, "scan_tus: %s\n", err.msg);
    CHECK_INT(rc, 0);
    if (f) {
        CHECK_INT(analyzer_facts_tu(f, 4, &file, &cached), SEAM_EUSAGE); /* four TUs, no more */
        CHECK_INT(analyzer_facts_tu(f, -1, &file, &cached), SEAM_EUSAGE);
        /* Either output may be left out; the other is still filled. */
        const char *first = NULL;
        CHECK_INT(analyzer_facts_tu(f, 0, &first, NULL), 0);
        CHECK_STR(first, "p1.c");
        cached = -1;
        CHECK_INT(analyzer_facts_tu(f, 0, NULL, &cached), 0);
        CHECK_INT(cached, strncmp(tus, "p1.c:C", 6) == 0); /* as the loop above saw it */
    }
    CHECK_INT(analyzer_facts_tu(NULL, 0, &file, &cached), SEAM_EUSAGE);
    int cap = tiny_find_function(&m, "cap", "inc/shared.h");
    int callers = cap >= 0 ? (tiny_call_count(&m, tiny_find_function(&m, "p1", NULL), cap) == 1) +
                                 (tiny_call_count(&m, tiny_find_function(&m, "p2", NULL), cap) == 1)
                           : 0;
    seam_model_free(&m);
    analyzer_facts_free(f);
    return callers;
}

static void test_header_changes_facts(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "inc/shared.h", "#define CAP(x) (x)\n");
    tiny_project_write(&p, "inc/wrap.h", "#include \"shared.h\"\n");
    tiny_project_write(&p, "inc/solo.h", "int solo(void);\n");
    tiny_project_write(&p, "p1.c", "#include \"shared.h\"\nint p1(int x) { return CAP(x); }\n");
    tiny_project_write(&p, "p2.c", "#include \"wrap.h\"\nint p2(void) { return CAP(2); }\n");
    tiny_project_write(&p, "p3.c", "#include \"solo.h\"\nint solo(void) { return 3; }\n");
    tiny_project_write(&p, "p4.c", "int p4(void) { return 4; }\n");
    static const char *const files[] = {"p4.c", "p2.c", "p3.c", "p1.c", NULL};
    tiny_project_compdb(&p, "-Iinc", files);
    char cache[700], warm[700], before[700], cold[700], tus[256];
    snprintf(cache, sizeof cache, "%s/cache.sqlite", p.root);
    snprintf(warm, sizeof warm, "%s/warm.json", p.root);
    snprintf(before, sizeof before, "%s/before.json", p.root);
    snprintf(cold, sizeof cold, "%s/cold.json", p.root);

    CHECK_INT(scan_tus(&p, cache, before, tus, sizeof tus), 0);
    CHECK_STR(tus, "p1.c:P p2.c:P p3.c:P p4.c:P");
    CHECK_INT(scan_tus(&p, cache, warm, tus, sizeof tus), 0);
    CHECK_STR(tus, "p1.c:C p2.c:C p3.c:C p4.c:C");

    /* CAP now calls a function defined in the header: p1 and p2 get a call edge. */
    tiny_project_write(&p, "inc/shared.h",
                       "static inline int cap(int x) { return x > 9 ? 9 : x; }\n"
                       "#define CAP(x) cap(x)\n");
    CHECK_INT(scan_tus(&p, cache, warm, tus, sizeof tus), 2);
    CHECK_STR(tus, "p1.c:P p2.c:P p3.c:C p4.c:C"); /* p2.c through wrap.h */
    CHECK(!same_file(before, warm));

    /* The same bytes as a scan without any cache. */
    cold_scan(&p, cold);
    CHECK(same_file(cold, warm));

    CHECK_INT(scan_tus(&p, cache, warm, tus, sizeof tus), 2);
    CHECK_STR(tus, "p1.c:C p2.c:C p3.c:C p4.c:C");
    CHECK(same_file(cold, warm));
    tiny_project_remove(&p);
}

static void test_not_a_cache(tiny_project *p)
{
    char path[700];
    snprintf(path, sizeof path, "%s/precious.db", p->root);
    sqlite3 *db;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "CREATE TABLE orders(id INTEGER); INSERT INTO orders VALUES(1);",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    char *before = check_slurp(path, NULL);
    analyzer_options o = {.src_dir = p->root, .jobs = 1, .cache_path = path};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    CHECK_INT(analyzer_run(&o, &m, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "precious.db") && strstr(err.msg, "not a seam cache"));
    seam_model_free(&m);
    char *after = check_slurp(path, NULL);
    CHECK(before && after && strcmp(before, after) == 0);
    free(before);
    free(after);

    /* A text file is not one either. */
    tiny_project_write(p, "notes.txt", "hello\n");
    snprintf(path, sizeof path, "%s/notes.txt", p->root);
    seam_model_init(&m);
    CHECK_INT(analyzer_run(&o, &m, &err), SEAM_EINPUT);
    seam_model_free(&m);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "inc/common.h", "#include \"base.h\"\nint common(int x);\n");
    tiny_project_write(&p, "inc/base.h", "typedef int base_t;\n");
    tiny_project_write(&p, "inc/other.h", "int other(void);\n");
    tiny_project_write(
        &p, "a.c",
        "#include <sqlite3.h>\n#include \"common.h\"\n"
        "int a(sqlite3 *db) { return sqlite3_exec(db, \"DELETE FROM t\", 0, 0, 0); }\n");
    tiny_project_write(&p, "b.c", "#include \"common.h\"\nint common(int x) { return x; }\n");
    tiny_project_write(&p, "c.c", "#include \"other.h\"\nint other(void) { return 1; }\n");
    tiny_project_write(&p, "d.c", "#include \"base.h\"\nbase_t d(void) { return 2; }\n");
    tiny_project_compdb(&p, "-Iinc", FILES);
    snprintf(cache_path, sizeof cache_path, "%s/out/cache.sqlite", p.root);
    snprintf(json_path, sizeof json_path, "%s/cold.json", p.root);
    tiny_project_write(&p, "out/.keep", "");
    char warm_json[700], ref_json[700];
    snprintf(warm_json, sizeof warm_json, "%s/warm.json", p.root);
    snprintf(ref_json, sizeof ref_json, "%s/ref.json", p.root);

    expect(scan(&p, json_path), 4, 0);      /* cold */
    expect(scan(&p, warm_json), 0, 4);      /* warm: nothing parsed */
    CHECK(same_file(json_path, warm_json)); /* and the same bytes */

    /* common.h changed: a.c and b.c include it; c.c and d.c do not. */
    tiny_project_write(&p, "inc/common.h", "#include \"base.h\"\nint common(int y);\n");
    expect(scan(&p, warm_json), 2, 2);
    expect(scan(&p, warm_json), 0, 4);
    /* base.h changed: read by a.c and b.c through common.h, and by d.c. */
    tiny_project_write(&p, "inc/base.h", "typedef long base_t;\n");
    expect(scan(&p, warm_json), 3, 1);
    /* A source file changed: only its TU. */
    tiny_project_write(&p, "c.c", "#include \"other.h\"\nint other(void) { return 3; }\n");
    expect(scan(&p, warm_json), 1, 3);
    /* After all that, the cached result is what a cold run gives. */
    cold_scan(&p, ref_json);
    CHECK(same_file(ref_json, warm_json));
    /* A damaged row is a miss, repaired by the run. */
    damage_one_row("facts", "'{\"file\": 7}'");
    expect(scan(&p, warm_json), 1, 3);
    expect(scan(&p, warm_json), 0, 4);
    /* So is one whose file numbers name no file, or whose digest is cut. */
    damage_one_row("deps", "substr(deps, 1, 65) || '999999'");
    expect(scan(&p, warm_json), 1, 3);
    damage_one_row("deps", "substr(deps, 2)");
    expect(scan(&p, warm_json), 1, 3);
    expect(scan(&p, warm_json), 0, 4);
    /* An older seam's cache (another format, rows this seam cannot read) is emptied and
     * used: everything parsed, then cached again. */
    {
        sqlite3 *db;
        CHECK_INT(sqlite3_open(cache_path, &db), SQLITE_OK);
        CHECK_INT(sqlite3_exec(db,
                               "DROP TABLE tu; CREATE TABLE tu(key TEXT PRIMARY KEY, deps TEXT "
                               "NOT NULL, facts TEXT NOT NULL); INSERT INTO tu VALUES('k', '[]', "
                               "'{}'); UPDATE seam_meta SET v = 'seam-cache-1' WHERE k = 'format';",
                               NULL, NULL, NULL),
                  SQLITE_OK);
        sqlite3_close(db);
        expect(scan(&p, warm_json), 4, 0);
        expect(scan(&p, warm_json), 0, 4);
        CHECK(same_file(ref_json, warm_json));
    }
    /* Other compile flags are another command: everything is parsed again. */
    tiny_project_compdb(&p, "-Iinc -DNDEBUG", FILES);
    expect(scan(&p, warm_json), 4, 0);
    expect(scan(&p, warm_json), 0, 4);

    /* Files older than two seconds are checked by stat: the file table keeps what stat said
     * with each hash; a change of the same size still moves the modification time. */
    sleep(3);
    expect(scan(&p, warm_json), 0, 4);
    {
        sqlite3 *db;
        sqlite3_stmt *st;
        CHECK_INT(sqlite3_open(cache_path, &db), SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*) FROM file WHERE seen IS NOT NULL AND "
                                         "hash IS NOT NULL", -1, &st, NULL),
                  SQLITE_OK);
        CHECK_INT(sqlite3_step(st), SQLITE_ROW);
        CHECK(sqlite3_column_int(st, 0) >= 4); /* the four .c files at least */
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    expect(scan(&p, warm_json), 0, 4);
    tiny_project_write(&p, "inc/common.h", "#include \"base.h\"\nint common(int q);\n");
    expect(scan(&p, warm_json), 2, 2);
    cold_scan(&p, ref_json);
    CHECK(same_file(ref_json, warm_json));

    test_output_memo(&p);
    test_not_a_cache(&p);
    tiny_project_remove(&p);
    test_header_changes_facts();
    return check_finish();
}
