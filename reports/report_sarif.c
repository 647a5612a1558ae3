/*
 * report_sarif.c - seam check's violations as SARIF 2.1.0, the format
 * code-review tools read: one rule per kind of violation, one result per
 * violation at its file and line, its stable key as a partial fingerprint
 * and its baseline state ("new" or "unchanged", as the baseline says).
 */
#include "report.h"

#include "file.h"
#include "version.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *kind, *text;
} RULES[] = {
    {"call", "A call into another service's function outside its interface"},
    {"reference", "A reference to another service's function outside its interface"},
    {"library_call", "A shared library calling into a service"},
    {"sql_read", "SQL reading another service's table"},
    {"sql_write", "SQL writing another service's table"},
    {"foreign_key", "A foreign key between two services' tables"},
    {"view", "A view over two services' tables"},
    {"trigger", "A trigger on one service's table touching another's"},
    {"shared_write", "A table two services write"},
};
#define NRULES ((int)(sizeof RULES / sizeof RULES[0]))

static int rule_of(const char *kind)
{
    for (int i = 0; i < NRULES; i++)
        if (strcmp(RULES[i].kind, kind) == 0)
            return i;
    return -1;
}

int report_write_sarif(const seam_model *m, const check_result *r, const char *path, seam_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    cJSON_AddStringToObject(root, "version", "2.1.0");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run);
    cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddStringToObject(driver, "name", "seam");
    cJSON_AddStringToObject(driver, "semanticVersion", SEAM_VERSION);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    for (int i = 0; i < NRULES; i++) {
        cJSON *rule = cJSON_CreateObject();
        cJSON_AddItemToArray(rules, rule);
        char *id = seam_printf("seam/%s", RULES[i].kind);
        cJSON_AddStringToObject(rule, "id", id ? id : "seam");
        free(id);
        cJSON_AddStringToObject(rule, "name", RULES[i].kind);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(rule, "shortDescription"), "text",
                                RULES[i].text);
    }
    cJSON *results = cJSON_AddArrayToObject(run, "results");
    for (int i = 0; i < r->n; i++) {
        const check_violation *v = &r->v[i];
        int rule = rule_of(v->kind);
        cJSON *res = cJSON_CreateObject();
        cJSON_AddItemToArray(results, res);
        char *id = seam_printf("seam/%s", v->kind);
        cJSON_AddStringToObject(res, "ruleId", id ? id : "seam");
        free(id);
        if (rule >= 0)
            cJSON_AddNumberToObject(res, "ruleIndex", rule);
        cJSON_AddStringToObject(res, "level", v->is_new ? "error" : "note");
        char *text = seam_printf("%s -> %s: %s%s%s", v->from, v->to, v->function ? v->function : "",
                                 v->function ? " -> " : "", v->object);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", text ? text : "");
        free(text);
        /* a schema object has no place in the code: no location */
        if (v->file >= 0 && v->file < m->nfiles) {
            cJSON *loc = cJSON_CreateObject();
            cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
            cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            cJSON_AddStringToObject(cJSON_AddObjectToObject(phys, "artifactLocation"), "uri",
                                    m->files[v->file].path);
            if (v->line > 0)
                cJSON_AddNumberToObject(cJSON_AddObjectToObject(phys, "region"), "startLine",
                                        v->line);
        }
        cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "partialFingerprints"), "seamKey/v1",
                                v->key);
        cJSON_AddStringToObject(res, "baselineState", v->is_new ? "new" : "unchanged");
    }
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    if (!out)
        return seam_err_set(err, SEAM_ENOMEM, "check: out of memory writing SARIF");
    size_t n = strlen(out);
    out[n] = '\n';
    int rc = seam_file_write(path, out, n + 1, err);
    free(out);
    return rc;
}
