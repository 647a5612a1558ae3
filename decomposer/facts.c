/*
 * facts.c - from the model's files, calls and SQL sites to per-module facts.
 *
 * A module is a .c file together with the .h of the same name in the same
 * directory (src/orders.c + src/orders.h), or, when none is beside it, with the
 * one header of its file name it includes from elsewhere (tree.c +
 * include/libxml/tree.h; pair_distant_headers); any other file is a module of
 * its own. Tables are the schema's tables plus any table named by a foreign key
 * or a SQL site that the schema lacks (a SQL-only table is still data some
 * code owns). A view is not data anyone owns: SQL naming a schema view counts
 * as touching the view's base tables, with the site's access bits. Calls and table accesses are
 * aggregated per module so that the graph, the shared-library rule and the ownership rule all read
 * the same counts. graph.c frees what this file fills (dc_graph_free).
 */
#include "decomposer_internal.h"
#include "sort.h"
#include "sat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef struct stem_file {
    char *stem;   /* the grouping key */
    int pairable; /* a .c or .h file (module unit: only those pair up) */
    int file;
} stem_file;

static int cmp_stem_file(const void *x, const void *y)
{
    const stem_file *a = x, *b = y;
    int c = strcmp(a->stem, b->stem);
    return c ? c : (a->file > b->file) - (a->file < b->file);
}

/* The grouping key of a path for the unit: stem, path, or directory ("." at the top). */
static char *unit_key(const char *p, decomposer_unit unit)
{
    if (unit == DECOMPOSER_UNIT_FILE)
        return seam_strdup(p);
    if (unit == DECOMPOSER_UNIT_DIR) {
        const char *slash = strrchr(p, '/');
        return slash ? strndup(p, (size_t)(slash - p)) : seam_strdup(".");
    }
    size_t n = strlen(p);
    if (ends_with(p, ".c") || ends_with(p, ".h"))
        n -= 2;
    return strndup(p, n);
}

/* The file name of a path without directory and extension ("include/x/tree.h" -> "tree"):
 * start into *b, length into *n. */
static void file_base(const char *p, const char **b, size_t *n)
{
    const char *slash = strrchr(p, '/');
    *b = slash ? slash + 1 : p;
    *n = strlen(*b);
    if (ends_with(*b, ".c") || ends_with(*b, ".h"))
        *n -= 2;
}

/* 1 when the model holds p (a .c or .h path) with its extension swapped for ext (the file
 * beside it: src/x.c for src/x.h), 0 when not, SEAM_ENOMEM. */
static int has_sibling(const seam_model *m, const char *p, const char *ext)
{
    char *path = seam_printf("%.*s%s", (int)(strlen(p) - 2), p, ext);
    if (!path)
        return SEAM_ENOMEM;
    int found = seam_model_find_file(m, path) >= 0;
    free(path);
    return found;
}

/*
 * Module unit: headers that live apart from their .c (include/libxml/tree.h for tree.c).
 * A .c without a header beside it pairs with the header of its own file name that it
 * includes, when that header has no .c beside it either: the project header the .c names
 * as its own interface.
 * Each side is paired at most once; anything ambiguous (two such headers included, or one
 * header claimed by two .c files, as win32/x.c and unix/x.c both including include/x.h)
 * stays apart. partner[h] receives the .c file index of header h, else -1.
 */
static int pair_distant_headers(const seam_model *m, int *partner)
{
    /* claims[f]: how many candidate pairs name file f (a .c or a header). */
    int *claims = calloc((size_t)m->nfiles + 1, sizeof *claims);
    if (!claims)
        return SEAM_ENOMEM;
    for (int i = 0; i < m->nfiles; i++)
        partner[i] = -1;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < m->nincludes; i++) {
            int c = m->includes[i].from, h = m->includes[i].to;
            if (c < 0 || c >= m->nfiles || h < 0 || h >= m->nfiles || c == h ||
                (i > 0 && m->includes[i - 1].from == c && m->includes[i - 1].to == h))
                continue;
            const char *cp = m->files[c].path, *hp = m->files[h].path;
            if (!ends_with(cp, ".c") || !ends_with(hp, ".h"))
                continue;
            const char *cb, *hb;
            size_t cn, hn;
            file_base(cp, &cb, &cn);
            file_base(hp, &hb, &hn);
            /* Same file name, another directory, neither side paired beside itself. */
            if (cn != hn || strncmp(cb, hb, cn) != 0 ||
                (cb - cp == hb - hp && strncmp(cp, hp, (size_t)(cb - cp)) == 0))
                continue;
            int beside_c = has_sibling(m, cp, ".h"), beside_h = has_sibling(m, hp, ".c");
            if (beside_c < 0 || beside_h < 0) {
                free(claims);
                return SEAM_ENOMEM;
            }
            if (beside_c || beside_h)
                continue;
            if (pass == 0) {
                claims[c]++;
                claims[h]++;
            } else if (claims[c] == 1 && claims[h] == 1) {
                partner[h] = c;
            }
        }
    }
    free(claims);
    return SEAM_OK;
}

static int collect_modules(dc_graph *g, seam_err *err)
{
    const seam_model *m = g->model;
    decomposer_unit unit = g->opts->unit;
    stem_file *sf = calloc((size_t)m->nfiles + 1, sizeof *sf);
    g->modules = calloc((size_t)m->nfiles + 1, sizeof *g->modules);
    g->file_module = calloc((size_t)m->nfiles + 1, sizeof *g->file_module);
    if (!sf || !g->modules || !g->file_module) {
        free(sf);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory grouping files");
    }
    for (int i = 0; i < m->nfiles; i++) {
        if (!m->files[i].path) {
            free(sf);
            return seam_err_set(err, SEAM_EINPUT, "decomposer: file %d has no path", i);
        }
    }
    int *partner = calloc((size_t)m->nfiles + 1, sizeof *partner);
    if (!partner || (unit == DECOMPOSER_UNIT_MODULE && pair_distant_headers(m, partner))) {
        free(partner);
        free(sf);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory grouping files");
    }
    for (int i = 0; i < m->nfiles; i++) {
        /* A header paired from afar takes its .c's key, so the sort below joins them. */
        int key_file = unit == DECOMPOSER_UNIT_MODULE && partner[i] >= 0 ? partner[i] : i;
        const char *p = m->files[i].path;
        sf[i].stem = unit_key(m->files[key_file].path, unit);
        sf[i].pairable = unit != DECOMPOSER_UNIT_MODULE || ends_with(p, ".c") || ends_with(p, ".h");
        sf[i].file = i;
        if (!sf[i].stem) {
            for (int k = 0; k < i; k++)
                free(sf[k].stem);
            free(partner);
            free(sf);
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory grouping files");
        }
    }
    /* Sorting (key, file) puts a module's files side by side, modules in key order. */
    free(partner);
    seam_sort(sf, (size_t)m->nfiles, sizeof *sf, cmp_stem_file);
    int rc = SEAM_OK, last_pairable = 0;
    for (int i = 0; i < m->nfiles; i++) {
        dc_module *last = g->nmodules ? &g->modules[g->nmodules - 1] : NULL;
        /* Module unit: only a .c/.h pair shares a module; "a" and "a.c" do not. */
        if (last && sf[i].pairable && last_pairable && strcmp(last->stem, sf[i].stem) == 0) {
            last->file[last->nfile++] = sf[i].file;
            free(sf[i].stem);
        } else {
            /* Files of one key are contiguous: count them for this module's array. */
            int n = 1;
            while (i + n < m->nfiles && strcmp(sf[i + n].stem, sf[i].stem) == 0)
                n++;
            dc_module *mod = &g->modules[g->nmodules++];
            mod->stem = sf[i].stem;
            mod->file = calloc((size_t)n, sizeof *mod->file);
            if (!mod->file) {
                for (int k = i + 1; k < m->nfiles; k++)
                    free(sf[k].stem);
                rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory grouping files");
                break;
            }
            mod->file[0] = sf[i].file;
            mod->nfile = 1;
            last_pairable = sf[i].pairable;
        }
        g->file_module[sf[i].file] = g->nmodules - 1;
    }
    free(sf);
    return rc;
}

int dc_facts_find_table(const dc_graph *g, const char *name)
{
    if (!name || !*name)
        return -1;
    char *const *hit = g->ntables > 0 ? bsearch(&name, g->tables, (size_t)g->ntables,
                                                sizeof *g->tables, seam_cmp_str)
                                      : NULL;
    if (hit)
        return (int)(hit - g->tables);
    /* SQL text may spell a schema table in another case. */
    for (int i = 0; i < g->ntables; i++)
        if (strcasecmp(g->tables[i], name) == 0)
            return i;
    return -1;
}

/* bsearch comparator: a stem (the key) against a module. */
static int cmp_stem_module(const void *key, const void *elem)
{
    return strcmp(key, ((const dc_module *)elem)->stem);
}

int dc_facts_find_module(const dc_graph *g, const char *stem)
{
    const dc_module *hit = g->nmodules > 0 ? bsearch(stem, g->modules, (size_t)g->nmodules,
                                                     sizeof *g->modules, cmp_stem_module)
                                           : NULL;
    return hit ? (int)(hit - g->modules) : -1;
}

const char *dc_facts_module_label(const dc_graph *g, int m)
{
    const dc_module *mod = &g->modules[m];
    if (g->opts && g->opts->unit == DECOMPOSER_UNIT_DIR)
        return mod->stem;
    for (int i = 0; i < mod->nfile; i++)
        if (ends_with(g->model->files[mod->file[i]].path, ".c"))
            return g->model->files[mod->file[i]].path;
    return g->model->files[mod->file[0]].path;
}

/* Adds name unless a table of that name (any case) is known. */
static int add_table(dc_graph *g, int *cap, const char *name)
{
    if (!name || !*name)
        return SEAM_OK;
    for (int i = 0; i < g->ntables; i++)
        if (strcasecmp(g->tables[i], name) == 0)
            return SEAM_OK;
    if (seam_array_reserve(&g->tables, cap, g->ntables + 1, sizeof *g->tables))
        return SEAM_ENOMEM;
    if (!(g->tables[g->ntables] = seam_strdup(name)))
        return SEAM_ENOMEM;
    g->ntables++;
    return SEAM_OK;
}

/* The schema view of this name (any case) that is not also a table, or NULL. */
static const seam_view *find_view(const seam_schema *s, const char *name)
{
    if (!name || seam_schema_find_table(s, name) >= 0)
        return NULL;
    for (int i = 0; i < s->nviews; i++)
        if (s->views[i].name && strcasecmp(s->views[i].name, name) == 0)
            return &s->views[i];
    return NULL;
}

static int collect_tables(dc_graph *g, seam_err *err)
{
    const seam_model *m = g->model;
    int cap = 0;
    /* Schema tables first so that their spelling wins over a SQL spelling. */
    for (int i = 0; i < m->schema.ntables; i++)
        if (add_table(g, &cap, m->schema.tables[i].name))
            goto oom;
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        if (add_table(g, &cap, m->schema.foreign_keys[i].from_table) ||
            add_table(g, &cap, m->schema.foreign_keys[i].to_table))
            goto oom;
    }
    for (int i = 0; i < m->nsql_sites; i++) {
        for (int t = 0; t < m->sql_sites[i].ntables; t++) {
            const char *name = m->sql_sites[i].tables[t].table;
            const seam_view *v = find_view(&m->schema, name);
            for (int k = 0; v && k < v->ntables; k++)
                if (add_table(g, &cap, v->tables[k]))
                    goto oom;
            if (!v && add_table(g, &cap, name))
                goto oom;
        }
    }
    if (g->ntables > 1)
        seam_sort(g->tables, (size_t)g->ntables, sizeof *g->tables, seam_cmp_str);
    return SEAM_OK;
oom:
    return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory listing tables");
}

static int cmp_call_pair(const void *x, const void *y)
{
    const dc_call_pair *a = x, *b = y;
    if (a->from != b->from)
        return (a->from > b->from) - (a->from < b->from);
    return (a->to > b->to) - (a->to < b->to);
}

static int module_of_function(const dc_graph *g, int fn)
{
    return g->file_module[g->model->functions[fn].file];
}

static int collect_calls(dc_graph *g, seam_err *err)
{
    const seam_model *m = g->model;
    g->calls = calloc((size_t)m->ncalls + 1, sizeof *g->calls);
    if (!g->calls)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory aggregating calls");
    int n = 0;
    for (int i = 0; i < m->ncalls; i++) {
        const seam_call *c = &m->calls[i];
        int from = module_of_function(g, c->caller), to = module_of_function(g, c->callee);
        /* Calls inside a module say nothing about where to cut. */
        if (from == to || c->count <= 0)
            continue;
        g->calls[n].from = from;
        g->calls[n].to = to;
        g->calls[n].count = c->count;
        n++;
    }
    if (n > 1)
        seam_sort(g->calls, (size_t)n, sizeof *g->calls, cmp_call_pair);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && g->calls[k - 1].from == g->calls[i].from && g->calls[k - 1].to == g->calls[i].to)
            g->calls[k - 1].count += g->calls[i].count;
        else
            g->calls[k++] = g->calls[i];
    }
    g->ncalls = k;
    return SEAM_OK;
}

/* Calls and function references between modules: who uses whom, for the shared rules. */
static int collect_links(dc_graph *g, seam_err *err)
{
    const seam_model *m = g->model;
    g->links = calloc((size_t)g->ncalls + (size_t)m->nfunc_refs + 1, sizeof *g->links);
    if (!g->links)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory aggregating calls");
    int n = 0;
    for (int i = 0; i < g->ncalls; i++)
        g->links[n++] = g->calls[i];
    for (int i = 0; i < m->nfunc_refs; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        int from = g->file_module[r->file], to = module_of_function(g, r->target);
        if (from == to)
            continue;
        g->links[n].from = from;
        g->links[n].to = to;
        g->links[n++].count = r->count > 0 ? r->count : 1;
    }
    seam_sort(g->links, (size_t)n, sizeof *g->links, cmp_call_pair);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && g->links[k - 1].from == g->links[i].from && g->links[k - 1].to == g->links[i].to)
            g->links[k - 1].count += g->links[i].count;
        else
            g->links[k++] = g->links[i];
    }
    g->nlinks = k;
    return SEAM_OK;
}

static int cmp_access(const void *x, const void *y)
{
    const dc_access *a = x, *b = y;
    if (a->module != b->module)
        return (a->module > b->module) - (a->module < b->module);
    return (a->table > b->table) - (a->table < b->table);
}

static int add_access(dc_graph *g, int *n, int *cap, int module, const char *name, int access,
                      long long calls)
{
    int table = dc_facts_find_table(g, name);
    if (table < 0)
        return SEAM_OK; /* an empty name: nothing to own */
    if (seam_array_reserve(&g->access, cap, *n + 1, sizeof *g->access))
        return SEAM_ENOMEM;
    dc_access *a = &g->access[(*n)++];
    a->module = module;
    a->table = table;
    a->calls = calls;
    /* A site that writes counts as a write even when it also reads. */
    if (access & SEAM_WRITE)
        a->writes = 1;
    else
        a->reads = 1;
    return SEAM_OK;
}

static int collect_access(dc_graph *g, seam_err *err)
{
    const seam_model *m = g->model;
    int n = 0, cap = 0;
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        int module = g->file_module[s->file];
        for (int t = 0; t < s->ntables; t++) {
            const seam_view *v = find_view(&m->schema, s->tables[t].table);
            int rc = SEAM_OK;
            for (int k = 0; v && k < v->ntables && rc == SEAM_OK; k++)
                rc = add_access(g, &n, &cap, module, v->tables[k], s->tables[t].access, s->calls);
            if (!v && rc == SEAM_OK)
                rc = add_access(g, &n, &cap, module, s->tables[t].table, s->tables[t].access,
                                s->calls);
            if (rc)
                return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory counting SQL");
        }
    }
    if (n > 1)
        seam_sort(g->access, (size_t)n, sizeof *g->access, cmp_access);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && g->access[k - 1].module == g->access[i].module &&
            g->access[k - 1].table == g->access[i].table) {
            g->access[k - 1].writes += g->access[i].writes;
            g->access[k - 1].reads += g->access[i].reads;
            g->access[k - 1].calls = seam_sat_add(g->access[k - 1].calls, g->access[i].calls);
        } else {
            g->access[k++] = g->access[i];
        }
    }
    g->naccess = k;
    return SEAM_OK;
}

/* Every cross reference is checked once here so that later code may trust it. */
static int validate(const seam_model *m, seam_err *err)
{
    for (int i = 0; i < m->nfunctions; i++)
        if (m->functions[i].file < 0 || m->functions[i].file >= m->nfiles)
            return seam_err_set(
                err, SEAM_EINPUT, "decomposer: function %d ('%s') names file %d of %d", i,
                m->functions[i].name ? m->functions[i].name : "?", m->functions[i].file, m->nfiles);
    for (int i = 0; i < m->ncalls; i++) {
        const seam_call *c = &m->calls[i];
        if (c->caller < 0 || c->caller >= m->nfunctions || c->callee < 0 ||
            c->callee >= m->nfunctions)
            return seam_err_set(err, SEAM_EINPUT,
                                "decomposer: call %d links functions %d -> %d of %d", i, c->caller,
                                c->callee, m->nfunctions);
    }
    for (int i = 0; i < m->nfunc_refs; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        if (r->file < 0 || r->file >= m->nfiles || r->target < 0 || r->target >= m->nfunctions ||
            r->function < -1 || r->function >= m->nfunctions)
            return seam_err_set(err, SEAM_EINPUT,
                                "decomposer: function reference %d has an index out of range", i);
    }
    for (int i = 0; i < m->nglobals; i++)
        if (m->globals[i].file < 0 || m->globals[i].file >= m->nfiles)
            return seam_err_set(err, SEAM_EINPUT, "decomposer: global %d names file %d of %d", i,
                                m->globals[i].file, m->nfiles);
    for (int i = 0; i < m->nglobal_uses; i++)
        if (m->global_uses[i].function < 0 || m->global_uses[i].function >= m->nfunctions ||
            m->global_uses[i].global < 0 || m->global_uses[i].global >= m->nglobals)
            return seam_err_set(err, SEAM_EINPUT,
                                "decomposer: global use %d has an index out of range", i);
    for (int i = 0; i < m->ntypes; i++)
        if (m->types[i].file < 0 || m->types[i].file >= m->nfiles)
            return seam_err_set(err, SEAM_EINPUT, "decomposer: type %d names file %d of %d", i,
                                m->types[i].file, m->nfiles);
    for (int i = 0; i < m->ntype_uses; i++)
        if (m->type_uses[i].function < 0 || m->type_uses[i].function >= m->nfunctions ||
            m->type_uses[i].type < 0 || m->type_uses[i].type >= m->ntypes)
            return seam_err_set(err, SEAM_EINPUT,
                                "decomposer: type use %d has an index out of range", i);
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        if (s->file < 0 || s->file >= m->nfiles)
            return seam_err_set(err, SEAM_EINPUT, "decomposer: SQL site %d names file %d of %d", i,
                                s->file, m->nfiles);
        if (s->ntables > 0 && !s->tables)
            return seam_err_set(err, SEAM_EINPUT, "decomposer: SQL site %d has no table list", i);
    }
    return SEAM_OK;
}

int dc_facts_collect(dc_graph *g, const seam_model *model, const decomposer_options *opts,
                     seam_err *err)
{
    int rc;
    memset(g, 0, sizeof *g);
    g->model = model;
    g->opts = opts;
    if ((rc = validate(model, err)) || (rc = collect_modules(g, err)) ||
        (rc = collect_tables(g, err)) || (rc = collect_calls(g, err)) ||
        (rc = collect_links(g, err)) || (rc = collect_access(g, err)) ||
        (rc = dc_joins_collect(g, err)))
        return rc;
    g->shared = calloc((size_t)g->nmodules + 1, sizeof *g->shared);
    g->shared_reason = calloc((size_t)g->nmodules + 1, sizeof *g->shared_reason);
    if (!g->shared || !g->shared_reason)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    return SEAM_OK;
}
