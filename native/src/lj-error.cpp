#include "lj-error.h"
#include <cstdarg>
#include <cstdio>

static thread_local std::string g_last_error;

lj_status lj_fail(lj_status status, const char * fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    g_last_error = buf;
    return status;
}

extern "C" const char * lj_last_error(void) { return g_last_error.c_str(); }

extern "C" const char * lj_version(void) { return "latentj 0.1.0 (ggml 0.23.0)"; }
