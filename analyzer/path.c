/*
 * path.c - paths relative to SRC: what the compile database, the source walk
 * and libclang's file names become in the facts.
 */
#include "analyzer_internal.h"

#include <string.h>

const char *path_relative(const char *root, const char *abs)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return abs[0] == '/' && abs[1] ? abs + 1 : NULL;
    if (strncmp(abs, root, n) != 0 || abs[n] != '/' || abs[n + 1] == '\0')
        return NULL;
    return abs + n + 1;
}
