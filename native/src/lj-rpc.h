// A model's link to its RPC servers (ggml's RPC backend, client side): the servers' devices, and the thread
// every exchange with them runs on, so that a lost server fails a call instead of the process (latentj.h,
// "RPC failures"). The server side is lj-rpc-server.cpp.
#pragma once
#include "latentj.h"
#include "ggml-backend.h"

#include <netinet/in.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

class lj_rpc_link {
public:
    // Parses "host:port[,host:port...]", checks that each server answers ggml's handshake with a protocol this
    // build speaks, and connects ggml's client to each. Fails with one line naming the server that did not.
    static lj_status open(const char * servers, int32_t timeout_ms, std::unique_ptr<lj_rpc_link> & out);
    ~lj_rpc_link();

    struct device {
        ggml_backend_dev_t dev;
        std::string name; // ggml's name for its memory: "RPC<index on its server>[host:port]"
    };
    // Every device of the servers, in the order they were listed.
    const std::vector<device> & devices() const { return devices_; }

    // Runs fn on the link's thread and waits for it at most the time-out. When the time-out passes or a server
    // is lost meanwhile, the link retires (latentj.h) and fn may go on, or stay blocked, after this returns: it
    // must only touch memory that outlives the call (the model's and the session's, never freed once retired,
    // or what it captured by value).
    lj_status run(std::function<lj_status()> fn);
    bool retired() const;
    // LJ_OK, or the retired link's failure: checked before a call reuses memory that its thread may still use
    lj_status usable() const;

private:
    struct endpoint {
        std::string name;   // as given: "host:port"
        sockaddr_in addr{}; // as resolved
        std::vector<int> connections; // ggml's socket to it, which lives as long as the link's backend for it
    };
    struct job {
        std::function<lj_status()> fn;
        lj_status status = LJ_OK;
        std::string error;
        bool done = false;
    };

    explicit lj_rpc_link(int32_t timeout_ms) : timeout_ms_(timeout_ms) {}
    lj_status connect_all();
    void work();
    std::string lost_endpoint() const;
    lj_status retire(const std::string & why);

    std::vector<endpoint> endpoints_;
    std::vector<device> devices_;
    std::vector<ggml_backend_t> connections_; // one backend per server: ggml keeps a server's connection while any
                                              // of its objects lives, and opens a new one for each otherwise
    int32_t timeout_ms_;
    // guarded by the process-wide mutex of lj-rpc-client.cpp, which the abort hook shares
    std::deque<std::shared_ptr<job>> queue_;
    bool stopping_ = false;
    bool retired_ = false;
    std::string failure_;
    std::thread worker_;
};

// fn through the link when the model has one, else directly on this thread.
template <typename F> lj_status lj_rpc_run(lj_rpc_link * link, F && fn) {
    return link ? link->run(std::function<lj_status()>(std::forward<F>(fn))) : fn();
}
