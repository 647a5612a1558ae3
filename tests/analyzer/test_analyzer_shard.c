/*
 * test_analyzer_shard.c - --shard I/N and merging: the slices are disjoint
 * and cover every TU, and the merge of all slices writes the same code.json,
 * byte for byte, as the unsharded scan, although calls, wrappers and a
 * header's functions cross the slices. A missing, repeated or foreign shard
 * is an error naming it. Shard files are gzip; plain JSON merges too; a
 * damaged one or one inflating past the input limit is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "report.h"
#include "tiny_project.h"

#define NFILES 9
static const char *const FILES[] = {"m0.c", "m1.c", "m2.c", "m3.c", "m4.c",
                                    "m5.c", "m6.c", "m7.c", "m8.c", NULL};

static const char *const exclude[] = {"m8.c"};
static const char *const sql_fns[] = {"legacy_exec:2"};

static analyzer_options options(tiny_project *p, int i, int n, analyzer_stats *st)
{
    analyzer_options o = {.src_dir = p->root,
                          .jobs = 2,
                          .exclude = exclude,
                          .nexclude = 1,
                          .sql_fns = sql_fns,
                          .nsql_fns = 1,
                          .shard_index = i,
                          .shard_count = n,
                          .stats = st};
    return o;
}

static int build_write(analyzer_facts *f, const char *path)
{
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_build(f, &m, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&m, &err);
    if (rc == 0)
        rc = report_write_json(&m, path, &err);
    if (rc)
        fprintf(stderr, "build_write: %s\n", err.msg);
    seam_model_free(&m);
    return rc;
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    /* A chain of wrappers across files: m0 -> m1 -> ... -> m7 -> sqlite3_exec. */
    tiny_project_write(&p, "inc/chain.h",
                       "#include <sqlite3.h>\n"
                       "int legacy_exec(int h, const char *sql);\n"
                       "static inline int twice(int x) { return x + x; }\n"
                       "int w0(const char *q); int w1(const char *q); int w2(const char *q);\n"
                       "int w3(const char *q); int w4(const char *q); int w5(const char *q);\n"
                       "int w6(const char *q); int w7(const char *q);\n");
    char name[32], text[512];
    for (int i = 0; i < 8; i++) {
        if (i < 7)
            snprintf(text, sizeof text,
                     "#include \"chain.h\"\n"
                     "int w%d(const char *q) { return w%d(q) + twice(%d); }\n"
                     "int user%d(void) { return w%d(\"SELECT * FROM t%d\") + legacy_exec(1, "
                     "\"DELETE FROM l%d\"); }\n",
                     i, i + 1, i, i, i, i, i);
        else
            snprintf(text, sizeof text,
                     "#include \"chain.h\"\n"
                     "int w7(const char *q) { return sqlite3_exec(0, q, 0, 0, 0); }\n"
                     "int user7(void) { return w0(\"UPDATE t7 SET x = 1\"); }\n");
        snprintf(name, sizeof name, "m%d.c", i);
        tiny_project_write(&p, name, text);
    }
    tiny_project_write(&p, "m8.c", "int excluded(void) { return 0; }\n");
    tiny_project_compdb(&p, "-Iinc", FILES);

    char whole[700];
    snprintf(whole, sizeof whole, "%s/whole.json", p.root);
    analyzer_stats st;
    analyzer_options o = options(&p, 0, 0, &st);
    analyzer_facts *f = NULL;
    seam_err err;
    CHECK_INT(analyzer_collect(&o, &f, &err), 0);
    CHECK_INT(st.tus, 8);
    CHECK_INT(build_write(f, whole), 0);
    analyzer_facts_free(f);
    char *want = check_slurp(whole, NULL);
    CHECK(want && strstr(want, "\"via\":\t\"w0\"") && strstr(want, "\"via\":\t\"legacy_exec\""));

    /* 1, 3 and 4 slices: disjoint, covering, and merged to the same bytes. */
    static const int counts[] = {1, 3, 4};
    for (int c = 0; c < 3; c++) {
        int n = counts[c], total = 0;
        char paths[4][700];
        const char *order[4];
        for (int i = 1; i <= n; i++) {
            o = options(&p, i, n, &st);
            CHECK_INT(analyzer_collect(&o, &f, &err), 0);
            total += st.tus;
            snprintf(paths[i - 1], sizeof paths[i - 1], "%s/code-%d-of-%d.json", p.root, i, n);
            CHECK_INT(analyzer_facts_write(f, paths[i - 1], &err), 0);
            analyzer_facts_free(f);
            order[n - i] = paths[i - 1]; /* given in reverse: the order must not matter */
        }
        CHECK_INT(total, 8);
        CHECK_INT(analyzer_facts_read(order, n, 0, &f, &err), 0);
        char merged[700];
        snprintf(merged, sizeof merged, "%s/merged-%d.json", p.root, n);
        CHECK_INT(build_write(f, merged), 0);
        analyzer_facts_free(f);
        char *got = check_slurp(merged, NULL);
        CHECK(want && got && strcmp(want, got) == 0);
        free(got);
        if (n == 4) {
            /* Leaving one out, giving one twice, or a merged file instead are errors. */
            const char *three[3] = {paths[0], paths[1], paths[3]};
            CHECK_INT(analyzer_facts_read(three, 3, 0, &f, &err), SEAM_EINPUT);
            CHECK(strstr(err.msg, "shard 3/4 is missing") != NULL);
            const char *twice[5] = {paths[0], paths[1], paths[2], paths[3], paths[1]};
            CHECK_INT(analyzer_facts_read(twice, 5, 0, &f, &err), SEAM_EINPUT);
            CHECK(strstr(err.msg, "given twice") != NULL);
            const char *foreign[2] = {paths[0], whole};
            CHECK_INT(analyzer_facts_read(foreign, 2, 0, &f, &err), SEAM_EINPUT);
            CHECK(strstr(err.msg, "whole.json") && strstr(err.msg, "not a shard file"));
        }
    }
    /* A shard file is gzip (zcat shows its JSON); the JSON itself merges as well; a damaged
     * one, or one that inflates past the input limit, is an error naming it. */
    {
        char one[700], plain[700], cut[700], cmd[2200];
        snprintf(one, sizeof one, "%s/code-1-of-1.json", p.root);
        snprintf(plain, sizeof plain, "%s/plain-1-of-1.json", p.root);
        snprintf(cut, sizeof cut, "%s/cut-1-of-1.json", p.root);
        size_t zlen = 0;
        char *z = check_slurp(one, &zlen);
        CHECK(z && zlen > 2 && (unsigned char)z[0] == 0x1f && (unsigned char)z[1] == 0x8b);
        snprintf(cmd, sizeof cmd, "gzip -dc '%s' > '%s'", one, plain);
        CHECK_INT(system(cmd), 0);
        const char *plain1[1] = {plain};
        CHECK_INT(analyzer_facts_read(plain1, 1, 0, &f, &err), 0);
        char merged[700];
        snprintf(merged, sizeof merged, "%s/merged-plain.json", p.root);
        CHECK_INT(build_write(f, merged), 0);
        analyzer_facts_free(f);
        char *got = check_slurp(merged, NULL);
        CHECK(want && got && strcmp(want, got) == 0);
        free(got);
        tiny_project_write(&p, "cut-1-of-1.json", "");
        FILE *out = fopen(cut, "wb");
        CHECK(out && z && fwrite(z, 1, zlen / 2, out) == zlen / 2);
        if (out)
            fclose(out);
        const char *cut1[1] = {cut};
        CHECK_INT(analyzer_facts_read(cut1, 1, 0, &f, &err), SEAM_EINPUT);
        CHECK(strstr(err.msg, "cut-1-of-1.json") && strstr(err.msg, "damaged"));
        const char *one1[1] = {one};
        size_t plain_len = 0;
        free(check_slurp(plain, &plain_len));
        CHECK_INT(analyzer_facts_read(one1, 1, plain_len - 1, &f, &err), SEAM_EINPUT);
        CHECK(strstr(err.msg, "input size limit") != NULL);
        CHECK_INT(analyzer_facts_read(one1, 1, plain_len, &f, &err), 0);
        analyzer_facts_free(f);
        free(z);
    }
    /* Shards of different scans do not mix. */
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/code-1-of-3.json", p.root);
    snprintf(b, sizeof b, "%s/code-2-of-4.json", p.root);
    const char *mixed[2] = {a, b};
    CHECK_INT(analyzer_facts_read(mixed, 2, 0, &f, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "another shard count") != NULL);
    /* A bad --shard is a usage error. */
    o = options(&p, 5, 4, &st);
    CHECK_INT(analyzer_collect(&o, &f, &err), SEAM_EUSAGE);
    free(want);
    tiny_project_remove(&p);
    return check_finish();
}
