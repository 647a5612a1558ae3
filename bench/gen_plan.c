/*
 * gen_plan.c - draws the architecture of the synthetic monolith.
 *
 * Domains get a word for a name ("billing") that prefixes their modules
 * ("billing_invoice_rules"), functions ("billing_invoice_rules_load") and
 * tables ("billing_invoices"). Each domain has a DB wrapper module
 * (billing_db: billing_exec/billing_query over the shared db_vexec/db_vquery)
 * and a CLI module (billing_cli: a dispatch table of its modules' commands),
 * plus plain modules that work on one or two of its tables and call a few
 * "neighbour" modules of the same domain.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The utility modules and main.c: the planted shared library. */
#define GEN_SHARED_FILES 7

static const char *const domain_words[] = {
    "accounts", "billing",  "catalog",   "inventory", "orders",     "payments", "shipping",
    "pricing",  "reviews",  "search",    "loyalty",   "support",    "returns",  "suppliers",
    "stores",   "campaign", "analytics", "fraud",     "taxes",      "alerts",   "content",
    "booking",  "payroll",  "fleet",     "claims",    "policy",     "ledger",   "audit",
    "identity", "media",    "tickets",   "survey",    "forum",      "wallet",   "quotes",
    "leasing",  "rentals",  "recipes",   "training",  "compliance",
};
#define NDOMAIN_WORDS (int)(sizeof domain_words / sizeof domain_words[0])

static const char *const module_nouns[] = {
    "invoice", "entry",    "account", "item",    "record",  "event",  "batch", "rule",   "rate",
    "plan",    "quota",    "limit",   "summary", "export",  "intake", "feed",  "index",  "queue",
    "job",     "task",     "note",    "tag",     "group",   "member", "role",  "token",  "session",
    "profile", "address",  "contact", "channel", "message", "layout", "asset", "upload", "image",
    "price",   "discount", "coupon",  "bundle",  "region",  "zone",   "route", "slot",   "window",
    "period",  "calendar", "review",  "score",   "rank",    "notice", "case",  "ticket", "credit",
    "refund",  "fee",      "label",   "status",  "history", "stock",
};
#define NMODULE_NOUNS (int)(sizeof module_nouns / sizeof module_nouns[0])

static const char *const module_quals[] = {
    "", "store", "rules", "view", "batch", "api", "audit", "cache", "sync", "format", "check",
};
#define NMODULE_QUALS (int)(sizeof module_quals / sizeof module_quals[0])

/* Disjoint from the nouns and qualifiers, and never fill, cmd or rec. */
static const char *const verbs[] = {
    "load",    "save",   "update",   "remove",    "count",   "find",    "refresh",  "settle",
    "apply",   "merge",  "close",    "open",      "archive", "purge",   "rebuild",  "import",
    "publish", "notify", "schedule", "reconcile", "total",   "rescore", "lock",     "unlock",
    "expire",  "renew",  "approve",  "reject",    "assign",  "release", "estimate", "compare",
};
#define NVERBS (int)(sizeof verbs / sizeof verbs[0])

/* singular (for foreign key columns), plural (table names) */
static const char *const table_nouns[][2] = {
    {"invoice", "invoices"},  {"entry", "entries"},    {"account", "accounts"},
    {"item", "items"},        {"event", "events"},     {"batch", "batches"},
    {"rule", "rules"},        {"rate", "rates"},       {"plan", "plans"},
    {"record", "records"},    {"member", "members"},   {"session", "sessions"},
    {"address", "addresses"}, {"message", "messages"}, {"asset", "assets"},
    {"price", "prices"},      {"region", "regions"},   {"route", "routes"},
    {"slot", "slots"},        {"period", "periods"},   {"review", "reviews"},
    {"score", "scores"},      {"alert", "alerts"},     {"claim", "claims"},
    {"ticket", "tickets"},    {"credit", "credits"},   {"fee", "fees"},
    {"note", "notes"},        {"tag", "tags"},         {"job", "jobs"},
    {"quota", "quotas"},      {"contact", "contacts"},
};
#define NTABLE_NOUNS (int)(sizeof table_nouns / sizeof table_nouns[0])

/* Technical layers: the directories of the default layout cut across domains. */
static const char *const layers[] = {"core",  "data",    "api", "jobs",
                                     "rules", "reports", "io",  "admin"};
#define NLAYERS (int)(sizeof layers / sizeof layers[0])

/* rng streams: one per concern, so that changing one draw leaves the others alone */
enum { STREAM_DOMAINS = 1, STREAM_TABLES, STREAM_MODULES };

/*
 * Module names without a domain prefix (GEN_NAMES_PLAIN) come from one pool
 * for the whole plan, so that "invoice_rules" may be in one domain and
 * "invoice_view" in another: a name's words say nothing of its domain.
 */
typedef struct name_pool {
    int *cand; /* noun * NMODULE_QUALS + qual, shuffled once per round */
    int next;  /* names drawn so far */
} name_pool;

const char *gen_module_tail(const gen_plan *plan, const gen_module *m)
{
    const char *pre = plan->domains[m->domain].ident;
    size_t n = strlen(pre);
    if (strncmp(m->name, pre, n) == 0 && m->name[n] == '_')
        return m->name + n + 1;
    return m->name;
}

int gen_plan_add_file(gen_plan *plan, const char *path, int owner, int module, int in_git)
{
    if (plan->nfiles == plan->files_cap) {
        int cap = plan->files_cap ? plan->files_cap * 2 : 256;
        gen_file *f = realloc(plan->files, (size_t)cap * sizeof *f);
        if (!f)
            return SEAM_ENOMEM;
        plan->files = f;
        plan->files_cap = cap;
    }
    gen_file *f = &plan->files[plan->nfiles];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    if (!f->path)
        return SEAM_ENOMEM;
    f->owner = owner;
    f->module = module;
    f->in_git = in_git;
    return plan->nfiles++;
}

static char *domain_name(int i)
{
    /* Beyond the word list: billing2, catalog2, ... (still a word-like prefix). */
    if (i < NDOMAIN_WORDS)
        return strdup(domain_words[i]);
    return gen_strf("%s%d", domain_words[i % NDOMAIN_WORDS], i / NDOMAIN_WORDS + 1);
}

/*
 * Splits `total` plain modules over the domains in proportion to their
 * weights (largest remainder, ties to the lower index: deterministic), after
 * one each.
 */
static void split_modules(gen_plan *p, int total, int *counts)
{
    double wsum = 0;
    for (int d = 0; d < p->ndomains; d++)
        wsum += p->domains[d].weight;
    int rest = total - p->ndomains, given = 0;
    /* ndomains >= 1 (checked by gen_plan_build). */
    double *frac = calloc((size_t)(p->ndomains > 0 ? p->ndomains : 1), sizeof *frac);
    for (int d = 0; d < p->ndomains; d++) {
        double share = rest * p->domains[d].weight / wsum;
        counts[d] = 1 + (int)share;
        given += (int)share;
        if (frac)
            frac[d] = share - (int)share;
    }
    while (given < rest) {
        int best = 0;
        for (int d = 1; d < p->ndomains; d++)
            if (frac && frac[d] > frac[best])
                best = d;
        counts[best]++;
        if (frac)
            frac[best] = -1;
        given++;
    }
    free(frac);
}

static int plan_tables(gen_plan *p, gen_rng *rng, const int *nplain)
{
    int cap = 0;
    for (int d = 0; d < p->ndomains; d++)
        cap += 2 + nplain[d] / 10 + 2 + 1;
    p->tables = calloc((size_t)cap, sizeof *p->tables);
    if (!p->tables)
        return SEAM_ENOMEM;
    int order[NTABLE_NOUNS];
    int used[NTABLE_NOUNS] = {0}; /* GEN_NAMES_PLAIN: tables of each noun so far, all domains */
    int plain = p->opts->names == GEN_NAMES_PLAIN;
    for (int d = 0; d < p->ndomains; d++) {
        gen_domain *dom = &p->domains[d];
        /* At most two per plain module, so that every table has a module working on it; at most
         * 64, a big domain's share of a big schema. */
        int nt = 2 + nplain[d] / 10 + gen_rng_range(rng, 0, 2);
        if (nt > 64)
            nt = 64;
        if (nt > 2 * nplain[d])
            nt = 2 * nplain[d];
        dom->tables = calloc((size_t)nt, sizeof *dom->tables);
        if (!dom->tables)
            return SEAM_ENOMEM;
        for (int k = 0; k < NTABLE_NOUNS; k++)
            order[k] = k;
        gen_rng_shuffle(rng, order, NTABLE_NOUNS);
        for (int k = 0; k < nt; k++) {
            int ti = p->ntables++;
            gen_table *t = &p->tables[ti];
            const char *const *noun = table_nouns[order[k % NTABLE_NOUNS]];
            int round = k / NTABLE_NOUNS;
            if (plain) {
                /* invoices, then invoices2 in the next domain that has invoices: no domain word. */
                int u = used[order[k % NTABLE_NOUNS]]++;
                t->name = u ? gen_strf("%s%d", noun[1], u + 1) : strdup(noun[1]);
                t->fk_col = u ? gen_strf("%s%d_id", noun[0], u + 1) : gen_strf("%s_id", noun[0]);
            } else if (round == 0) {
                t->name = gen_strf("%s_%s", dom->name, noun[1]);
                t->fk_col = gen_strf("%s_id", noun[0]);
            } else {
                t->name = gen_strf("%s_%s%d", dom->name, noun[1], round + 1);
                t->fk_col = gen_strf("%s%d_id", noun[0], round + 1);
            }
            if (!t->name || !t->fk_col)
                return SEAM_ENOMEM;
            t->domain = d;
            t->xparent = -1;
            /* Most tables hang off an earlier one of their domain: FKs within domains. */
            t->parent = k > 0 && gen_rng_unit(rng) < 0.7 ? dom->tables[gen_rng_below(rng, k)] : -1;
            dom->tables[dom->ntables++] = ti;
        }
    }
    /* A few foreign keys across domains: a third of the domains point at another one. */
    for (int d = 0; d < p->ndomains && p->ndomains > 1; d++) {
        if (gen_rng_unit(rng) >= 0.3)
            continue;
        gen_domain *dom = &p->domains[d];
        gen_table *t = &p->tables[dom->tables[gen_rng_below(rng, dom->ntables)]];
        int od = (d + 1 + gen_rng_below(rng, p->ndomains - 1)) % p->ndomains;
        gen_domain *other = &p->domains[od];
        t->xparent = other->tables[gen_rng_below(rng, other->ntables)];
        t->xparent_col =
            gen_strf("%s_%s", plain ? "ext" : other->name, p->tables[t->xparent].fk_col);
        if (!t->xparent_col)
            return SEAM_ENOMEM;
    }
    return 0;
}

static char *module_dir(const gen_options *o, const gen_domain *dom, int kind, gen_rng *rng)
{
    switch (o->layout) {
    case GEN_LAYOUT_DOMAIN:
        return gen_strf("src/%s", dom->name);
    case GEN_LAYOUT_FLAT:
        return strdup("src");
    default:
        if (kind == GEN_MOD_DB)
            return strdup("src/data");
        if (kind == GEN_MOD_CLI)
            return strdup("src/api");
        return gen_strf("src/%s", layers[gen_rng_below(rng, NLAYERS)]);
    }
}

static int plan_functions(gen_module *m, gen_rng *rng)
{
    int order[NVERBS];
    for (int k = 0; k < NVERBS; k++)
        order[k] = k;
    gen_rng_shuffle(rng, order, NVERBS);
    int n = gen_rng_range(rng, 4, 6);
    m->funcs = calloc((size_t)n, sizeof *m->funcs);
    if (!m->funcs)
        return SEAM_ENOMEM;
    for (int k = 0; k < n; k++) {
        m->funcs[k].name = gen_strf("%s_%s", m->name, verbs[order[k]]);
        if (!m->funcs[k].name)
            return SEAM_ENOMEM;
        m->funcs[k].shape = gen_rng_unit(rng) < 0.6 ? GEN_SHAPE_ID : GEN_SHAPE_KEY;
        m->nfuncs++;
    }
    return 0;
}

/* The plain modules of one domain: names, directories, tables, functions, neighbours. */
static int plan_domain_modules(gen_plan *p, int d, int nplain, gen_rng *rng, name_pool *pool)
{
    gen_domain *dom = &p->domains[d];
    dom->modules = calloc((size_t)nplain + 2, sizeof *dom->modules);
    if (!dom->modules)
        return SEAM_ENOMEM;
    for (int kind = GEN_MOD_DB; kind <= GEN_MOD_CLI; kind++) {
        int mi = p->nmodules++;
        gen_module *m = &p->modules[mi];
        dom->modules[dom->nmodules++] = mi;
        m->name = gen_strf("%s_%s", dom->ident, kind == GEN_MOD_DB ? "db" : "cli");
        m->dir = module_dir(p->opts, dom, kind, rng);
        if (!m->name || !m->dir)
            return SEAM_ENOMEM;
        m->domain = d;
        m->kind = kind;
    }
    /* Names: noun, noun_qual, then noun_qual2, ... when a huge domain runs out. */
    int ncand = NMODULE_NOUNS * NMODULE_QUALS;
    int *cand = malloc((size_t)ncand * sizeof *cand);
    if (!cand)
        return SEAM_ENOMEM;
    int first = p->nmodules;
    for (int k = 0; k < nplain; k++) {
        if (k % ncand == 0) {
            for (int c = 0; c < ncand; c++)
                cand[c] = c;
            gen_rng_shuffle(rng, cand, ncand);
        }
        int c = cand[k % ncand], round = k / ncand;
        if (pool) {
            if (pool->next % ncand == 0)
                gen_rng_shuffle(rng, pool->cand, ncand);
            c = pool->cand[pool->next % ncand];
            round = pool->next++ / ncand;
        }
        const char *noun = module_nouns[c / NMODULE_QUALS], *qual = module_quals[c % NMODULE_QUALS];
        int mi = p->nmodules++;
        gen_module *m = &p->modules[mi];
        dom->modules[dom->nmodules++] = mi;
        char suffix[16] = "";
        if (round > 0)
            snprintf(suffix, sizeof suffix, "%d", round + 1);
        if (pool)
            m->name = gen_strf("%s%s%s%s", noun, *qual ? "_" : "", qual, suffix);
        else
            m->name = gen_strf("%s_%s%s%s%s", dom->name, noun, *qual ? "_" : "", qual, suffix);
        m->dir = module_dir(p->opts, dom, GEN_MOD_PLAIN, rng);
        if (!m->name || !m->dir) {
            free(cand);
            return SEAM_ENOMEM;
        }
        m->domain = d;
        m->kind = GEN_MOD_PLAIN;
        /* Round robin first, so that every table of the domain is some module's focus. */
        int nt = dom->ntables;
        m->tables[m->ntables++] = dom->tables[k % nt];
        int second = k + nplain < nt           ? dom->tables[k + nplain]
                     : gen_rng_unit(rng) < 0.4 ? dom->tables[gen_rng_below(rng, nt)]
                                               : -1;
        if (second >= 0 && second != m->tables[0])
            m->tables[m->ntables++] = second;
        if (plan_functions(m, rng)) {
            free(cand);
            return SEAM_ENOMEM;
        }
    }
    free(cand);
    /*
     * Neighbours: the next module of the domain (a ring, so that the domain's
     * call graph is connected) and up to three more drawn at random.
     */
    for (int k = 0; k < nplain; k++) {
        gen_module *m = &p->modules[first + k];
        int want = nplain > 1 ? (nplain - 1 < 4 ? nplain - 1 : gen_rng_range(rng, 2, 4)) : 0;
        m->nbrs = calloc((size_t)want + 1, sizeof *m->nbrs);
        if (!m->nbrs)
            return SEAM_ENOMEM;
        for (int tries = 0; m->nnbrs < want && tries < 4 * want + 4; tries++) {
            int j = tries == 0 ? (k + 1) % nplain : gen_rng_below(rng, nplain);
            int dup = j == k;
            for (int q = 0; q < m->nnbrs && !dup; q++)
                dup = m->nbrs[q] == first + j;
            if (!dup)
                m->nbrs[m->nnbrs++] = first + j;
        }
    }
    return 0;
}

int gen_plan_build(const gen_options *opts, gen_plan *plan, seam_err *err)
{
    memset(plan, 0, sizeof *plan);
    plan->opts = opts;
    if (opts->domains < 1)
        return seam_err_set(err, SEAM_EUSAGE, "-d: need at least one domain");
    if (opts->files < GEN_SHARED_FILES + 3 * opts->domains)
        return seam_err_set(err, SEAM_EUSAGE,
                            "-n %d is too few files for %d domains: need at least %d (%d shared, "
                            "3 per domain)",
                            opts->files, opts->domains, GEN_SHARED_FILES + 3 * opts->domains,
                            GEN_SHARED_FILES);
    gen_rng rng;
    plan->ndomains = opts->domains;
    plan->domains = calloc((size_t)plan->ndomains, sizeof *plan->domains);
    int *nplain = calloc((size_t)plan->ndomains, sizeof *nplain);
    if (!plan->domains || !nplain) {
        free(nplain);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory");
    }
    /* Domains of uneven sizes (weights 0.5 to 1.5), as real ones are. */
    gen_rng_seed(&rng, opts->seed, STREAM_DOMAINS);
    int rc = 0;
    for (int d = 0; d < plan->ndomains && !rc; d++) {
        plan->domains[d].name = domain_name(d);
        plan->domains[d].weight = 0.5 + gen_rng_unit(&rng);
        plan->domains[d].ident =
            opts->names == GEN_NAMES_PLAIN ? gen_strf("d%d", d + 1) : strdup(plan->domains[d].name);
        if (!plan->domains[d].name || !plan->domains[d].ident)
            rc = SEAM_ENOMEM;
    }
    int plain_total = opts->files - GEN_SHARED_FILES - 2 * opts->domains;
    if (!rc) {
        split_modules(plan, plain_total, nplain);
        gen_rng_seed(&rng, opts->seed, STREAM_TABLES);
        rc = plan_tables(plan, &rng, nplain);
    }
    if (!rc) {
        plan->modules = calloc((size_t)(opts->files - GEN_SHARED_FILES), sizeof *plan->modules);
        if (!plan->modules)
            rc = SEAM_ENOMEM;
    }
    gen_rng_seed(&rng, opts->seed, STREAM_MODULES);
    name_pool pool = {NULL, 0};
    if (!rc && opts->names == GEN_NAMES_PLAIN) {
        pool.cand = malloc((size_t)NMODULE_NOUNS * NMODULE_QUALS * sizeof *pool.cand);
        if (!pool.cand)
            rc = SEAM_ENOMEM;
        for (int c = 0; c < NMODULE_NOUNS * NMODULE_QUALS && pool.cand; c++)
            pool.cand[c] = c;
    }
    for (int d = 0; d < plan->ndomains && !rc; d++)
        rc = plan_domain_modules(plan, d, nplain[d], &rng, pool.cand ? &pool : NULL);
    free(pool.cand);
    free(nplain);
    if (rc)
        return seam_err_set(err, rc, "out of memory while planning the monolith");
    return 0;
}

void gen_plan_free(gen_plan *plan)
{
    for (int d = 0; d < plan->ndomains; d++) {
        free(plan->domains[d].name);
        free(plan->domains[d].ident);
        free(plan->domains[d].modules);
        free(plan->domains[d].tables);
    }
    free(plan->domains);
    for (int i = 0; i < plan->nmodules; i++) {
        gen_module *m = &plan->modules[i];
        free(m->name);
        free(m->dir);
        free(m->nbrs);
        for (int k = 0; k < m->nfuncs; k++)
            free(m->funcs[k].name);
        free(m->funcs);
    }
    free(plan->modules);
    for (int i = 0; i < plan->ntables; i++) {
        free(plan->tables[i].name);
        free(plan->tables[i].fk_col);
        free(plan->tables[i].xparent_col);
    }
    free(plan->tables);
    for (int i = 0; i < plan->nfiles; i++) {
        free(plan->files[i].path);
        free(plan->files[i].cuts);
        gen_buf_free(&plan->files[i].text);
    }
    free(plan->files);
    memset(plan, 0, sizeof *plan);
}
