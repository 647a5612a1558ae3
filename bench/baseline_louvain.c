/*
 * baseline-louvain - the "call graph only, Louvain" baseline of docs/quality.md.
 *
 *   baseline-louvain CODE.json [--unit module|file|dir] -o SERVICES.json
 *
 * Reads the code facts (a code.json or model.json), groups files into units
 * as seam does (a .c with its same-named .h; each file; each directory),
 * weighs each pair of units by the call expressions between them, and
 * clusters with igraph's Louvain (igraph_community_multilevel, the classic
 * modularity optimiser, resolution 1, igraph's default random generator
 * seeded with 1). Nothing else: no tables, no shared-library rules, no names,
 * no history. Writes {"services": [...]} in the shape seam eval reads, one
 * service per community, units without calls each alone.
 */
#include <cjson/cJSON.h>
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "report.h"
#include "sort.h"

static char *unit_key(const char *path, const char *unit)
{
    if (strcmp(unit, "file") == 0)
        return seam_strdup(path);
    if (strcmp(unit, "dir") == 0) {
        const char *slash = strrchr(path, '/');
        return slash ? strndup(path, (size_t)(slash - path)) : seam_strdup(".");
    }
    size_t n = strlen(path);
    if (n > 2 && (strcmp(path + n - 2, ".c") == 0 || strcmp(path + n - 2, ".h") == 0))
        n -= 2;
    return strndup(path, n);
}

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *unit = "module";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--unit") == 0 && i + 1 < argc)
            unit = argv[++i];
        else if (!in)
            in = argv[i];
        else
            in = NULL, i = argc;
    }
    if (!in || !out) {
        fprintf(stderr, "usage: baseline-louvain CODE.json [--unit module|file|dir] -o OUT.json\n");
        return 2;
    }
    seam_model m;
    seam_err err;
    if (seam_model_json_read(in, 0, &m, &err)) {
        fprintf(stderr, "baseline-louvain: %s\n", err.msg);
        return 1;
    }
    /* Units: sorted distinct keys; file_unit maps each file to its unit. */
    char **keys = calloc((size_t)m.nfiles + 1, sizeof *keys);
    int *file_unit = calloc((size_t)m.nfiles + 1, sizeof *file_unit);
    int nunits = 0;
    for (int i = 0; i < m.nfiles; i++)
        keys[i] = unit_key(m.files[i].path, unit);
    char **sorted = calloc((size_t)m.nfiles + 1, sizeof *sorted);
    memcpy(sorted, keys, (size_t)m.nfiles * sizeof *sorted);
    qsort(sorted, (size_t)m.nfiles, sizeof *sorted, seam_cmp_str);
    for (int i = 0; i < m.nfiles; i++)
        if (nunits == 0 || strcmp(sorted[nunits - 1], sorted[i]) != 0)
            sorted[nunits++] = sorted[i];
    for (int i = 0; i < m.nfiles; i++) {
        char **hit = bsearch(&keys[i], sorted, (size_t)nunits, sizeof *sorted, seam_cmp_str);
        file_unit[i] = (int)(hit - sorted);
    }
    igraph_vector_int_t ends, memb;
    igraph_vector_t weights;
    igraph_vector_int_init(&ends, 0);
    igraph_vector_init(&weights, 0);
    for (int i = 0; i < m.ncalls; i++) {
        int a = file_unit[m.functions[m.calls[i].caller].file];
        int b = file_unit[m.functions[m.calls[i].callee].file];
        if (a == b)
            continue;
        igraph_vector_int_push_back(&ends, a);
        igraph_vector_int_push_back(&ends, b);
        igraph_vector_push_back(&weights, m.calls[i].count > 0 ? m.calls[i].count : 1);
    }
    igraph_t g;
    igraph_create(&g, &ends, nunits, IGRAPH_UNDIRECTED);
    igraph_vector_int_init(&memb, 0);
    igraph_rng_seed(igraph_rng_default(), 1);
    igraph_community_multilevel(&g, &weights, 1.0, &memb, NULL, NULL);
    /* Units with no calls have no edges: each is a community of its own already. */
    cJSON *root = cJSON_CreateObject(), *svcs = cJSON_AddArrayToObject(root, "services");
    int ncomm = 0;
    for (int u = 0; u < nunits; u++)
        if (VECTOR(memb)[u] + 1 > ncomm)
            ncomm = (int)VECTOR(memb)[u] + 1;
    for (int c = 0; c < ncomm; c++) {
        cJSON *s = cJSON_CreateObject(), *files = NULL;
        char name[32];
        snprintf(name, sizeof name, "c%d", c);
        cJSON_AddStringToObject(s, "name", name);
        cJSON_AddStringToObject(s, "kind", "service");
        files = cJSON_AddArrayToObject(s, "files");
        for (int i = 0; i < m.nfiles; i++)
            if (VECTOR(memb)[file_unit[i]] == c)
                cJSON_AddItemToArray(files, cJSON_CreateString(m.files[i].path));
        if (cJSON_GetArraySize(files) > 0)
            cJSON_AddItemToArray(svcs, s);
        else
            cJSON_Delete(s);
    }
    char *text = cJSON_Print(root);
    FILE *f = fopen(out, "w");
    int rc = 0;
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) {
        fprintf(stderr, "baseline-louvain: cannot write %s\n", out);
        rc = 1;
    }
    if (f && fclose(f) != 0)
        rc = 1;
    printf("baseline-louvain: %d units, %d communities -> %s\n", nunits, ncomm, out);
    cJSON_free(text);
    cJSON_Delete(root);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ends);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&weights);
    for (int i = 0; i < m.nfiles; i++)
        free(keys[i]);
    free(keys);
    free(sorted);
    free(file_unit);
    seam_model_free(&m);
    return rc;
}
