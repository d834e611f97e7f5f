// latentj rpc-server: ggml's RPC server (ggml_backend_rpc_start_server, the code of llama.cpp's rpc-server)
// over this host's backend, optionally behind a memory cap.
#include "lj-error.h"
#include "lj-init.h"
#include "ggml-backend-impl.h"
#include "ggml-rpc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace {

// The server's device with a memory cap: it reports `cap` bytes and refuses buffers beyond them. ggml's RPC
// server reaches memory and buffers through its backend's device, so this is a copy of the real device (its
// interface and context) with the memory and buffer-type entries replaced, and the backend points to it.
struct capped_device {
    ggml_backend_dev_t real = nullptr;
    ggml_backend_buffer_type_t real_buft = nullptr;
    ggml_backend_device dev{};
    ggml_backend_buffer_type buft{};
    size_t cap = 0;
    bool host = false;          // host memory: buffers are counted; a GPU's own free memory says what is used
    size_t baseline_free = 0;   // the GPU's free memory when the server started
    std::mutex mutex;
    size_t host_used = 0;
    void (*real_free)(ggml_backend_buffer_t) = nullptr;

    size_t used() {
        if (host) return host_used;
        size_t free = 0, total = 0;
        ggml_backend_dev_memory(real, &free, &total);
        return baseline_free > free ? baseline_free - free : 0;
    }
};

capped_device g_capped; // one per process: a server serves one device

void capped_memory(ggml_backend_dev_t, size_t * free, size_t * total) {
    size_t real_free = 0, real_total = 0;
    ggml_backend_dev_memory(g_capped.real, &real_free, &real_total);
    std::lock_guard<std::mutex> lock(g_capped.mutex);
    const size_t used = std::min(g_capped.used(), g_capped.cap);
    *free = std::min(real_free, g_capped.cap - used);
    *total = g_capped.cap;
}

void capped_props(ggml_backend_dev_t, ggml_backend_dev_props * props) {
    ggml_backend_dev_get_props(g_capped.real, props);
    capped_memory(nullptr, &props->memory_free, &props->memory_total);
}

ggml_backend_t capped_init(ggml_backend_dev_t, const char * params) {
    ggml_backend_t backend = g_capped.real->iface.init_backend(g_capped.real, params);
    if (backend) backend->device = &g_capped.dev;
    return backend;
}

ggml_backend_buffer_type_t capped_buffer_type(ggml_backend_dev_t) { return &g_capped.buft; }

void capped_free(ggml_backend_buffer_t buffer) {
    {
        std::lock_guard<std::mutex> lock(g_capped.mutex);
        g_capped.host_used -= buffer->size;
    }
    g_capped.real_free(buffer);
}

ggml_backend_buffer_t capped_alloc(ggml_backend_buffer_type_t buft, size_t size) {
    std::lock_guard<std::mutex> lock(g_capped.mutex);
    const size_t used = g_capped.used();
    if (used + size > g_capped.cap) {
        fprintf(stderr, "rpc-server: a client asked for %zu MiB; %zu of the %zu MiB of --mem are left\n", size >> 20,
                       (g_capped.cap - std::min(used, g_capped.cap)) >> 20, g_capped.cap >> 20);
        return nullptr;
    }
    ggml_backend_buffer_t buffer = g_capped.real_buft->iface.alloc_buffer(buft, size);
    if (buffer && g_capped.host) {
        // CPU buffers carry no identity check on their free function (GPU ones do, hence the measurement)
        g_capped.real_free = buffer->iface.free_buffer;
        buffer->iface.free_buffer = capped_free;
        g_capped.host_used += buffer->size;
    }
    return buffer;
}

ggml_backend_dev_t cap_device(ggml_backend_dev_t real, size_t cap) {
    g_capped.real = real;
    g_capped.real_buft = ggml_backend_dev_buffer_type(real);
    g_capped.cap = cap;
    g_capped.host = ggml_backend_dev_type(real) == GGML_BACKEND_DEVICE_TYPE_CPU;
    size_t total = 0;
    ggml_backend_dev_memory(real, &g_capped.baseline_free, &total);
    g_capped.dev = *real;
    g_capped.dev.iface.get_memory = capped_memory;
    g_capped.dev.iface.get_props = capped_props;
    g_capped.dev.iface.init_backend = capped_init;
    g_capped.dev.iface.get_buffer_type = capped_buffer_type;
    g_capped.buft = *g_capped.real_buft;
    g_capped.buft.device = &g_capped.dev;
    g_capped.buft.iface.alloc_buffer = capped_alloc;
    return &g_capped.dev;
}

// ggml's server reports a port it cannot take only as "Failed to create server socket": try it first, for a
// message that says why. Port 0 becomes a free port, which the kernel picks (ggml's server could not say which).
lj_status take_port(const in_addr & addr, int32_t & port, const char * host) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return lj_fail(LJ_ERR_BACKEND, "no socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)); // as ggml's server does
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr = addr;
    sa.sin_port = htons((uint16_t) port);
    socklen_t len = sizeof(sa);
    const bool bound = bind(fd, (const sockaddr *) &sa, sizeof(sa)) == 0 && getsockname(fd, (sockaddr *) &sa, &len) == 0;
    const int err = errno;
    close(fd);
    if (!bound) return lj_fail(LJ_ERR_BACKEND, "cannot listen on %s:%d: %s", host, port, strerror(err));
    port = ntohs(sa.sin_port);
    return LJ_OK;
}

} // namespace

extern "C" lj_status lj_rpc_server_start(const char * host, int32_t port, int32_t backend, int32_t n_threads, uint64_t mem_bytes) {
    return lj_guard([&]() -> lj_status {
        if (!host) return lj_fail(LJ_ERR_ARG, "null host");
        in_addr addr{};
        if (inet_pton(AF_INET, host, &addr) != 1)
            return lj_fail(LJ_ERR_ARG, "host '%s' is not an IPv4 address (ggml's RPC server listens on IPv4)", host);
        if (port < 0 || port > 65535) return lj_fail(LJ_ERR_ARG, "port %d is not in 0..65535", port);
        if (backend < LJ_BACKEND_AUTO || backend > LJ_BACKEND_CUDA) return lj_fail(LJ_ERR_ARG, "unknown backend %d", backend);
        lj_init_once();

        ggml_backend_dev_t gpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_GPU);
        ggml_backend_dev_t dev = backend == LJ_BACKEND_CPU ? ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU)
                                 : backend == LJ_BACKEND_CUDA ? gpu
                                 : gpu ? gpu : ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
        if (!dev) return lj_fail(LJ_ERR_BACKEND, "no %s device in this build or on this machine", backend == LJ_BACKEND_CUDA ? "CUDA" : "CPU");
        ggml_backend_reg_t rpc = ggml_backend_reg_by_name("RPC");
        // through the registry: the RPC backend is a module loaded at run time in the portable layout
        auto start = rpc ? (decltype(&ggml_backend_rpc_start_server)) ggml_backend_reg_get_proc_address(rpc, "ggml_backend_rpc_start_server")
                         : nullptr;
        if (!start) return lj_fail(LJ_ERR_BACKEND, "this build has no RPC backend (libggml-rpc.so)");

        if (lj_status s = take_port(addr, port, host); s != LJ_OK) return s;
        const std::string endpoint = std::string(host) + ":" + std::to_string(port);
        if (mem_bytes > 0) dev = cap_device(dev, (size_t) mem_bytes);
        const int threads = n_threads > 0 ? n_threads : std::max(1, (int) std::thread::hardware_concurrency() - 1);
        setvbuf(stdout, nullptr, _IOLBF, 0); // ggml's banner (with the endpoint) and its log lines, as they come
        start(endpoint.c_str(), nullptr, (size_t) threads, 1, &dev); // serves until its socket fails
        return lj_fail(LJ_ERR_BACKEND, "the RPC server on %s stopped: it could not listen or accept", endpoint.c_str());
    });
}
