/*
 * sql_text.c - the SQL text the plan's steps are made of: identifiers and
 * literals quoted for the inspected dialect, table names split into schema
 * and table, derived names kept within PostgreSQL's identifier length.
 *
 * Every name from the model is quoted, always: a service may be called
 * "order" (a reserved word), a table "Line Items"; quoting the same way
 * everywhere means no rule about which names need it.
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>

/* text between q characters, each q inside doubled */
static char *quoted(const char *text, char q)
{
    size_t n = 2;
    for (const char *p = text; *p; p++)
        n += *p == q ? 2 : 1;
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    *o++ = q;
    for (const char *p = text; *p; p++) {
        if (*p == q)
            *o++ = q;
        *o++ = *p;
    }
    *o++ = q;
    *o = '\0';
    return out;
}

char *pl_ident(const char *name)
{
    return quoted(name ? name : "", '"');
}

char *pl_literal(const char *text)
{
    return quoted(text ? text : "", '\'');
}

const char *pl_table_base(const char *table)
{
    const char *dot = strrchr(table, '.');
    return dot ? dot + 1 : table;
}

char *pl_table_schema(const pl_ctx *c, const char *table)
{
    const char *dot = strrchr(table, '.');
    if (dot)
        return seam_printf("%.*s", (int)(dot - table), table);
    return seam_strdup(c->m->schema.dialect == SEAM_DIALECT_SQLITE ? "main" : "public");
}

char *pl_table_sql(const pl_ctx *c, const char *table)
{
    char *schema = pl_table_schema(c, table);
    char *s = schema ? pl_ident(schema) : NULL, *t = pl_ident(pl_table_base(table));
    free(schema);
    return s && t ? pl_join(s, ".", t) : (free(s), free(t), NULL);
}

char *pl_ident_cut(const char *text)
{
    size_t n = strlen(text);
    if (n > PL_IDENT_MAX) {
        n = PL_IDENT_MAX;
        /* never split a UTF-8 sequence: back up over continuation bytes */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    return seam_printf("%.*s", (int)n, text);
}

char *pl_join(char *a, const char *sep, char *b)
{
    char *out = a && b ? seam_printf("%s%s%s", a, sep, b) : NULL;
    free(a);
    free(b);
    return out;
}
