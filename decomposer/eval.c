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
    return s->kind && strcmp(s->kind, "shared_library") == 0;
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
    qsort(v, (size_t)k, sizeof *v, cmp_labelled);
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

int decomposer_eval_services(const seam_service *got, int ngot, const seam_service *truth,
                             int ntruth, double *fm, long *mno, seam_err *err)
{
    labelled *g = NULL, *t = NULL;
    int ng = 0, nt = 0, rc;
    if (!fm || (ngot && !got) || (ntruth && !truth) || ngot < 0 || ntruth < 0)
        return seam_err_set(err, SEAM_EUSAGE, "decomposer: bad arguments to eval_services");
    if ((rc = label_files(got, ngot, "proposed", &g, &ng, err)))
        return rc;
    if ((rc = label_files(truth, ntruth, "truth", &t, &nt, err))) {
        free(g);
        return rc;
    }
    int *a = malloc(((size_t)nt + 1) * sizeof *a), *b = malloc(((size_t)nt + 1) * sizeof *b);
    int n = 0;
    if (!a || !b) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing services");
        goto done;
    }
    for (int i = 0; i < nt; i++) {
        if (i && strcmp(t[i].path, t[i - 1].path) == 0)
            continue; /* the same file listed twice in one truth service */
        labelled *hit = bsearch(&t[i], g, (size_t)ng, sizeof *g, cmp_labelled);
        a[n] = hit ? hit->label : ngot + 1; /* unplaced files: one more cluster */
        b[n] = t[i].label;
        n++;
    }
    if (n == 0) {
        rc = seam_err_set(err, SEAM_EINPUT, "decomposer: the truth lists no files");
        goto done;
    }
    long d = mojo_distance(a, b, n);
    double f = mojo_fm(a, b, n);
    if (d < 0 || f < 0) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory computing MoJo");
        goto done;
    }
    *fm = f;
    if (mno)
        *mno = d;
done:
    free(a);
    free(b);
    free(g);
    free(t);
    return rc;
}
