/*
 * test_model_json_read.c - model.json back into a model. The round trip
 * write -> read -> write must give the same bytes for every field of every
 * record (the sample models hold a value for each field the description of
 * model_json_fields.c lists, which the test checks), and bad files must give
 * one-line errors naming the file (and the line, for invalid JSON).
 *
 * With arguments it checks files written by the seam command instead:
 *   test_model_json_read --model model.json | --schema schema.json
 * reads the file and writes it again, which must give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "model_json.h"
#include "model_json_internal.h"
#include "sample_model.h"

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_round_trip(const char *dir, int flags)
{
    char p1[512], p2[512], p3[512];
    snprintf(p1, sizeof p1, "%s/a.json", dir);
    snprintf(p2, sizeof p2, "%s/b.json", dir);
    snprintf(p3, sizeof p3, "%s/schema.json", dir);
    seam_model m, back;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sample_model_build(&m, flags), 0);
    CHECK_INT(seam_model_json_write(&m, p1, &err), 0);
    CHECK_INT(seam_model_json_read(p1, 0, &back, &err), 0);
    CHECK_INT(back.nfiles, m.nfiles);
    CHECK_INT(back.nfunctions, m.nfunctions);
    CHECK_INT(back.ncalls, m.ncalls);
    CHECK_INT(back.nsql_sites, m.nsql_sites);
    CHECK_INT(back.schema.ntables, m.schema.ntables);
    CHECK_INT(back.schema.nforeign_keys, m.schema.nforeign_keys);
    CHECK_INT(back.nservices, m.nservices);
    CHECK_INT(back.nplan, m.nplan);
    CHECK_INT(back.plan_version, m.plan_version);
    /* A plan step's every field comes back: its place, SQL, code sites and size. */
    for (int i = 0; i < m.nplan && i < back.nplan; i++) {
        const seam_plan_step *x = &m.plan[i], *y = &back.plan[i];
        CHECK_STR(y->id, x->id);
        CHECK_INT(y->stage, x->stage);
        CHECK_INT(y->ndepends_on, x->ndepends_on);
        CHECK_STR(y->sql ? y->sql : "(null)", x->sql ? x->sql : "(null)");
        CHECK_STR(y->sql_note ? y->sql_note : "(null)", x->sql_note ? x->sql_note : "(null)");
        CHECK_INT(y->ncode_sites, x->ncode_sites);
        for (int k = 0; k < x->ncode_sites && k < y->ncode_sites; k++) {
            CHECK_INT(y->code_sites[k].file, x->code_sites[k].file);
            CHECK_INT(y->code_sites[k].line, x->code_sites[k].line);
            CHECK_INT(y->code_sites[k].function, x->code_sites[k].function);
        }
        CHECK_INT(y->has_size, x->has_size);
        CHECK(y->effort_rows == x->effort_rows && y->effort_bytes == x->effort_bytes);
        CHECK_INT(y->effort_sites, x->effort_sites);
        CHECK_STR(y->risk, x->risk);
    }
    /* Indices were rebuilt from identifiers: the same function and file. */
    for (int i = 0; i < m.ncalls && i < back.ncalls; i++) {
        CHECK_INT(back.calls[i].caller, m.calls[i].caller);
        CHECK_INT(back.calls[i].callee, m.calls[i].callee);
    }
    for (int i = 0; i < m.nsql_sites && i < back.nsql_sites; i++) {
        CHECK_INT(back.sql_sites[i].function, m.sql_sites[i].function);
        CHECK_INT(back.sql_sites[i].ntables, m.sql_sites[i].ntables);
        /* Production figures come back, and their absence too. */
        CHECK_INT(back.sql_sites[i].stats_matched, m.sql_sites[i].stats_matched);
        /* where a helper's statement is sent, and that a site is its own sender */
        CHECK_INT(back.sql_sites[i].has_sent, m.sql_sites[i].has_sent);
        CHECK_INT(back.sql_sites[i].sent_file, m.sql_sites[i].sent_file);
        CHECK_INT(back.sql_sites[i].sent_line, m.sql_sites[i].sent_line);
        CHECK(back.sql_sites[i].calls == m.sql_sites[i].calls);
        CHECK(back.sql_sites[i].rows == m.sql_sites[i].rows);
        CHECK(back.sql_sites[i].time_ms == m.sql_sites[i].time_ms);
    }
    for (int i = 0; i < m.schema.ntables && i < back.schema.ntables; i++) {
        CHECK_INT(back.schema.tables[i].has_production, m.schema.tables[i].has_production);
        CHECK(back.schema.tables[i].calls == m.schema.tables[i].calls);
        CHECK(back.schema.tables[i].time_ms == m.schema.tables[i].time_ms);
    }
    for (int i = 0; i < m.schema.nquery_stats && i < back.schema.nquery_stats; i++) {
        CHECK(back.schema.query_stats[i].rows == m.schema.query_stats[i].rows);
        CHECK(back.schema.query_stats[i].time_ms == m.schema.query_stats[i].time_ms);
        CHECK_INT(back.schema.query_stats[i].sites, m.schema.query_stats[i].sites);
    }
    CHECK_INT(back.coverage.statements, m.coverage.statements);
    CHECK_INT(back.coverage.statements_matched, m.coverage.statements_matched);
    /* The system reads and the SQL coverage come back field by field. */
    CHECK_INT(back.nsystem_reads, m.nsystem_reads);
    for (int i = 0; i < m.nsystem_reads && i < back.nsystem_reads; i++) {
        CHECK_STR(back.system_reads[i].name, m.system_reads[i].name);
        CHECK_INT(back.system_reads[i].nsites, m.system_reads[i].nsites);
        for (int k = 0; k < m.system_reads[i].nsites && k < back.system_reads[i].nsites; k++)
            CHECK_INT(back.system_reads[i].sites[k], m.system_reads[i].sites[k]);
    }
    CHECK_INT(back.coverage.sql_sites, m.coverage.sql_sites);
    CHECK_INT(back.coverage.resolved, m.coverage.resolved);
    CHECK_INT(back.coverage.unresolved, m.coverage.unresolved);
    CHECK_INT(back.coverage.high, m.coverage.high);
    CHECK_INT(back.coverage.low, m.coverage.low);
    CHECK_INT(back.coverage.schema_tables, m.coverage.schema_tables);
    CHECK_INT(back.coverage.tables_reached, m.coverage.tables_reached);
    CHECK_INT(back.coverage.nunresolved_sites, 1);
    if (back.coverage.nunresolved_sites == 1)
        CHECK_INT(back.coverage.unresolved_sites[0], m.nsql_sites - 1);
    CHECK_INT(back.coverage.nunreached_tables, 1);
    if (back.coverage.nunreached_tables == 1)
        CHECK_STR(back.coverage.unreached_tables[0], m.coverage.unreached_tables[0]);

    CHECK_INT(seam_model_json_write(&back, p2, &err), 0);
    char *a = check_slurp(p1, NULL), *b = check_slurp(p2, NULL);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);

    /* The schema alone, through schema.json. */
    seam_schema s;
    CHECK_INT(seam_model_json_write_schema(&m.schema, p3, &err), 0);
    CHECK_INT(seam_model_json_read_schema(p3, 0, &s, &err), 0);
    CHECK_INT(s.ntables, m.schema.ntables);
    CHECK_INT(s.nforeign_keys, m.schema.nforeign_keys);
    CHECK_INT(s.dialect, m.schema.dialect);
    seam_schema_free(&s);
    /* ... and from inside a model.json. */
    CHECK_INT(seam_model_json_read_schema(p1, 0, &s, &err), 0);
    CHECK_INT(s.ntables, m.schema.ntables);
    seam_schema_free(&s);

    seam_model_free(&back);
    seam_model_free(&m);
    unlink(p1);
    unlink(p2);
    unlink(p3);
}

/* Expects seam_model_json_read(path) to fail with code and a message containing want. */
static void expect_error(const char *path, int code, const char *want)
{
    seam_model m;
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(seam_model_json_read(path, 0, &m, &err), code);
    CHECK(strstr(err.msg, path) != NULL);
    if (!strstr(err.msg, want))
        fprintf(stderr, "message: %s (want %s)\n", err.msg, want);
    CHECK(strstr(err.msg, want) != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(m.nfiles == 0 && m.files == NULL && m.nfunctions == 0);
}

static void test_errors(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/missing.json", dir);
    expect_error(p, SEAM_EIO, "No such file");

    snprintf(p, sizeof p, "%s/bad.json", dir);
    spit(p, "{\n  \"files\": [\n    {\"path\": \"a.c\",,}\n  ]\n}\n");
    expect_error(p, SEAM_EINPUT, "line 3");
    spit(p, "[1, 2]\n");
    expect_error(p, SEAM_EINPUT, "not a JSON object");
    spit(p, "{\"files\": {\"path\": \"a.c\"}}");
    expect_error(p, SEAM_EINPUT, "\"files\"");
    spit(p, "{\"files\": [{\"path\": \"a.c\", \"lines\": \"ten\"}]}");
    expect_error(p, SEAM_EINPUT, "\"lines\"");
    /* a number no int holds is an error, not a conversion C leaves undefined */
    spit(p, "{\"files\": [{\"path\": \"a.c\", \"lines\": 4e64}]}");
    expect_error(p, SEAM_EINPUT, "number out of range at \"lines\"");
    spit(p, "{\"files\": [{\"path\": \"a.c\", \"lines\": -3e9}]}");
    expect_error(p, SEAM_EINPUT, "number out of range at \"lines\"");
    spit(p, "{\"files\": [{\"path\": \"a.c\"}], \"functions\": [{\"id\": \"c:@F@f\", \"name\": "
            "\"f\", \"file\": \"b.c\"}]}");
    expect_error(p, SEAM_EINPUT, "unknown file");
    spit(p, "{\"files\": [{\"path\": \"a.c\"}], \"functions\": [{\"id\": \"c:@F@f\", \"name\": "
            "\"f\", \"file\": \"a.c\"}], \"calls\": [{\"caller\": \"c:@F@f\", \"callee\": "
            "\"c:@F@g\", \"count\": 1}]}");
    expect_error(p, SEAM_EINPUT, "unknown function id");
    spit(p, "{\"files\": [{\"path\": \"b.c\"}, {\"path\": \"a.c\"}]}");
    expect_error(p, SEAM_EINPUT, "not sorted");

    /* A hand-written truth file: services only, kind left out. */
    spit(p, "{\"services\": [{\"name\": \"orders\", \"files\": [\"src/o.c\"], \"tables\": "
            "[\"orders\"]}]}");
    seam_model m;
    seam_err err;
    CHECK_INT(seam_model_json_read(p, 0, &m, &err), 0);
    CHECK_INT(m.nservices, 1);
    CHECK_INT(m.services[0].kind, SEAM_SERVICE_KIND_SERVICE);
    CHECK_STR(m.services[0].files[0], "src/o.c");
    seam_model_free(&m);

    /* A kind that is neither is an error, not a service by accident. */
    spit(p, "{\"services\": [{\"name\": \"orders\", \"kind\": \"shared-library\", \"files\": "
            "[\"src/o.c\"]}]}");
    expect_error(p, SEAM_EINPUT, "a service kind other than \"service\" or \"shared_library\"");
    spit(p, "{\"services\": [{\"name\": \"libs\", \"kind\": \"shared_library\", \"files\": "
            "[\"src/l.c\"]}]}");
    CHECK_INT(seam_model_json_read(p, 0, &m, &err), 0);
    CHECK_INT(m.nservices == 1 ? (int)m.services[0].kind : -1, SEAM_SERVICE_KIND_SHARED_LIBRARY);
    seam_model_free(&m);

    /* The dialect likewise: one of two names, or null for no database. */
    spit(p, "{\"schema\": {\"dialect\": \"oracle\"}}");
    expect_error(p, SEAM_EINPUT, "a dialect other than \"sqlite\" or \"postgresql\"");
    spit(p, "{\"schema\": {\"dialect\": \"postgresql\"}}");
    CHECK_INT(seam_model_json_read(p, 0, &m, &err), 0);
    CHECK_INT(m.schema.dialect, SEAM_DIALECT_POSTGRESQL);
    seam_model_free(&m);
    spit(p, "{\"schema\": {\"dialect\": null}}");
    CHECK_INT(seam_model_json_read(p, 0, &m, &err), 0);
    CHECK_INT(m.schema.dialect, SEAM_DIALECT_NONE);
    seam_model_free(&m);
    unlink(p);
}

/* Per field of every record description: whether some written object held a value for it
 * other than null, 0, false, "" or an empty array ("tagged" fields: both keys seen). */
typedef struct seen {
    const seam_json_record *rec;
    unsigned char hit[32];
} seen;

static seen seen_all[64];
static int nseen;

static seen *seen_of(const seam_json_record *rec)
{
    for (int i = 0; i < nseen; i++)
        if (seen_all[i].rec == rec)
            return &seen_all[i];
    CHECK(nseen < 64 && rec->nfields <= 32);
    seen_all[nseen].rec = rec;
    return &seen_all[nseen++];
}

static int has_value(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return 0;
    if (cJSON_IsArray(v))
        return cJSON_GetArraySize(v) > 0;
    if (cJSON_IsString(v))
        return v->valuestring[0] != '\0';
    if (cJSON_IsRaw(v))
        return strcmp(v->valuestring, "0") != 0 && strcmp(v->valuestring, "0.0000") != 0;
    if (cJSON_IsNumber(v))
        return v->valuedouble != 0;
    return 1;
}

/* Marks the fields of rec that obj holds a value for, and walks nested records. */
static void mark(const seam_json_record *rec, const cJSON *obj)
{
    seen *sn = seen_of(rec);
    for (int i = 0; i < rec->nfields; i++) {
        const seam_json_field *f = &rec->fields[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->key);
        if (f->kind == SEAM_JSON_TAGGED) {
            sn->hit[i] |= (has_value(v) ? 1 : 0) |
                          (has_value(cJSON_GetObjectItemCaseSensitive(obj, f->text)) ? 2 : 0);
            continue;
        }
        if (has_value(v))
            sn->hit[i] = 3;
        const cJSON *e;
        if (f->kind == SEAM_JSON_OBJECT && cJSON_IsObject(v))
            mark(f->record, v);
        else if (f->kind == SEAM_JSON_ARRAY && cJSON_IsArray(v))
            cJSON_ArrayForEach(e, v) mark(f->record, e);
    }
}

static int covered(const seam_json_record *rec)
{
    seen *sn = seen_of(rec);
    int ok = 1;
    for (int i = 0; i < rec->nfields; i++) {
        const seam_json_field *f = &rec->fields[i];
        if (sn->hit[i] != 3) {
            fprintf(stderr, "no sample holds a value for %s.%s\n", rec->name, f->key);
            ok = 0;
        }
        if ((f->kind == SEAM_JSON_OBJECT || f->kind == SEAM_JSON_ARRAY) && !covered(f->record))
            ok = 0;
    }
    return ok;
}

/* The sample models, written, hold a value for every field of every record: so the byte
 * comparison of test_round_trip covers each field's way back. */
static void test_fields_covered(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/cover.json", dir);
    int flags[] = {SAMPLE_PLAIN, SAMPLE_HOSTILE | SAMPLE_FULL};
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
        seam_model m;
        seam_model_init(&m);
        seam_err err;
        CHECK_INT(sample_model_build(&m, flags[k]), 0);
        CHECK_INT(seam_model_json_write(&m, p, &err), 0);
        char *text = check_slurp(p, NULL);
        cJSON *root = text ? cJSON_Parse(text) : NULL;
        CHECK(root != NULL);
        if (root)
            mark(&seam_model_json_fields_model, root);
        cJSON_Delete(root);
        free(text);
        seam_model_free(&m);
    }
    CHECK(covered(&seam_model_json_fields_model));
    unlink(p);
}

/* Reads a file the seam command wrote and writes it again: the bytes must not change. */
static int check_file(const char *flag, const char *path)
{
    char out[] = "/tmp/seam-json-again-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return 1;
    close(fd);
    seam_err err;
    seam_err_clear(&err);
    if (strcmp(flag, "--schema") == 0) {
        seam_schema s;
        CHECK_INT(seam_model_json_read_schema(path, 0, &s, &err), 0);
        CHECK_INT(seam_model_json_write_schema(&s, out, &err), 0);
        seam_schema_free(&s);
    } else {
        seam_model m;
        CHECK_INT(seam_model_json_read(path, 0, &m, &err), 0);
        CHECK_INT(seam_model_json_write(&m, out, &err), 0);
        seam_model_free(&m);
    }
    if (err.msg[0])
        fprintf(stderr, "%s\n", err.msg);
    char *a = check_slurp(path, NULL), *b = check_slurp(out, NULL);
    CHECK(a && b && a[0] && strcmp(a, b) == 0);
    free(a);
    free(b);
    unlink(out);
    return check_finish();
}

int main(int argc, char **argv)
{
    if (argc == 3)
        return check_file(argv[1], argv[2]);
    char dir[] = "/tmp/seam-read-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_round_trip(dir, SAMPLE_PLAIN);
    test_round_trip(dir, SAMPLE_HOSTILE);
    test_round_trip(dir, SAMPLE_HOSTILE | SAMPLE_FULL);
    test_fields_covered(dir);
    test_errors(dir);
    rmdir(dir);
    return check_finish();
}
