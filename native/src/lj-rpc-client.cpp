// The client side of ggml's RPC backend, made safe to lose a server. ggml's client aborts the process when a
// connection breaks (GGML_ABORT on a failed socket read or write, on its dispatcher thread) and waits without
// limit on a server that stops answering. So every exchange runs on the link's own thread while the caller waits
// with a time-out; ggml's abort is caught by an abort hook that parks the aborting thread for good instead. The
// link then retires: it shuts down its connections, so that no thread of it ever resumes, and every later call
// fails with the same message (latentj.h, "RPC failures").
#include "lj-rpc.h"
#include "lj-error.h"
#include "ggml-rpc.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

namespace {

std::mutex g_mutex;                // every link's queue and state, and the counters below
std::condition_variable g_changed; // a job finished, a job was queued, or an RPC connection broke
uint64_t g_breaks = 0;             // RPC connections broken in this process (ggml aborts caught)
std::set<std::string> g_retired;   // servers of retired links: ggml keeps one parked connection per endpoint
ggml_abort_callback_t g_next_abort = nullptr;

// ggml's aborts from its RPC client (ggml-rpc.cpp) park the aborting thread; any other abort goes on as ggml's.
void on_abort(const char * message) {
    if (!std::strstr(message, "ggml-rpc")) {
        if (g_next_abort) {
            g_next_abort(message);
        } else {
            fprintf(stderr, "%s\n", message);
        }
        return; // ggml_abort then aborts
    }
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_breaks++;
    }
    g_changed.notify_all();
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

void install_hooks() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_next_abort = ggml_set_abort_callback(on_abort);
        // a write to a closed connection raises SIGPIPE, fatal by default (a JVM already ignores it)
        struct sigaction sa{};
        if (sigaction(SIGPIPE, nullptr, &sa) == 0 && sa.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
    });
}

struct fd_closer {
    int fd;
    ~fd_closer() { if (fd >= 0) close(fd); }
};

// Connects within timeout_ms; errno says why not.
bool connect_within(int fd, const sockaddr_in & addr, int timeout_ms) {
    const int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int rc = ::connect(fd, (const sockaddr *) &addr, sizeof(addr));
    if (rc < 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        rc = poll(&p, 1, timeout_ms);
        if (rc == 0) {
            errno = ETIMEDOUT;
            return false;
        }
        int err = 0;
        socklen_t len = sizeof(err);
        if (rc < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return false;
        if (err != 0) {
            errno = err;
            return false;
        }
        rc = 0;
    }
    fcntl(fd, F_SETFL, flags);
    return rc == 0;
}

bool send_all(int fd, const void * data, size_t n) {
    for (size_t done = 0; done < n;) {
        const ssize_t k = send(fd, (const char *) data + done, n - done, MSG_NOSIGNAL);
        if (k <= 0) return false;
        done += (size_t) k;
    }
    return true;
}

bool recv_all(int fd, void * data, size_t n) {
    for (size_t done = 0; done < n;) {
        const ssize_t k = recv(fd, (char *) data + done, n - done, 0);
        if (k <= 0) {
            if (k == 0) errno = ECONNRESET;
            return false;
        }
        done += (size_t) k;
    }
    return true;
}

// "host:port" as ggml parses it (one ':', an IPv4 host or name), resolved.
lj_status parse_endpoint(const std::string & s, sockaddr_in & addr) {
    const size_t colon = s.find(':');
    if (colon == 0 || colon == std::string::npos || s.find(':', colon + 1) != std::string::npos)
        return lj_fail(LJ_ERR_ARG, "RPC server '%s' is not host:port", s.c_str());
    const std::string host = s.substr(0, colon), port = s.substr(colon + 1);
    char * end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 1 || p > 65535)
        return lj_fail(LJ_ERR_ARG, "RPC server '%s': port '%s' is not in 1..65535", s.c_str(), port.c_str());
    addrinfo hints{}, * found = nullptr;
    hints.ai_family = AF_INET; // ggml's RPC transport speaks IPv4
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        return lj_fail(LJ_ERR_ARG, "RPC server %s: cannot resolve host '%s'", s.c_str(), host.c_str());
    addr = *(const sockaddr_in *) found->ai_addr;
    addr.sin_port = htons((uint16_t) p);
    freeaddrinfo(found);
    return LJ_OK;
}

// ggml's RPC handshake (ggml-rpc.cpp, RPC_CMD_HELLO), done here with time-outs before ggml's client connects:
// | cmd 14 (1 byte) | size 24 (8) | transport caps, 0 for TCP (24) |, answered by
// | size 28 (8) | major, minor, patch, 0 (4) | transport caps (24) |.
lj_status hello(const std::string & name, const sockaddr_in & addr, int timeout_ms) {
    fd_closer sock{socket(AF_INET, SOCK_STREAM, 0)};
    if (sock.fd < 0) return lj_fail(LJ_ERR_BACKEND, "RPC server %s: no socket: %s", name.c_str(), strerror(errno));
    if (!connect_within(sock.fd, addr, timeout_ms))
        return lj_fail(LJ_ERR_BACKEND, "RPC server %s cannot be reached: %s", name.c_str(), strerror(errno));
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(sock.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(sock.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    uint8_t request[1 + 8 + 24] = {14};
    const uint64_t request_size = 24;
    std::memcpy(request + 1, &request_size, 8);
    uint64_t reply_size = 0;
    uint8_t reply[28];
    if (!send_all(sock.fd, request, sizeof(request)) || !recv_all(sock.fd, &reply_size, 8) || reply_size != sizeof(reply) ||
        !recv_all(sock.fd, reply, sizeof(reply))) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return lj_fail(LJ_ERR_BACKEND, "RPC server %s does not answer within %d ms (it serves one client at a time: "
                           "is another one using it?)", name.c_str(), timeout_ms);
        return lj_fail(LJ_ERR_BACKEND, "RPC server %s does not speak ggml's RPC protocol (%s)", name.c_str(),
                       reply_size != 0 && reply_size != sizeof(reply) ? "unexpected handshake" : strerror(errno));
    }
    if (reply[0] != RPC_PROTO_MAJOR_VERSION || reply[1] > RPC_PROTO_MINOR_VERSION)
        return lj_fail(LJ_ERR_BACKEND, "RPC server %s speaks protocol %d.%d.%d; this build speaks %d.%d.%d", name.c_str(),
                       reply[0], reply[1], reply[2], RPC_PROTO_MAJOR_VERSION, RPC_PROTO_MINOR_VERSION, RPC_PROTO_PATCH_VERSION);
    return LJ_OK;
}

// Calls fn(fd) for each of this process's TCP connections to addr: ggml's, which it does not expose, found by
// their peer address.
template <typename F> void for_each_connection(const sockaddr_in & addr, F && fn) {
    DIR * dir = opendir("/proc/self/fd");
    if (!dir) return;
    while (dirent * e = readdir(dir)) {
        const int fd = std::atoi(e->d_name);
        sockaddr_in peer{};
        socklen_t len = sizeof(peer);
        if (fd <= 2 || getpeername(fd, (sockaddr *) &peer, &len) != 0 || peer.sin_family != AF_INET) continue;
        if (peer.sin_addr.s_addr == addr.sin_addr.s_addr && peer.sin_port == addr.sin_port) fn(fd);
    }
    closedir(dir);
}

// Whether a connection is no longer open both ways: the server closed it, or died (TCP_INFO, because a connection
// reset has no peer address any more).
bool broken(int fd) {
    tcp_info info{};
    socklen_t len = sizeof(info);
    return getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 || info.tcpi_state != TCP_ESTABLISHED;
}

} // namespace

lj_status lj_rpc_link::open(const char * servers, int32_t timeout_ms, std::unique_ptr<lj_rpc_link> & out) {
    install_hooks();
    std::unique_ptr<lj_rpc_link> link(new lj_rpc_link(timeout_ms > 0 ? timeout_ms : LJ_DEFAULT_RPC_TIMEOUT_MS));
    const std::string list = servers;
    for (size_t at = 0; at <= list.size();) {
        size_t comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        endpoint e;
        e.name = list.substr(at, comma - at);
        if (lj_status s = parse_endpoint(e.name, e.addr); s != LJ_OK) return s;
        for (const endpoint & other : link->endpoints_) {
            if (other.name == e.name) return lj_fail(LJ_ERR_ARG, "RPC server %s is listed twice", e.name.c_str());
        }
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            if (g_retired.count(e.name))
                return lj_fail(LJ_ERR_LOST, "RPC server %s was lost earlier in this process; use it from a new process",
                               e.name.c_str());
        }
        link->endpoints_.push_back(e);
        at = comma + 1;
    }
    link->worker_ = std::thread([l = link.get()] { l->work(); });
    if (lj_status s = link->run([l = link.get()] { return l->connect_all(); }); s != LJ_OK) {
        if (link->retired()) link.release(); // its thread may be parked inside ggml: nothing of it can be freed
        return s;
    }
    out = std::move(link);
    return LJ_OK;
}

lj_status lj_rpc_link::connect_all() {
    ggml_backend_reg_t rpc = ggml_backend_reg_by_name("RPC");
    auto add_server = rpc ? (ggml_backend_reg_t (*)(const char *)) ggml_backend_reg_get_proc_address(rpc, "ggml_backend_rpc_add_server") : nullptr;
    if (!add_server) return lj_fail(LJ_ERR_BACKEND, "this build has no RPC backend (libggml-rpc.so)");
    const int probe_ms = std::min(timeout_ms_, 10000);
    for (endpoint & e : endpoints_) {
        if (lj_status s = hello(e.name, e.addr, probe_ms); s != LJ_OK) return s;
        ggml_backend_reg_t reg = add_server(e.name.c_str());
        const size_t n = reg ? ggml_backend_reg_dev_count(reg) : 0;
        if (n == 0) return lj_fail(LJ_ERR_BACKEND, "RPC server %s serves no device", e.name.c_str());
        for (size_t i = 0; i < n; i++) devices_.push_back({ggml_backend_reg_dev_get(reg, i), "RPC" + std::to_string(i) + "[" + e.name + "]"});
        ggml_backend_t connection = ggml_backend_dev_init(devices_.back().dev, nullptr);
        if (!connection) return lj_fail(LJ_ERR_BACKEND, "RPC server %s: could not start its backend", e.name.c_str());
        connections_.push_back(connection);
        for_each_connection(e.addr, [&](int fd) { e.connections.push_back(fd); }); // the only open one: ggml's
    }
    if (devices_.size() > LJ_MAX_RPC_DEVICES)
        return lj_fail(LJ_ERR_ARG, "%zu RPC devices; at most %d", devices_.size(), LJ_MAX_RPC_DEVICES);
    return LJ_OK;
}

void lj_rpc_link::work() {
    std::unique_lock<std::mutex> lock(g_mutex);
    for (;;) {
        g_changed.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        std::shared_ptr<job> j = queue_.front();
        queue_.pop_front();
        lock.unlock();
        const lj_status status = lj_guard(j->fn);
        const std::string error = status != LJ_OK ? lj_last_error() : "";
        lock.lock();
        j->status = status;
        j->error = error;
        j->done = true;
        g_changed.notify_all();
    }
}

lj_status lj_rpc_link::run(std::function<lj_status()> fn) {
    auto j = std::make_shared<job>();
    j->fn = std::move(fn);
    std::unique_lock<std::mutex> lock(g_mutex);
    if (retired_) return lj_fail(LJ_ERR_LOST, "%s", failure_.c_str());
    queue_.push_back(j);
    g_changed.notify_all();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    uint64_t breaks = g_breaks;
    while (!j->done) {
        if (retired_) return lj_fail(LJ_ERR_LOST, "%s", failure_.c_str());
        if (g_breaks != breaks) {
            // a connection broke somewhere in the process: is it one of ours?
            breaks = g_breaks;
            lock.unlock();
            const std::string lost = lost_endpoint();
            lock.lock();
            if (!lost.empty()) return retired_ ? lj_fail(LJ_ERR_LOST, "%s", failure_.c_str()) : retire(lost);
            continue;
        }
        if (g_changed.wait_until(lock, deadline) == std::cv_status::timeout && !j->done && g_breaks == breaks) {
            lock.unlock();
            std::string why = lost_endpoint();
            lock.lock();
            if (why.empty()) {
                std::string names;
                for (const endpoint & e : endpoints_) names += (names.empty() ? "" : ", ") + e.name;
                why = "no answer from RPC server" + std::string(endpoints_.size() > 1 ? "s " : " ") + names + " within " +
                      std::to_string(timeout_ms_) + " ms";
            }
            return retired_ ? lj_fail(LJ_ERR_LOST, "%s", failure_.c_str()) : retire(why);
        }
    }
    if (j->status != LJ_OK) return lj_fail(j->status, "%s", j->error.c_str());
    return LJ_OK;
}

// Which of the link's servers is gone: one another link retired, one whose connection closed, or one that no
// longer takes connections.
std::string lj_rpc_link::lost_endpoint() const {
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        for (const endpoint & e : endpoints_) {
            if (g_retired.count(e.name)) return "lost RPC server " + e.name;
        }
    }
    for (const endpoint & e : endpoints_) {
        for (int fd : e.connections) {
            if (broken(fd)) return "lost RPC server " + e.name + " (its connection closed)";
        }
    }
    for (const endpoint & e : endpoints_) {
        fd_closer sock{socket(AF_INET, SOCK_STREAM, 0)};
        if (sock.fd >= 0 && !connect_within(sock.fd, e.addr, std::min(timeout_ms_, 2000)))
            return "lost RPC server " + e.name + " (" + strerror(errno) + ")";
    }
    return "";
}

// Called with g_mutex held.
lj_status lj_rpc_link::retire(const std::string & why) {
    retired_ = true;
    failure_ = why + "; the model cannot be used any more: load it again, in a new process, once the server is back";
    for (const endpoint & e : endpoints_) {
        g_retired.insert(e.name);
        // a thread blocked on one fails, and ggml's failure parks it (on_abort), so that it never resumes
        for_each_connection(e.addr, [](int fd) { shutdown(fd, SHUT_RDWR); });
    }
    return lj_fail(LJ_ERR_LOST, "%s", failure_.c_str());
}

bool lj_rpc_link::retired() const {
    std::lock_guard<std::mutex> lock(g_mutex);
    return retired_;
}

lj_status lj_rpc_link::usable() const {
    std::lock_guard<std::mutex> lock(g_mutex);
    return retired_ ? lj_fail(LJ_ERR_LOST, "%s", failure_.c_str()) : LJ_OK;
}

lj_rpc_link::~lj_rpc_link() {
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        stopping_ = true;
    }
    g_changed.notify_all();
    if (worker_.joinable()) worker_.join();
    for (ggml_backend_t b : connections_) ggml_backend_free(b); // closes the connection (no exchange)
}
