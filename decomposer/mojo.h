/*
 * mojo.h - comparing two partitions of the same objects.
 *
 * MoJo distance with the exact algorithm of Wen & Tzerpos ("An optimal
 * algorithm for MoJo distance", IWPC 2003), and MoJoFM (Wen & Tzerpos,
 * "An effectiveness measure for software clustering algorithms", IWPC 2004):
 *   MoJoFM(A, B) = (1 - mno(A, B) / max over all A' of mno(A', B)) * 100
 * where B is the reference (truth) partition.
 *
 * Partitions are given as label arrays over objects 0..n-1: a[i] is the
 * cluster of object i in A. Labels are any ints (negative too); only
 * equality matters. The arrays are read, never kept.
 *
 * mno(A, B) = M + l - g: M = n - sum over A's clusters of their largest
 * overlap with one B cluster (moves), l = clusters of A, g = a maximum
 * matching between A's clusters and the B clusters of their largest overlap
 * (igraph), l - g the joins. max over A' of mno(A', B) = n - g_max(B), with
 * g_max from B's cluster sizes in ascending order (+1 for each size larger
 * than the count so far), as in the authors' reference implementation.
 */
#ifndef SEAM_MOJO_H
#define SEAM_MOJO_H

/* mno(A, B): the fewest Move and Join operations that turn A into B. 0 for n == 0;
 * -1 on allocation failure, n < 0, or NULL arrays with n > 0. */
long mojo_distance(const int *a, const int *b, int n);

/* MoJoFM of A against the truth B, in [0, 100]. 100 for identical partitions and
 * for n <= 1 (nothing to get wrong). -1 on failure. */
double mojo_fm(const int *a, const int *b, int n);

/*
 * The optimal plan behind mojo_distance: tag[i] (n ints, caller's) is the B
 * cluster that object i's A cluster becomes, numbered 0..m-1 in increasing
 * order of B's labels. Object i moves iff its own B cluster (in that
 * numbering) differs from tag[i]; A clusters with the same tag join.
 * Returns mno(A, B), or -1 as mojo_distance.
 */
long mojo_plan(const int *a, const int *b, int n, int *tag);

/* Adjusted Rand index of A against B, in [-1, 1] (1: identical); 1 for n < 2; below -1
 * (-2) on failure. */
double mojo_ari(const int *a, const int *b, int n);

#endif
