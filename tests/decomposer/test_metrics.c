/*
 * The decomposer's figures against docs/metrics.md, on inputs small enough to
 * count by hand: NED (dc_cluster_ned) for given service sizes; Newman's Q and Bunch's
 * MQ of two triangles joined by one call; and the resolution sweep on a ring
 * of 30 triangles, where modularity's resolution limit would merge
 * neighbours but the sweep's objective (asymptotic surprise times 1 - NED)
 * keeps every triangle.
 *
 * Every call here is made once (count 1): its raw weight is log2(1 + 1) = 1,
 * the mean of the call kind is 1, so every edge of the coupling graph weighs
 * exactly 1 (docs/decomposition.md). Function names have no '_': no naming
 * edges.
 */
#include <math.h>

#include "check.h"
#include "decomposer_internal.h"
#include "decomposer.h"
#include "synth.h"

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

/* dc_cluster_ned's value, or -1 when it fails (out of memory). */
static double ned_of(const int *sizes, int n)
{
    double ned = -1;
    return dc_cluster_ned(sizes, n, &ned) == SEAM_OK ? ned : -1;
}

/*
 * NED = (modules in services of extreme size) / (modules in services); extreme: a single
 * module, or fewer than half or more than twice the median service size.
 */
static void test_ned(void)
{
    /*
     * {1, 4, 4, 10}: median (4 + 4) / 2 = 4, band [2, 8]. Extreme: 1 (a single module)
     * and 10 (> 8). NED = (1 + 10) / (1 + 4 + 4 + 10) = 11/19.
     */
    int s1[] = {1, 4, 4, 10};
    CHECK(NEAR(ned_of(s1, 4), 11.0 / 19.0));
    /* The order of the sizes does not matter (the median is taken on sorted sizes). */
    int s1r[] = {10, 4, 1, 4};
    CHECK(NEAR(ned_of(s1r, 4), 11.0 / 19.0));
    /* {2, 4, 8}: median 4, band [2, 8], both ends inside: NED 0. */
    int s2[] = {2, 4, 8};
    CHECK(NEAR(ned_of(s2, 3), 0.0));
    /* {1, 3, 7}: median 3, band [1.5, 6]: 1 (single) and 7 (> 6): (1 + 7) / 11 = 8/11. */
    int s3[] = {1, 3, 7};
    CHECK(NEAR(ned_of(s3, 3), 8.0 / 11.0));
    /* {3, 3, 1}: median 3, band [1.5, 6]: 1 is a single module: 1/7. */
    int s4[] = {3, 3, 1};
    CHECK(NEAR(ned_of(s4, 3), 1.0 / 7.0));
    /* One service of 5: median 5, inside its own band: 0. One single module: 1. */
    int s5[] = {5}, s6[] = {1};
    CHECK(NEAR(ned_of(s5, 1), 0.0));
    CHECK(NEAR(ned_of(s6, 1), 1.0));
    /* No services: 0. */
    CHECK(NEAR(ned_of(NULL, 0), 0.0));
}

/*
 * Two triangles joined by one call: a1 -> a2 -> a3 -> a1, b1 -> b2 -> b3 -> b1, a1 -> b1.
 * Each module is called by one or two others (no library), calls one or two (no entry
 * point), so nothing is set aside.
 */
static void two_triangles(seam_model *m)
{
    seam_model_init(m);
    const char *files[] = {"a1.c", "a2.c", "a3.c", "b1.c", "b2.c", "b3.c"};
    const char *fns[] = {"fa1", "fa2", "fa3", "fb1", "fb2", "fb3"};
    for (int i = 0; i < 6; i++)
        synth_file(m, files[i]);
    for (int i = 0; i < 6; i++)
        synth_fn(m, files[i], fns[i]);
    synth_call(m, "fa1", "fa2", 1);
    synth_call(m, "fa2", "fa3", 1);
    synth_call(m, "fa3", "fa1", 1);
    synth_call(m, "fb1", "fb2", 1);
    synth_call(m, "fb2", "fb3", 1);
    synth_call(m, "fb3", "fb1", 1);
    synth_call(m, "fa1", "fb1", 1);
}

static void test_q_and_mq(void)
{
    seam_model m;
    seam_err err;
    two_triangles(&m);
    int rc = decomposer_run(&m, NULL, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
    /* The two triangles, nothing shared. */
    CHECK_INT(m.metrics.services, 2);
    CHECK_INT(m.nservices, 2);
    CHECK(synth_service_of(&m, "a1.c") == synth_service_of(&m, "a3.c"));
    CHECK(synth_service_of(&m, "b1.c") == synth_service_of(&m, "b3.c"));
    CHECK(synth_service_of(&m, "a1.c") != synth_service_of(&m, "b1.c"));
    CHECK_INT(m.edge_kinds[DECOMPOSER_CALL].edges, 7);
    CHECK(NEAR(m.edge_kinds[DECOMPOSER_CALL].mean_raw, 1.0));
    /*
     * 7 edges of weight 1: m = 7. Each triangle: in_s = 3, deg_s = 2 * 3 + 1 = 7.
     * Q = sum_s [in_s / m - (deg_s / 2m)^2] = 2 * (3/7 - (7/14)^2) = 6/7 - 1/2 = 5/14.
     */
    CHECK(NEAR(m.metrics.modularity, 5.0 / 14.0));
    /*
     * MQ = sum_s 2 in_s / (2 in_s + ext_s), ext_s = 1 (the bridge):
     * 2 * (6 / (6 + 1)) = 12/7.
     */
    CHECK(NEAR(m.metrics.mq, 12.0 / 7.0));
    /*
     * SM, for good measure: each triangle has 3 ordered pairs with a call among its
     * 3 * 3 = 9, scoh = 1/3; one pair across, scop = 1 / (2 * 3 * 3) = 1/18.
     * SM = 1/3 - 1/18 = 5/18. ICP = 1 cross call / 7 calls.
     */
    CHECK(NEAR(m.metrics.sm, 5.0 / 18.0));
    CHECK(NEAR(m.metrics.icp, 1.0 / 7.0));
    seam_model_free(&m);
}

enum { RING = 30 };

/*
 * A ring of RING triangles: in triangle i, c<i>_0 -> c<i>_1 -> c<i>_2 -> c<i>_0, and
 * c<i>_2 -> c<i+1>_0 closes the ring. Each module is called by one or two modules and
 * calls one or two: none is set aside.
 */
static void ring_of_triangles(seam_model *m)
{
    char path[32], fn[32], next[32];
    seam_model_init(m);
    for (int i = 0; i < RING; i++)
        for (int j = 0; j < 3; j++) {
            snprintf(path, sizeof path, "c%02d_%d.c", i, j);
            synth_file(m, path);
        }
    for (int i = 0; i < RING; i++)
        for (int j = 0; j < 3; j++) {
            snprintf(path, sizeof path, "c%02d_%d.c", i, j);
            snprintf(fn, sizeof fn, "f%02dx%d", i, j);
            synth_fn(m, path, fn);
        }
    for (int i = 0; i < RING; i++)
        for (int j = 0; j < 3; j++) {
            snprintf(fn, sizeof fn, "f%02dx%d", i, j);
            snprintf(next, sizeof next, "f%02dx%d", i, (j + 1) % 3);
            synth_call(m, fn, next, 1);
        }
    for (int i = 0; i < RING; i++) {
        snprintf(fn, sizeof fn, "f%02dx2", i);
        snprintf(next, sizeof next, "f%02dx0", (i + 1) % RING);
        synth_call(m, fn, next, 1);
    }
}

/* Each triangle of the ring is one service: its three modules together, and alone. */
static int triangles_are_services(const seam_model *m)
{
    char p0[32], p1[32], p2[32];
    int ok = m->nservices == RING;
    for (int i = 0; i < RING && ok; i++) {
        snprintf(p0, sizeof p0, "c%02d_0.c", i);
        snprintf(p1, sizeof p1, "c%02d_1.c", i);
        snprintf(p2, sizeof p2, "c%02d_2.c", i);
        const seam_service *s = synth_service_of(m, p0);
        ok = s && s == synth_service_of(m, p1) && s == synth_service_of(m, p2) && s->nfiles == 3 &&
             s->kind == SEAM_SERVICE_KIND_SERVICE;
    }
    return ok;
}

static void test_resolution_sweep(void)
{
    seam_model m;
    seam_err err;
    ring_of_triangles(&m);
    int rc = decomposer_run(&m, NULL, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
    CHECK_INT(m.metrics.services, RING);
    CHECK(triangles_are_services(&m));
    /* The kept gamma is one of the swept values (docs/decomposition.md). */
    const double swept[] = {0.5, 0.707, 1.0, 1.414, 2.0, 2.828, 4.0};
    int found = 0;
    for (int k = 0; k < 7; k++)
        found |= m.metrics.resolution == swept[k];
    CHECK(found);
    /*
     * The objective, from docs/metrics.md with the counts of this graph:
     * 90 modules, 90 edges inside triangles and 30 between, all of weight 1: m = 120,
     * q = 90/120 = 3/4; <q> = 30 * C(3,2) / C(90,2) = 90 / 4005; NED = 0 (all sizes 3).
     * S = m [q ln(q / <q>) + (1 - q) ln((1 - q) / (1 - <q>))], objective = S * (1 - 0).
     */
    double q = 90.0 / 120.0, eq = 90.0 / 4005.0;
    double s = 120.0 * (q * log(q / eq) + (1 - q) * log((1 - q) / (1 - eq)));
    CHECK(NEAR(m.metrics.ned, 0.0));
    CHECK(fabs(m.metrics.objective - s) < 1e-9 * s);
    /* Q of the 30 triangles: each in_s = 3, deg_s = 8: 30 * (3/120 - (8/240)^2) = 0.71666... */
    CHECK(NEAR(m.metrics.modularity, 30.0 * (3.0 / 120.0 - (8.0 / 240.0) * (8.0 / 240.0))));
    seam_model_free(&m);

    /*
     * The resolution limit the sweep avoids: at gamma 1 (plain modularity) merging two
     * neighbours gains 1/m - 2 (8/2m)^2 = 1/120 - 1/450 > 0, so Leiden merges triangles:
     * fewer services than triangles.
     */
    decomposer_options o;
    decomposer_options_init(&o);
    o.resolution = 1.0;
    ring_of_triangles(&m);
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    CHECK(m.metrics.services < RING);
    CHECK(m.metrics.resolution == 1.0);
    seam_model_free(&m);
}

int main(void)
{
    test_ned();
    test_q_and_mq();
    test_resolution_sweep();
    return check_finish();
}
