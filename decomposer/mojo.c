/*
 * mojo.c - MoJo distance (Wen & Tzerpos 2003) and MoJoFM (2004).
 *
 * mno(A, B) is the least number of Move (one object to another cluster,
 * possibly a new one) and Join (two clusters into one) operations turning
 * partition A into partition B. The optimal algorithm:
 *
 *   - v(i, j) = objects of A's cluster A_i that B puts in B_j. Each A_i is
 *     "tagged" with every B_j of maximal v(i, j); its objects outside the
 *     chosen tag must move: moves M = n - sum_i max_j v(i, j), whichever
 *     maximal tag is chosen.
 *   - A_i with the same tag form a group, joined into one cluster: l - g
 *     joins, l = clusters of A, g = non-empty groups. Ties let g vary, and
 *     the largest g is a maximum matching in the bipartite graph linking
 *     each A_i to its maximal B_j (an A_i left unmatched can always join a
 *     matched group, else the matching could grow).
 *   - mno(A, B) = M + l - g.
 *
 * MoJoFM(A, B) = (1 - mno(A, B) / max_A' mno(A', B)) * 100, where the
 * maximum over all partitions A' of the same objects is n - g_max(B):
 * with B's cluster sizes in ascending order, g_max counts up by one for
 * every size larger than the count so far (the most groups any A' can keep
 * while moving no object more than needed). This is the formula of the
 * reference MoJo implementation by the authors.
 *
 * The matching is igraph's (igraph_maximum_bipartite_matching).
 */
#include "mojo.h"
#include "sort.h"

#include <igraph.h>
#include <stdlib.h>

/* Renumbers labels to 0..k-1 in order of value into out; returns k, or -1. */
static int compress(const int *labels, int n, int *out)
{
    int *sorted = malloc(((size_t)n + 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    for (int i = 0; i < n; i++)
        sorted[i] = labels[i];
    int k = seam_sort_unique_int(sorted, n);
    for (int i = 0; i < n; i++)
        out[i] = seam_sort_find_int(sorted, k, labels[i]);
    free(sorted);
    return k;
}

/* Size of a maximum matching between A clusters (0..l-1) and B clusters
 * (l..l+m-1) over the tag edges in ends (2 * nedges). -1 on failure. When
 * mate is not NULL, mate[i] is the B cluster (0..m-1) matched to A cluster i,
 * or -1. */
static long max_matching(int l, int m, const int *ends, int nedges, int *mate)
{
    igraph_error_handler_t *old_error = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warning =
        igraph_set_warning_handler(igraph_warning_handler_ignore);
    long result = -1;
    igraph_t graph;
    igraph_vector_int_t e, matching;
    igraph_vector_bool_t types;
    igraph_integer_t size = 0;
    if (igraph_vector_int_init(&e, 2 * (igraph_integer_t)nedges))
        goto out;
    for (int i = 0; i < 2 * nedges; i++)
        VECTOR(e)[i] = ends[i];
    igraph_error_t rc = igraph_create(&graph, &e, l + m, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&e);
    if (rc)
        goto out;
    if (igraph_vector_bool_init(&types, l + m)) {
        igraph_destroy(&graph);
        goto out;
    }
    for (int i = l; i < l + m; i++)
        VECTOR(types)[i] = 1;
    if (igraph_vector_int_init(&matching, 0) == IGRAPH_SUCCESS) {
        if (igraph_maximum_bipartite_matching(&graph, &types, &size, NULL, &matching, NULL, 0) ==
            IGRAPH_SUCCESS) {
            result = (long)size;
            for (int i = 0; mate && i < l; i++)
                mate[i] = VECTOR(matching)[i] >= l ? (int)VECTOR(matching)[i] - l : -1;
        }
        igraph_vector_int_destroy(&matching);
    }
    igraph_vector_bool_destroy(&types);
    igraph_destroy(&graph);
out:
    igraph_set_error_handler(old_error);
    igraph_set_warning_handler(old_warning);
    return result;
}

/*
 * The optimal plan: tag[i] for each object is the B cluster (compressed, in
 * order of label value) its A cluster is tagged with, so that the object
 * moves iff its own B cluster differs, and A clusters with one tag join.
 * Returns mno, or -1. tag may be NULL.
 */
static long mojo_solve(const int *a, const int *b, int n, int *tag)
{
    if (n < 0 || (n > 0 && (!a || !b)))
        return -1;
    if (n == 0)
        return 0;
    long result = -1;
    int *ca = malloc((size_t)n * sizeof *ca), *cb = malloc((size_t)n * sizeof *cb);
    seam_int_pair *v = malloc((size_t)n * sizeof *v);
    int *ends = malloc(2 * (size_t)n * sizeof *ends);
    int *mate = malloc((size_t)n * sizeof *mate), *first_tag = malloc((size_t)n * sizeof *mate);
    int l, m;
    if (!ca || !cb || !v || !ends || !mate || !first_tag || (l = compress(a, n, ca)) < 0 ||
        (m = compress(b, n, cb)) < 0)
        goto out;
    for (int i = 0; i < n; i++) {
        v[i].a = ca[i];
        v[i].b = cb[i];
    }
    /* Sorted (A cluster, B cluster) pairs: runs are the overlaps v(i, j). */
    seam_sort(v, (size_t)n, sizeof *v, seam_cmp_int_pair);
    long kept = 0;
    int nedges = 0;
    for (int i = 0; i < n;) {
        int cluster = v[i].a, best = 0, start_edges = nedges;
        while (i < n && v[i].a == cluster) {
            int j = i;
            while (j < n && v[j].a == cluster && v[j].b == v[i].b)
                j++;
            int overlap = j - i;
            if (overlap > best) {
                best = overlap;
                nedges = start_edges; /* a larger maximum drops earlier tags */
            }
            if (overlap == best) {
                ends[2 * nedges] = cluster;
                ends[2 * nedges + 1] = l + v[i].b;
                nedges++;
            }
            i = j;
        }
        first_tag[cluster] = ends[2 * start_edges + 1] - l;
        kept += best;
    }
    long g = max_matching(l, m, ends, nedges, mate);
    if (g >= 0) {
        result = (n - kept) + (l - g);
        /* An unmatched A cluster joins the group of any of its maximal B clusters. */
        for (int i = 0; tag && i < n; i++)
            tag[i] = mate[ca[i]] >= 0 ? mate[ca[i]] : first_tag[ca[i]];
    }
out:
    free(ca);
    free(cb);
    free(v);
    free(ends);
    free(mate);
    free(first_tag);
    return result;
}

long mojo_distance(const int *a, const int *b, int n)
{
    return mojo_solve(a, b, n, NULL);
}

long mojo_plan(const int *a, const int *b, int n, int *tag)
{
    return mojo_solve(a, b, n, tag);
}

/*
 * Adjusted Rand index (Hubert & Arabie 1985) from the contingency table:
 * ARI = (sum_ij C(n_ij,2) - E) / (0.5 (sum_i C(a_i,2) + sum_j C(b_j,2)) - E),
 * E = sum_i C(a_i,2) sum_j C(b_j,2) / C(n,2).
 */
double mojo_ari(const int *a, const int *b, int n)
{
    if (n < 0 || (n > 0 && (!a || !b)))
        return -2;
    if (n < 2)
        return 1.0;
    int *ca = malloc((size_t)n * sizeof *ca), *cb = malloc((size_t)n * sizeof *cb);
    seam_int_pair *v = malloc((size_t)n * sizeof *v);
    int *sa = calloc((size_t)n, sizeof *sa), *sb = calloc((size_t)n, sizeof *sb);
    double result = -2;
    int l, m;
    if (!ca || !cb || !v || !sa || !sb || (l = compress(a, n, ca)) < 0 ||
        (m = compress(b, n, cb)) < 0)
        goto out;
    for (int i = 0; i < n; i++) {
        v[i].a = ca[i];
        v[i].b = cb[i];
        sa[ca[i]]++;
        sb[cb[i]]++;
    }
    seam_sort(v, (size_t)n, sizeof *v, seam_cmp_int_pair);
    double index = 0, ra = 0, rb = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && v[j].a == v[i].a && v[j].b == v[i].b)
            j++;
        index += (double)(j - i) * (j - i - 1) / 2.0;
        i = j;
    }
    for (int i = 0; i < l; i++)
        ra += (double)sa[i] * (sa[i] - 1) / 2.0;
    for (int j = 0; j < m; j++)
        rb += (double)sb[j] * (sb[j] - 1) / 2.0;
    double expected = ra * rb / ((double)n * (n - 1) / 2.0);
    double max = (ra + rb) / 2.0;
    /* Both partitions all singletons or both one cluster: identical, and the index is 1. */
    result = max == expected ? 1.0 : (index - expected) / (max - expected);
out:
    free(ca);
    free(cb);
    free(v);
    free(sa);
    free(sb);
    return result;
}

double mojo_fm(const int *a, const int *b, int n)
{
    long mno = mojo_distance(a, b, n);
    if (mno < 0)
        return -1;
    int *cb = malloc(((size_t)n + 1) * sizeof *cb);
    int *sizes = calloc((size_t)n + 1, sizeof *sizes);
    int m;
    if (!cb || !sizes || (m = compress(b, n, cb)) < 0) {
        free(cb);
        free(sizes);
        return -1;
    }
    for (int i = 0; i < n; i++)
        sizes[cb[i]]++;
    seam_sort(sizes, (size_t)m, sizeof *sizes, seam_cmp_int);
    long groups = 0;
    for (int j = 0; j < m; j++)
        if (groups < sizes[j])
            groups++;
    free(cb);
    free(sizes);
    long max = (long)n - groups;
    /* Only n <= 1 gives max 0: every partition equals B then. */
    if (max <= 0)
        return 100.0;
    return (1.0 - (double)mno / (double)max) * 100.0;
}
