/*
 * report_modmatrix.c - the module-level dependency matrix: calls between
 * modules (the decomposer's units of clustering), with modules ordered by
 * service (extraction order, shared libraries last) and by name within one,
 * so that each service is a block on the diagonal and every mark outside
 * the blocks is a call that crosses services. Written into the embedded
 * data as rows of gaps, for report.js to draw on a canvas: at 2,000 modules
 * a table of cells would be four million of them.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct modmatrix_pair {
    int row, col; /* display positions */
    int calls;
} modmatrix_pair;

static int pair_cmp(const void *pa, const void *pb)
{
    const modmatrix_pair *a = pa, *b = pb;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* A module with what orders it: its service's rank in extraction order, its name. */
typedef struct modmatrix_key {
    int rank;
    const char *name;
    int module;
} modmatrix_key;

static int key_cmp(const void *pa, const void *pb)
{
    const modmatrix_key *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static int service_rank(const seam_model *m, const report_graph *g, const char *name)
{
    for (int i = 0; name && i < g->ns; i++)
        if (m->services[g->order[i]].name && strcmp(m->services[g->order[i]].name, name) == 0)
            return i;
    return g->ns;
}

/* Appends ,"mo":[module in display order...],"mm":[[row, gap, calls, gap, calls...]...]. */
int report_modmatrix_json(const seam_model *m, const report_graph *g, report_buf *b)
{
    int nm = m->nmodules, rc = SEAM_OK;
    modmatrix_key *order = malloc((size_t)(nm + 1) * sizeof *order);
    int *position = malloc((size_t)(nm + 1) * sizeof *position);
    int *file_module = malloc((size_t)(m->nfiles + 1) * sizeof *file_module);
    modmatrix_pair *pairs = malloc((size_t)(m->ncalls + 1) * sizeof *pairs);
    if (!order || !position || !file_module || !pairs) {
        rc = SEAM_ENOMEM;
        goto done;
    }
    for (int f = 0; f < m->nfiles; f++)
        file_module[f] = -1;
    for (int i = 0; i < nm; i++) {
        order[i] =
            (modmatrix_key){service_rank(m, g, m->modules[i].service), m->modules[i].name, i};
        for (int k = 0; k < m->modules[i].nfiles; k++) {
            int f = seam_model_find_file(m, m->modules[i].files[k]);
            if (f >= 0)
                file_module[f] = i;
        }
    }
    qsort(order, (size_t)nm, sizeof *order, key_cmp);
    for (int p = 0; p < nm; p++)
        position[order[p].module] = p;
    int n = 0;
    for (int i = 0; i < m->ncalls; i++) {
        const seam_call *c = &m->calls[i];
        if (c->caller < 0 || c->caller >= m->nfunctions || c->callee < 0 ||
            c->callee >= m->nfunctions)
            continue;
        int fa = m->functions[c->caller].file, fb = m->functions[c->callee].file;
        int ma = fa >= 0 && fa < m->nfiles ? file_module[fa] : -1;
        int mb = fb >= 0 && fb < m->nfiles ? file_module[fb] : -1;
        if (ma < 0 || mb < 0 || ma == mb)
            continue;
        pairs[n++] = (modmatrix_pair){position[ma], position[mb], c->count};
    }
    qsort(pairs, (size_t)n, sizeof *pairs, pair_cmp);
    report_buf_puts(b, ",\n\"mo\":[");
    for (int p = 0; p < nm; p++)
        report_buf_printf(b, "%s%d", p ? "," : "", order[p].module);
    report_buf_puts(b, "],\n\"mm\":[");
    /* A row per module with calls out: its position, then for each column the
     * gap from the previous one and the calls, summed over function pairs. */
    for (int i = 0, rows = 0; i < n;) {
        int row = pairs[i].row, last = 0;
        report_buf_printf(b, "%s[%d", rows++ ? "," : "", row);
        while (i < n && pairs[i].row == row) {
            int col = pairs[i].col, calls = 0;
            for (; i < n && pairs[i].row == row && pairs[i].col == col; i++)
                calls += pairs[i].calls;
            report_buf_printf(b, ",%d,%d", col - last, calls);
            last = col;
        }
        report_buf_puts(b, "]");
    }
    report_buf_puts(b, "]");
done:
    free(order);
    free(position);
    free(file_module);
    free(pairs);
    return rc;
}
