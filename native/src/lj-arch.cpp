// The architecture registry. Registrations run while the library loads, in no fixed order across files;
// kept sorted by name, ids (indices) are the same in every run of a build.
#include "lj-arch.h"

#include <algorithm>
#include <cstring>
#include <vector>

static std::vector<const lj_arch_desc *> & registry() {
    static std::vector<const lj_arch_desc *> archs; // built on first use: safe from any file's static init
    return archs;
}

lj_arch_registration::lj_arch_registration(const lj_arch_desc & desc) {
    auto & archs = registry();
    auto at = std::lower_bound(archs.begin(), archs.end(), &desc,
                               [](const lj_arch_desc * a, const lj_arch_desc * b) { return strcmp(a->name, b->name) < 0; });
    archs.insert(at, &desc);
}

const lj_arch_desc * lj_arch_get(int32_t id) {
    const auto & archs = registry();
    return id >= 0 && id < (int32_t) archs.size() ? archs[id] : nullptr;
}

extern "C" int32_t lj_arch_count(void) { return (int32_t) registry().size(); }

extern "C" const char * lj_arch_name(int32_t arch) {
    const lj_arch_desc * d = lj_arch_get(arch);
    return d ? d->name : nullptr;
}

extern "C" int32_t lj_arch_by_name(const char * name) {
    if (!name) return -1;
    const auto & archs = registry();
    for (size_t i = 0; i < archs.size(); i++) {
        if (strcmp(archs[i]->name, name) == 0) return (int32_t) i;
    }
    return -1;
}

extern "C" int32_t lj_arch_norm(int32_t arch) {
    const lj_arch_desc * d = lj_arch_get(arch);
    return d ? d->norm : -1;
}
