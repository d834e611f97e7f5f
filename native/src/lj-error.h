// Thread-local last error, and the status-returning style of the C API.
#pragma once
#include "latentj.h"
#include <string>

lj_status lj_fail(lj_status status, const char * fmt, ...) __attribute__((format(printf, 2, 3)));

// Runs fn, turning any C++ exception into a status so nothing unwinds into the JVM.
template <typename F> lj_status lj_guard(F && fn) {
    try {
        return fn();
    } catch (const std::bad_alloc &) {
        return lj_fail(LJ_ERR_NOMEM, "out of memory");
    } catch (const std::exception & e) {
        return lj_fail(LJ_ERR_BACKEND, "%s", e.what());
    } catch (...) {
        return lj_fail(LJ_ERR_BACKEND, "unknown native error");
    }
}
