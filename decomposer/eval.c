/*
 * eval.c - MoJoFM of proposed services against a known-good decomposition.
 *
 * Both sides are seam_service lists. The objects compared are the files the
 * truth lists. Each side's clusters are its services, except that every
 * shared_library entry of a side together forms one cluster (how the
 * libraries are grouped is not what is being judged), and on the proposed
 * side files that no service lists form one extra cluster together.
 */
#include "decomposer.h"
#include "mojo.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

typedef struct labelled {
    const char *path;
    int label;
} labelled;

static int cmp_labelled(const void *x, const void *y)
{
    return strcmp(((const labelled *)x)->path, ((const labelled *)y)->path);
}

static int is_library(const seam_service *s)
{
    return s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY;
}

/* All files of a service list, labelled by cluster, sorted by path. */
static int label_files(const seam_service *sv, int n, const char *side, labelled **out, int *count,
                       seam_err *err)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += sv[i].nfiles;
    labelled *v = calloc((size_t)total + 1, sizeof *v);
    if (!v)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing services");
    int k = 0;
    for (int i = 0; i < n; i++) {
        for (int f = 0; f < sv[i].nfiles; f++) {
            if (!sv[i].files[f]) {
                free(v);
                return seam_err_set(err, SEAM_EINPUT, "decomposer: %s service '%s' has a NULL file",
                                    side, sv[i].name ? sv[i].name : "?");
            }
            v[k].path = sv[i].files[f];
            /* Libraries all share label n, one past the last service. */
            v[k].label = is_library(&sv[i]) ? n : i;
            k++;
        }
    }
    seam_sort(v, (size_t)k, sizeof *v, cmp_labelled);
    for (int i = 1; i < k; i++) {
        if (strcmp(v[i].path, v[i - 1].path) == 0 && v[i].label != v[i - 1].label) {
            int rc = seam_err_set(err, SEAM_EINPUT, "decomposer: %s services list '%s' twice", side,
                                  v[i].path);
            free(v);
            return rc;
        }
    }
    *out = v;
    *count = k;
    return SEAM_OK;
}

/* Both sides as label arrays over the truth's files (see decomposer.h). */
typedef struct sides {
    labelled *g, *t;
    int ng, nt;
    int *a, *b;        /* proposed and truth labels per compared file */
    const char **path; /* per compared file */
    int n;
} sides;

static void sides_free(sides *s)
{
    free(s->g);
    free(s->t);
    free(s->a);
    free(s->b);
    free(s->path);
}

static int sides_make(const seam_service *got, int ngot, const seam_service *truth, int ntruth,
                      sides *sd, seam_err *err)
{
    int rc;
    memset(sd, 0, sizeof *sd);
    if ((ngot && !got) || (ntruth && !truth) || ngot < 0 || ntruth < 0)
        return seam_err_set(err, SEAM_EUSAGE, "decomposer: bad arguments to eval_services");
    if ((rc = label_files(got, ngot, "proposed", &sd->g, &sd->ng, err)))
        return rc;
    if ((rc = label_files(truth, ntruth, "truth", &sd->t, &sd->nt, err)))
        return rc;
    sd->a = malloc(((size_t)sd->nt + 1) * sizeof *sd->a);
    sd->b = malloc(((size_t)sd->nt + 1) * sizeof *sd->b);
    sd->path = malloc(((size_t)sd->nt + 1) * sizeof *sd->path);
    if (!sd->a || !sd->b || !sd->path)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing services");
    for (int i = 0; i < sd->nt; i++) {
        if (i && strcmp(sd->t[i].path, sd->t[i - 1].path) == 0)
            continue; /* the same file listed twice in one truth service */
        labelled *hit = bsearch(&sd->t[i], sd->g, (size_t)sd->ng, sizeof *sd->g, cmp_labelled);
        sd->a[sd->n] = hit ? hit->label : ngot + 1; /* unplaced files: one more cluster */
        sd->b[sd->n] = sd->t[i].label;
        sd->path[sd->n] = sd->t[i].path;
        sd->n++;
    }
    if (sd->n == 0)
        return seam_err_set(err, SEAM_EINPUT, "decomposer: the truth lists no files");
    return SEAM_OK;
}

int decomposer_eval_services(const seam_service *got, int ngot, const seam_service *truth,
                             int ntruth, double *fm, long *mno, seam_err *err)
{
    sides sd;
    if (!fm)
        return seam_err_set(err, SEAM_EUSAGE, "decomposer: bad arguments to eval_services");
    int rc = sides_make(got, ngot, truth, ntruth, &sd, err);
    if (rc == SEAM_OK) {
        long d = mojo_distance(sd.a, sd.b, sd.n);
        double f = mojo_fm(sd.a, sd.b, sd.n);
        if (d < 0 || f < 0) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory computing MoJo");
        } else {
            *fm = f;
            if (mno)
                *mno = d;
        }
    }
    sides_free(&sd);
    return rc;
}

/* A cluster's name: a service's, "shared" for the libraries, "(not placed)" past them. */
static const char *cluster_name(const seam_service *sv, int n, int label)
{
    if (label >= 0 && label < n)
        return sv[label].name ? sv[label].name : "?";
    return label == n ? "shared" : "(not placed)";
}

void decomposer_eval_free(decomposer_eval *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nmoves; i++) {
        free(e->moves[i].file);
        free(e->moves[i].from);
        free(e->moves[i].to);
    }
    free(e->moves);
    for (int i = 0; i < e->njoins; i++) {
        free(e->joins[i].from);
        free(e->joins[i].into);
        free(e->joins[i].truth);
    }
    free(e->joins);
    memset(e, 0, sizeof *e);
}

/* Moves (files whose truth cluster is not their cluster's tag) and joins (clusters sharing a
 * tag: all but the first, in proposed-label order, join the first). */
static int plan_ops(const sides *sd, const int *tag, const int *blabel, int nb,
                    const seam_service *got, int ngot, const seam_service *truth, int ntruth,
                    decomposer_eval *e)
{
    int *bindex = malloc(((size_t)sd->n + 1) * sizeof *bindex);
    int cap = 0, jcap = 0;
    if (!bindex)
        return SEAM_ENOMEM;
    /* Each file's own truth cluster in tag numbering (B labels compressed in order). */
    for (int i = 0; i < sd->n; i++)
        bindex[i] = seam_sort_find_int(blabel, nb, sd->b[i]);
    int rc = SEAM_OK;
    for (int i = 0; i < sd->n && rc == SEAM_OK; i++) {
        if (bindex[i] == tag[i])
            continue;
        if (seam_array_reserve(&e->moves, &cap, e->nmoves + 1, sizeof *e->moves)) {
            rc = SEAM_ENOMEM;
            break;
        }
        decomposer_move *mv = &e->moves[e->nmoves++];
        mv->file = seam_strdup(sd->path[i]);
        mv->from = seam_strdup(cluster_name(got, ngot, sd->a[i]));
        mv->to = seam_strdup(cluster_name(truth, ntruth, sd->b[i]));
        if (!mv->file || !mv->from || !mv->to)
            rc = SEAM_ENOMEM;
    }
    /* Joins: the first proposed cluster (lowest label) of each tag stays; the others join it. */
    for (int i = 0; i < sd->n && rc == SEAM_OK; i++) {
        int first = -1, seen_before = 0;
        for (int k = 0; k < sd->n; k++) {
            if (tag[k] != tag[i])
                continue;
            if (first < 0 || sd->a[k] < sd->a[first])
                first = k;
            if (k < i && sd->a[k] == sd->a[i])
                seen_before = 1;
        }
        if (seen_before || sd->a[first] == sd->a[i])
            continue;
        if (seam_array_reserve(&e->joins, &jcap, e->njoins + 1, sizeof *e->joins)) {
            rc = SEAM_ENOMEM;
            break;
        }
        decomposer_join *j = &e->joins[e->njoins++];
        j->from = seam_strdup(cluster_name(got, ngot, sd->a[i]));
        j->into = seam_strdup(cluster_name(got, ngot, sd->a[first]));
        /* The truth cluster of the tag: any file of that truth cluster names it. */
        const char *tn = "?";
        for (int k = 0; k < sd->n; k++)
            if (bindex[k] == tag[i])
                tn = cluster_name(truth, ntruth, sd->b[k]);
        j->truth = seam_strdup(tn);
        if (!j->from || !j->into || !j->truth)
            rc = SEAM_ENOMEM;
    }
    free(bindex);
    return rc;
}

int decomposer_eval_run(const seam_service *got, int ngot, const seam_service *truth, int ntruth,
                        decomposer_eval *e, seam_err *err)
{
    sides sd;
    memset(e, 0, sizeof *e);
    int rc = sides_make(got, ngot, truth, ntruth, &sd, err);
    int *tag = NULL, *blabel = NULL;
    if (rc == SEAM_OK) {
        tag = malloc(((size_t)sd.n + 1) * sizeof *tag);
        blabel = malloc(((size_t)sd.n + 1) * sizeof *blabel);
        if (!tag || !blabel)
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing services");
    }
    if (rc == SEAM_OK) {
        e->files = sd.n;
        e->mojo = mojo_plan(sd.a, sd.b, sd.n, tag);
        e->mojofm = mojo_fm(sd.a, sd.b, sd.n);
        e->ari = mojo_ari(sd.a, sd.b, sd.n);
        if (e->mojo < 0 || e->mojofm < 0 || e->ari < -1.5)
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory computing MoJo");
    }
    if (rc == SEAM_OK) {
        /* Distinct B labels in increasing order: the numbering mojo_plan's tags use. */
        memcpy(blabel, sd.b, (size_t)sd.n * sizeof *blabel);
        int k = seam_sort_unique_int(blabel, sd.n);
        if (plan_ops(&sd, tag, blabel, k, got, ngot, truth, ntruth, e))
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory listing moves");
    }
    free(tag);
    free(blabel);
    sides_free(&sd);
    if (rc)
        decomposer_eval_free(e);
    return rc;
}
