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
 * cluster of object i in A (any non-negative ints).
 */
#ifndef SEAM_MOJO_H
#define SEAM_MOJO_H

/* mno(A, B): the fewest Move and Join operations that turn A into B. -1 on allocation failure. */
long mojo_distance(const int *a, const int *b, int n);

/* MoJoFM of A against the truth B, in [0, 100]. 100 for identical partitions. -1 on failure. */
double mojo_fm(const int *a, const int *b, int n);

#endif
