/*
 * cluster-bench - how long seam's decomposer takes on a large coupling graph.
 *
 * Builds, in memory, a seam_model of N modules (one .c file and one function
 * each) and M distinct call pairs (caller, callee) drawn from a planted
 * partition: K groups of equal size, each call inside its group with
 * probability P_IN, else between two random modules. Then times decomposer_run (facts, shared
 * libraries, weights, the Leiden resolution sweep, ownership, explanations, metrics) and
 * planner_run (the split plan of those services), and scores the result against the planted
 * groups with MoJoFM.
 *
 *   cluster-bench [-n MODULES] [-m EDGES] [-k GROUPS] [--p-in P] [--seed S]
 *                 [--resolution G]
 *
 * Defaults: 100,000 modules, 1,000,000 edges, 1,000 groups, P_IN 0.9, seed 1.
 * Prints one line of figures (see bench/cluster.sh). Exit 0 when it ran.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decomposer.h"
#include "model.h"
#include "planner.h"
#include "sort.h"

static uint64_t rng_state;

/* splitmix64: the same stream from the same seed on any libc. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int rng_below(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static void need(int ok)
{
    if (!ok) {
        fprintf(stderr, "cluster-bench: out of memory\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int n = 100000, m = 1000000, k = 1000;
    double p_in = 0.9, resolution = 0;
    unsigned long long seed = 1;
    static const struct option longopts[] = {{"p-in", required_argument, NULL, 'p'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"resolution", required_argument, NULL, 'r'},
                                             {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "n:m:k:", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            n = atoi(optarg);
            break;
        case 'm':
            m = atoi(optarg);
            break;
        case 'k':
            k = atoi(optarg);
            break;
        case 'p':
            p_in = atof(optarg);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        case 'r':
            resolution = atof(optarg);
            break;
        default:
            fprintf(stderr, "usage: cluster-bench [-n MODULES] [-m EDGES] [-k GROUPS] "
                            "[--p-in P] [--seed S] [--resolution G]\n");
            return 2;
        }
    }
    if (n < 2 || k < 1 || k > n || m < 1 || (double)m > (double)n * (n - 1) / 4) {
        fprintf(stderr, "cluster-bench: need 2 <= modules, 1 <= groups <= modules, and fewer "
                        "edges than a quarter of all pairs\n");
        return 2;
    }
    rng_state = seed;
    double t0 = now();
    seam_model model;
    seam_model_init(&model);
    need((model.files = calloc((size_t)n, sizeof *model.files)) != NULL);
    need((model.functions = calloc((size_t)n, sizeof *model.functions)) != NULL);
    model.nfiles = model.nfunctions = n;
    /* Zero-padded names keep path order equal to index order (the model is sorted). */
    for (int i = 0; i < n; i++) {
        need((model.files[i].path = seam_printf("src/m%07d.c", i)) != NULL);
        model.files[i].lines = 100;
        need((model.functions[i].name = seam_printf("f%07d", i)) != NULL);
        need((model.functions[i].usr = seam_printf("c:@F@f%07d", i)) != NULL);
        model.functions[i].file = i;
        model.functions[i].line = 1;
        model.functions[i].loc = 20;
    }
    /* Group g holds modules [g*n/k, (g+1)*n/k): consecutive, so group(i) = i*k/n. */
    int group_size = n / k;
    /* Draw until M distinct pairs: repeated pairs (common inside a group) are dropped. */
    seam_int_pair *v = malloc((size_t)m * sizeof *v);
    need(v != NULL);
    int nv = 0;
    while (nv < m) {
        while (nv < m) {
            int a = rng_below(n), b;
            if (rng_next() % 1000000 < (uint64_t)(p_in * 1000000)) {
                int g = (int)((long long)a * k / n);
                int lo = (int)((long long)g * n / k), hi = (int)((long long)(g + 1) * n / k);
                b = lo + rng_below(hi - lo);
            } else {
                b = rng_below(n);
            }
            if (a == b)
                continue;
            v[nv].a = a;
            v[nv++].b = b;
        }
        qsort(v, (size_t)nv, sizeof *v, seam_cmp_int_pair);
        int u = 0;
        for (int i = 0; i < nv; i++)
            if (u == 0 || v[i].a != v[u - 1].a || v[i].b != v[u - 1].b)
                v[u++] = v[i];
        nv = u;
    }
    need((model.calls = calloc((size_t)m, sizeof *model.calls)) != NULL);
    for (int i = 0; i < nv; i++) {
        model.calls[model.ncalls].caller = v[i].a;
        model.calls[model.ncalls].callee = v[i].b;
        model.calls[model.ncalls].count = 1 + (int)(rng_next() % 3);
        model.ncalls++;
    }
    free(v);
    double t1 = now();

    decomposer_options o;
    decomposer_options_init(&o);
    o.git = 0;
    o.resolution = resolution;
    seam_err err;
    seam_err_clear(&err);
    int rc = decomposer_run(&model, &o, &err);
    double t2 = now();
    if (rc == 0)
        rc = planner_run(&model, &err);
    double t3 = now();
    if (rc) {
        fprintf(stderr, "cluster-bench: %s\n", err.msg);
        seam_model_free(&model);
        return 1;
    }
    /* The planted truth as services, to score with the same code as seam eval. */
    seam_service *truth = calloc((size_t)k, sizeof *truth);
    need(truth != NULL);
    for (int g = 0; g < k; g++) {
        int lo = (int)((long long)g * n / k), hi = (int)((long long)(g + 1) * n / k);
        truth[g].name = seam_printf("g%d", g);
        truth[g].kind = SEAM_SERVICE_KIND_SERVICE;
        need((truth[g].files = calloc((size_t)(hi - lo), sizeof(char *))) != NULL);
        for (int i = lo; i < hi; i++)
            truth[g].files[truth[g].nfiles++] = model.files[i].path;
    }
    double fm = -1;
    long mno = -1;
    if (decomposer_eval_services(model.services, model.nservices, truth, k, &fm, &mno, &err))
        fprintf(stderr, "cluster-bench: %s\n", err.msg);
    int services = 0, shared = 0;
    for (int i = 0; i < model.nservices; i++) {
        if (model.services[i].kind == SEAM_SERVICE_KIND_SERVICE)
            services++;
        else
            shared += model.services[i].nfiles;
    }
    printf("modules %d  edges %d  groups %d (size %d)  p_in %.2f\n", n, model.ncalls, k, group_size,
           p_in);
    printf("decomposer_run %.2f s  (model built in %.2f s)\n", t2 - t1, t1 - t0);
    printf("planner_run %.2f s  (%d steps)\n", t3 - t2, model.nplan);
    printf("services %d  shared modules %d  resolution %.3f  modularity %.4f  MoJoFM %.1f\n",
           services, shared, model.metrics.resolution, model.metrics.modularity, fm);
    for (int g = 0; g < k; g++) {
        free(truth[g].name);
        free(truth[g].files);
    }
    free(truth);
    seam_model_free(&model);
    return 0;
}
