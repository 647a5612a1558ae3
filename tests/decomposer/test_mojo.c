/*
 * Unit tests for mojo.c: hand-computed cases, and an exhaustive check of
 * mojo_distance and mojo_fm against the definition itself (shortest
 * sequence of Move and Join operations, found by breadth-first search over
 * all partitions of up to 6 objects); mojo_ari by hand and against the
 * pair-counting form of the index over the same partitions.
 */
#include <math.h>

#include "check.h"
#include "mojo.h"

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

static void test_hand_cases(void)
{
    /* Identical up to labels. */
    int a1[] = {0, 0, 1, 1, 2}, b1[] = {5, 5, 7, 7, 9};
    CHECK_INT(mojo_distance(a1, b1, 5), 0);
    CHECK(NEAR(mojo_fm(a1, b1, 5), 100.0));

    /* A = {1,2,3}{4,5}, B = {1,2}{3,4,5}: move 3. max = 5 - 2 (sizes 2,3 -> g 2) = 3. */
    int a2[] = {0, 0, 0, 1, 1}, b2[] = {0, 0, 1, 1, 1};
    CHECK_INT(mojo_distance(a2, b2, 5), 1);
    CHECK(NEAR(mojo_fm(a2, b2, 5), (1.0 - 1.0 / 3.0) * 100.0));

    /* Worst cases: all singletons against one cluster (3 joins), and back (3 moves). */
    int single[] = {0, 1, 2, 3}, one[] = {4, 4, 4, 4};
    CHECK_INT(mojo_distance(single, one, 4), 3);
    CHECK(NEAR(mojo_fm(single, one, 4), 0.0));
    CHECK_INT(mojo_distance(one, single, 4), 3);
    CHECK(NEAR(mojo_fm(one, single, 4), 0.0));

    /* Ties need the matching: A = {x,y}{z}, B = {x,z}{y}. Tagging A1 with B1 greedily costs a
     * move and a join; the optimum moves x into A2: 1. max = 3 - 2 = 1, so MoJoFM 0. */
    int a3[] = {0, 0, 1}, b3[] = {0, 1, 0};
    CHECK_INT(mojo_distance(a3, b3, 3), 1);
    CHECK(NEAR(mojo_fm(a3, b3, 3), 0.0));

    /*
     * The example shipped with the authors' MoJo release (A.bunch, B.bunch):
     * A = {M6,M2} {M5,M11,M1} {M7,M13} {M8,M12} {M10,M3} {M9,M4}
     * B = {M6,M2} {M1} {M7,M13,M5,M11} {M8,M12} {M10,M4} {M9,M3}
     * Moves: M1 out of A2, and one of M10/M3 and one of M9/M4 (ties): 3; A2 and A3 both
     * tag B3, so one join: mno = 4. B sizes 1,2,2,2,2,4 -> g = 3, max = 13 - 3 = 10.
     */
    enum { M1, M2, M3, M4, M5, M6, M7, M8, M9, M10, M11, M12, M13, N };
    int a4[N], b4[N];
    a4[M6] = a4[M2] = 1;
    a4[M5] = a4[M11] = a4[M1] = 2;
    a4[M7] = a4[M13] = 3;
    a4[M8] = a4[M12] = 4;
    a4[M10] = a4[M3] = 5;
    a4[M9] = a4[M4] = 6;
    b4[M6] = b4[M2] = 1;
    b4[M1] = 2;
    b4[M7] = b4[M13] = b4[M5] = b4[M11] = 3;
    b4[M8] = b4[M12] = 4;
    b4[M10] = b4[M4] = 5;
    b4[M9] = b4[M3] = 6;
    CHECK_INT(mojo_distance(a4, b4, N), 4);
    CHECK(NEAR(mojo_fm(a4, b4, N), 60.0));

    /* Labels are arbitrary ints: negative, huge, unordered. */
    int a5[] = {-7, -7, 1000000, 42, 42}, b5[] = {3, 3, -1, -1, 2147483647};
    int a5n[] = {0, 0, 1, 2, 2}, b5n[] = {0, 0, 1, 1, 2};
    CHECK_INT(mojo_distance(a5, b5, 5), mojo_distance(a5n, b5n, 5));
    CHECK(NEAR(mojo_fm(a5, b5, 5), mojo_fm(a5n, b5n, 5)));
    /* {0,1}{2}{3,4} -> {0,1}{2,3}{4}: move 3 into {2}: 1. max = 5 - 2 = 3. */
    CHECK_INT(mojo_distance(a5, b5, 5), 1);
    CHECK(NEAR(mojo_fm(a5, b5, 5), (1.0 - 1.0 / 3.0) * 100.0));

    /* Degenerate sizes and bad arguments. */
    CHECK_INT(mojo_distance(NULL, NULL, 0), 0);
    CHECK(NEAR(mojo_fm(NULL, NULL, 0), 100.0));
    int z[] = {3};
    CHECK_INT(mojo_distance(z, z, 1), 0);
    CHECK(NEAR(mojo_fm(z, z, 1), 100.0));
    CHECK_INT(mojo_distance(z, z, -1), -1);
    CHECK_INT(mojo_distance(NULL, z, 1), -1);
    CHECK(mojo_fm(NULL, z, 1) < 0);
}

/*
 * Adjusted Rand index by hand, with the formula of docs/metrics.md:
 * ARI = (sum C(n_ij,2) - E) / (1/2 (sum C(a_i,2) + sum C(b_j,2)) - E),
 * E = sum C(a_i,2) * sum C(b_j,2) / C(n,2).
 */
static void test_ari_hand_cases(void)
{
    /*
     * A = {0,1}{2,3}, B = {0,2}{1,3}: every cell n_ij is 1, so sum C(n_ij,2) = 0.
     * a = (2,2), b = (2,2): sum C(a_i,2) = sum C(b_j,2) = 1 + 1 = 2; C(4,2) = 6.
     * E = 2 * 2 / 6 = 2/3; max = (2 + 2) / 2 = 2.
     * ARI = (0 - 2/3) / (2 - 2/3) = (-2/3) / (4/3) = -0.5.
     */
    int a1[] = {0, 0, 1, 1}, b1[] = {0, 1, 0, 1};
    CHECK(NEAR(mojo_ari(a1, b1, 4), -0.5));
    CHECK(NEAR(mojo_ari(b1, a1, 4), -0.5));

    /*
     * A = {0,1,2}{3,4,5}, B = {0,1}{2,3}{4,5}. Cells: A1 x B1 = 2, A1 x B2 = 1,
     * A2 x B2 = 1, A2 x B3 = 2: sum C(n_ij,2) = 1 + 0 + 0 + 1 = 2.
     * a = (3,3): 3 + 3 = 6; b = (2,2,2): 1 + 1 + 1 = 3; C(6,2) = 15.
     * E = 6 * 3 / 15 = 1.2; max = (6 + 3) / 2 = 4.5.
     * ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33.
     */
    int a2[] = {0, 0, 0, 1, 1, 1}, b2[] = {0, 0, 1, 1, 2, 2};
    CHECK(NEAR(mojo_ari(a2, b2, 6), 8.0 / 33.0));
    CHECK(NEAR(mojo_ari(b2, a2, 6), 8.0 / 33.0)); /* symmetric */

    /*
     * One cluster against all singletons (n = 4): sum C(n_ij,2) = 0; a = (4): 6; b: 0.
     * E = 6 * 0 / 6 = 0; max = (6 + 0) / 2 = 3. ARI = 0 / 3 = 0.
     */
    int one[] = {7, 7, 7, 7}, single[] = {0, 1, 2, 3};
    CHECK(NEAR(mojo_ari(one, single, 4), 0.0));

    /* Identical up to labels: 1. So are the degenerate identical cases (max == E). */
    int a3[] = {0, 0, 1, 1, 2}, b3[] = {-5, -5, 9, 9, 1000};
    CHECK(NEAR(mojo_ari(a3, b3, 5), 1.0));
    CHECK(NEAR(mojo_ari(one, one, 4), 1.0));
    CHECK(NEAR(mojo_ari(single, single, 4), 1.0));
    CHECK(NEAR(mojo_ari(one, one, 1), 1.0)); /* n < 2 */
    CHECK(mojo_ari(NULL, one, 4) < -1);      /* failure is below the range */
    CHECK(mojo_ari(one, one, -1) < -1);
}

/* ---- brute force over all partitions of n <= 6 objects ---------------- */

#define MAXN 6
#define CODES (1 << (3 * MAXN)) /* labels < 8: 3 bits per object */

/* Restricted growth form: first object in cluster 0, each new cluster the next number. */
static int encode(const int *labels, int n)
{
    int map[2 * MAXN + 2], next = 0, code = 0;
    for (int i = 0; i < 2 * MAXN + 2; i++)
        map[i] = -1;
    for (int i = 0; i < n; i++) {
        if (map[labels[i]] < 0)
            map[labels[i]] = next++;
        code |= map[labels[i]] << (3 * i);
    }
    return code;
}

static void decode(int code, int n, int *labels)
{
    for (int i = 0; i < n; i++)
        labels[i] = (code >> (3 * i)) & 7;
}

static int nclusters(const int *labels, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (labels[i] + 1 > k)
            k = labels[i] + 1;
    return k;
}

static int parts[300], nparts;
static int index_of[CODES];

static void enumerate(int *labels, int i, int n, int k)
{
    if (i == n) {
        index_of[encode(labels, n)] = nparts;
        parts[nparts++] = encode(labels, n);
        return;
    }
    for (int c = 0; c <= k; c++) {
        labels[i] = c;
        enumerate(labels, i + 1, n, c == k ? k + 1 : k);
    }
}

/* dist[b] = fewest Moves and Joins from partition a to each partition b. */
static void bfs(int a, int n, int *dist)
{
    int queue[300], head = 0, tail = 0;
    for (int i = 0; i < nparts; i++)
        dist[i] = -1;
    dist[a] = 0;
    queue[tail++] = a;
    while (head < tail) {
        int cur = queue[head++], labels[MAXN], next[MAXN];
        decode(parts[cur], n, labels);
        int k = nclusters(labels, n);
        /* Move object i to cluster c, or to a new cluster (c == k). */
        for (int i = 0; i < n; i++) {
            for (int c = 0; c <= k; c++) {
                if (c == labels[i])
                    continue;
                for (int j = 0; j < n; j++)
                    next[j] = labels[j];
                next[i] = c;
                int to = index_of[encode(next, n)];
                if (dist[to] < 0) {
                    dist[to] = dist[cur] + 1;
                    queue[tail++] = to;
                }
            }
        }
        /* Join clusters c1 and c2. */
        for (int c1 = 0; c1 < k; c1++) {
            for (int c2 = c1 + 1; c2 < k; c2++) {
                for (int j = 0; j < n; j++)
                    next[j] = labels[j] == c2 ? c1 : labels[j];
                int to = index_of[encode(next, n)];
                if (dist[to] < 0) {
                    dist[to] = dist[cur] + 1;
                    queue[tail++] = to;
                }
            }
        }
    }
}

static void test_exhaustive(int n)
{
    static int dist[300][300];
    int labels[MAXN];
    nparts = 0;
    enumerate(labels, 0, n, 0);
    for (int a = 0; a < nparts; a++)
        bfs(a, n, dist[a]);
    int wrong_mno = 0, wrong_fm = 0;
    for (int b = 0; b < nparts; b++) {
        int lb[MAXN], max = 0;
        decode(parts[b], n, lb);
        for (int a = 0; a < nparts; a++)
            if (dist[a][b] > max)
                max = dist[a][b];
        for (int a = 0; a < nparts; a++) {
            int la[MAXN];
            decode(parts[a], n, la);
            if (mojo_distance(la, lb, n) != dist[a][b])
                wrong_mno++;
            double want = max ? (1.0 - (double)dist[a][b] / max) * 100.0 : 100.0;
            if (!NEAR(mojo_fm(la, lb, n), want))
                wrong_fm++;
        }
    }
    printf("n=%d: %d partitions, %d pairs checked\n", n, nparts, nparts * nparts);
    CHECK_INT(wrong_mno, 0);
    CHECK_INT(wrong_fm, 0);
}

/*
 * ARI from pair counts, the other textbook form (Steinley 2004): over all pairs of objects,
 * n11 together in both, n00 apart in both, n10 / n01 together in one only:
 * ARI = 2 (n00 n11 - n01 n10) / ((n00 + n01)(n01 + n11) + (n00 + n10)(n10 + n11)).
 * Identical partitions whose denominator is 0 (all together, or all apart) count as 1.
 */
static double ari_by_pairs(const int *a, const int *b, int n)
{
    double n11 = 0, n00 = 0, n10 = 0, n01 = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            int sa = a[i] == a[j], sb = b[i] == b[j];
            n11 += sa && sb;
            n00 += !sa && !sb;
            n10 += sa && !sb;
            n01 += !sa && sb;
        }
    double den = (n00 + n01) * (n01 + n11) + (n00 + n10) * (n10 + n11);
    return den == 0 ? 1.0 : 2 * (n00 * n11 - n01 * n10) / den;
}

static void test_ari_exhaustive(int n)
{
    int labels[MAXN], wrong = 0;
    nparts = 0;
    enumerate(labels, 0, n, 0);
    for (int x = 0; x < nparts; x++)
        for (int y = 0; y < nparts; y++) {
            int la[MAXN], lb[MAXN];
            decode(parts[x], n, la);
            decode(parts[y], n, lb);
            if (!NEAR(mojo_ari(la, lb, n), ari_by_pairs(la, lb, n)))
                wrong++;
        }
    CHECK_INT(wrong, 0);
}

int main(void)
{
    test_hand_cases();
    test_ari_hand_cases();
    for (int n = 2; n <= MAXN; n++)
        test_ari_exhaustive(n);
    for (int n = 1; n <= MAXN; n++)
        test_exhaustive(n);
    return check_finish();
}
