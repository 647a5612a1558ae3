/*
 * clang_api.c - libclang loaded on first need (clang_api.h).
 */
#define SEAM_CLANG_API_IMPL
#include "clang_api.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

seam_clang_api seam_clang;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512]; /* why loading failed; empty when it did not */

/*
 * The library CMake linked against before (a stable name such as
 * /usr/lib/llvm-14/lib/libclang.so), then the file it names, so that an
 * installation without the development symlink still works.
 */
static const char *const candidates[] = {SEAM_LIBCLANG, SEAM_LIBCLANG_REAL};

static void load(void)
{
    void *lib = NULL;
    const char *why = "not found";
    for (size_t i = 0; !lib && i < sizeof candidates / sizeof *candidates; i++) {
        /* RTLD_NOW: a missing function is found here, not at its first call. */
        lib = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            why = dlerror();
    }
    if (!lib) {
        snprintf(failure, sizeof failure, "cannot load libclang (%s): %s", SEAM_LIBCLANG,
                 why ? why : "unknown error");
        return;
    }
    /* The library stays loaded for the life of the process. */
#define SEAM_CLANG_RESOLVE(f)                                                                  \
    if (!failure[0] && !(*(void **)&seam_clang.f = dlsym(lib, #f)))                             \
        snprintf(failure, sizeof failure, "libclang (%s) has no %s", SEAM_LIBCLANG, #f);
    SEAM_CLANG_FUNCTIONS(SEAM_CLANG_RESOLVE)
#undef SEAM_CLANG_RESOLVE
}

int clang_api_load(seam_err *err)
{
    pthread_once(&once, load);
    if (failure[0])
        return seam_err_set(err, SEAM_ERROR, "%s", failure);
    return SEAM_OK;
}
