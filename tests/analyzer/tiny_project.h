/*
 * tiny_project.h - throwaway C projects for analyzer tests.
 *
 * A project is a fresh directory under $TMPDIR (or /tmp) holding the files a
 * test writes and a compile_commands.json whose "directory" is the project
 * root, with relative file and -I paths, the way CMake writes them for an
 * in-tree build.
 */
#ifndef TINY_PROJECT_H
#define TINY_PROJECT_H

#include "model.h"

typedef struct tiny_project {
    char root[512];
} tiny_project;

/* Creates an empty project directory; exits the test (status 1) when it cannot. */
void tiny_project_init(tiny_project *p);

/* Writes root/rel (creating directories) with the given text. */
void tiny_project_write(tiny_project *p, const char *rel, const char *text);

/*
 * Writes compile_commands.json listing the NULL-terminated files, each compiled
 * as "cc <flags> -c <file> -o <file>.o" from the project root.
 */
void tiny_project_compdb(tiny_project *p, const char *flags, const char *const *files);

/* Removes the project directory and everything in it. */
void tiny_project_remove(tiny_project *p);

/* The analyzer run on the project with defaults (one job) into *m (initialised here); a
 * failure is a failed check, the model then as far as it got. */
void tiny_project_analyze(tiny_project *p, seam_model *m);

/* Model lookups: -1 / 0 when absent. */
int tiny_find_function(const seam_model *m, const char *name, const char *file);
int tiny_call_count(const seam_model *m, int caller, int callee);
int tiny_find_site(const seam_model *m, const char *sql);

#endif
