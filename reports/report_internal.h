/*
 * report_internal.h - what report.html's files share: a byte buffer, HTML
 * escaping, and who belongs where (the service index).
 *
 * Not part of the public API (report.h is). Everything here is pure data
 * manipulation, so each piece is unit-tested on its own.
 */
#ifndef SEAM_REPORT_INTERNAL_H
#define SEAM_REPORT_INTERNAL_H

#include <stddef.h>

#include "format.h"
#include "model.h"
#include "utf8.h"

/* A growable byte buffer. Zero-initialise it; on allocation failure it sets
 * oom and ignores further appends, so callers check once at the end. */
typedef struct report_buf {
    char *data; /* NUL-terminated when len > 0; owned, free with report_buf_free */
    size_t len;
    size_t cap;
    int oom;
} report_buf;

void report_buf_free(report_buf *b);
void report_buf_append(report_buf *b, const char *s, size_t n);
void report_buf_puts(report_buf *b, const char *s);
void report_buf_printf(report_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Appends s as HTML text or attribute content: & < > " ' become entities,
 * invalid UTF-8 and C0 control characters other than tab, newline and
 * carriage return become U+FFFD. NULL appends nothing.
 */
void report_buf_html(report_buf *b, const char *s);

/* Appends s for inside a DOT quoted string: \ and " backslashed, invalid UTF-8
 * and C0 controls as U+FFFD. NULL appends nothing. */
void report_buf_dot(report_buf *b, const char *s);

/*
 * Appends s as a quoted JSON string safe inside an HTML <script> element:
 * '<' as \u003c (so no "</script" or "<!--"), U+2028/2029 escaped, invalid
 * UTF-8 and other C0 controls as U+FFFD. NULL appends null.
 */
void report_buf_json(report_buf *b, const char *s);

/* Calls from functions of one service into functions of another. */
typedef struct report_dep {
    int from, to; /* indices into model->services */
    int calls;    /* call expressions (sum of seam_call.count) */
    int edges;    /* distinct caller -> callee function pairs */
} report_dep;

/*
 * Who belongs where, derived from model->services (the model stores
 * membership only as each service's file and table lists). Arrays are owned
 * by the index; release with report_index_free. -1 means "no service".
 */
typedef struct report_index {
    int *file_service;      /* per model->files */
    int *function_service;  /* per model->functions, through its file */
    int *site_service;      /* per model->sql_sites, through its file */
    int *service_functions; /* per model->services: functions defined in it */
    int *service_sites;     /* per model->services: SQL sites in it */
    report_dep *deps;       /* sorted by calls descending, then from, then to */
    int ndeps;
} report_index;

/* Builds *ix for m. Returns 0 or SEAM_ENOMEM (with *ix left empty). */
int report_index_build(const seam_model *m, report_index *ix);
void report_index_free(report_index *ix);

/*
 * Ties between services of every kind, ordered for the matrix, and the
 * cycles they form (report_graph.c). Shared libraries are set apart: their
 * ties are counted in the matrices but never make a cycle or a coupling, since
 * every service links the library rather than calling a remote service.
 * Matrices are ns x ns, row = the depending service, column = the one
 * depended on, indexed [a * ns + b]; owned by the graph.
 */
typedef struct report_graph {
    int ns;
    int *calls;           /* call expressions from a's functions into b's */
    int *sql;             /* SQL sites of a touching tables b owns */
    int *fks;             /* foreign keys from a table of a to a table of b */
    unsigned char *reach; /* b reachable from a over ties between real services */
    int *order;           /* services in the plan's extraction order, shared libraries last */
    int *own_access;      /* per service: accesses of its tables by its own SQL */
    int *all_access;      /* per service: accesses of its tables by any SQL */
    int *internal;        /* per service: calls, own-table accesses and FKs inside it */
    int *external;        /* per service: ties with other real services, both directions */
    int *partners;        /* per service: real services it has a tie with, either way */
} report_graph;

/* Builds *g from m and its index. Returns 0 or SEAM_ENOMEM (with *g left empty). */
int report_graph_build(const seam_model *m, const report_index *ix, report_graph *g);
void report_graph_free(report_graph *g);

/* All ties from a to b: calls + SQL accesses + foreign keys. */
int report_graph_ties(const report_graph *g, int a, int b);

/* Appends the parts of the ties a -> b in words, "3 calls, 1 foreign key" (zeros left out). */
void report_graph_parts(const report_graph *g, int a, int b, report_buf *out);

/* 1 when the tie a -> b exists and lies on a cycle between real services. */
int report_graph_cyclic(const report_graph *g, int a, int b);

/*
 * Cycles between real services, one per group of services that reach each
 * other: report_graph_cycle_start gives the group's first service in
 * extraction order when s is one (else -1 for s not on a cycle or not first),
 * and report_graph_cycle writes a shortest cycle through s into path (at most
 * ns services, s first, not repeated at the end), returning its length.
 */
int report_graph_cycle_start(const report_graph *g, int s);
int report_graph_cycle(const report_graph *g, int s, int *path);

/* 1 when service i is a shared library. */
int report_is_shared(const seam_model *m, int i);

/* A service's colour as "#rrggbb" (greys for shared libraries and -1) and its
 * pattern: 0 solid, 1 dashed, 2 dotted (report_palette.c). */
const char *report_service_hex(const seam_model *m, int service);
int report_service_pattern(const seam_model *m, int service);

/* The service map in DOT (report_dot.c): nodes in extraction order, edges
 * between real services with their ties. */
void report_dot_build(const seam_model *m, const report_graph *g, report_buf *b);

/*
 * Appends to the embedded data (report_modmatrix.c) "mo", the modules in the
 * matrix's order (by service in extraction order, then name), and "mm", a row
 * per module with calls out: [position, gap to a column, calls, gap, calls...].
 * 0 or SEAM_ENOMEM.
 */
int report_modmatrix_json(const seam_model *m, const report_graph *g, report_buf *b);

/* The tables of service as an ER graph in DOT (report_er.c). 0 or SEAM_ENOMEM. */
int report_er_build(const seam_model *m, int service, report_buf *b);

/* 1 when the map draws the tie a -> b: one of a's three strongest, or at least a
 * half the strongest of all (report_dot.c). */
int report_dot_shown(const seam_model *m, const report_graph *g, int a, int b);

/* Lays out dot with Graphviz and appends the SVG, from <svg> on
 * (report_svg.c). 0, or SEAM_EIO / SEAM_ENOMEM with err set. */
int report_svg_render(const char *dot, report_buf *out, seam_err *err);

/*
 * A sorted set of distinct strings (report_pool.c), built by adding strings
 * (borrowed, not copied) and sealing; then each has a position. Zero-initialise.
 */
typedef struct report_pool {
    const char **v;
    int n, cap;
} report_pool;

int report_pool_add(report_pool *p, const char *s); /* NULL is skipped; SEAM_ENOMEM */
void report_pool_seal(report_pool *p);              /* sorts and removes repeats */
int report_pool_find(const report_pool *p, const char *s); /* position, or -1 */
void report_pool_json(const report_pool *p, report_buf *b); /* as a JSON array */
void report_pool_free(report_pool *p);

/* Service owning table name (case-insensitive), or -1. */
int report_table_owner(const seam_model *m, const char *table);

#endif
