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

/* Service owning table name (case-insensitive), or -1. */
int report_table_owner(const seam_model *m, const char *table);

#endif
