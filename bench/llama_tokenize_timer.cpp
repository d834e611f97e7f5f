// Times llama.cpp's own tokenizer (llama_tokenize) on a text file, in-process, vocab loading excluded.
// Build (after building llama.cpp's libllama, e.g. in /tmp/llama-build):
//   g++ -O2 -std=c++17 bench/llama_tokenize_timer.cpp -I$LLAMA/include -I$LLAMA/ggml/include \
//       -L/tmp/llama-build/bin -lllama -lggml -lggml-base -Wl,-rpath,/tmp/llama-build/bin -o /tmp/llama_tokenize_timer
// Run: /tmp/llama_tokenize_timer VOCAB.gguf TEXT_FILE [ITERATIONS] [per-line]
#include "llama.h"
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <algorithm>

int main(int argc, char ** argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s vocab.gguf text.txt [iters] [per-line]\n", argv[0]); return 1; }
    int iters = argc > 3 ? atoi(argv[3]) : 20;
    bool per_line = argc > 4;
    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_backend_init();
    auto mp = llama_model_default_params();
    mp.vocab_only = true;
    llama_model * model = llama_model_load_from_file(argv[1], mp);
    if (!model) { fprintf(stderr, "load failed\n"); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    std::ifstream f(argv[2], std::ios::binary);
    std::stringstream ss; ss << f.rdbuf();
    std::string text = ss.str();
    std::vector<std::string> parts;
    if (per_line) { std::string l; std::istringstream is(text); while (std::getline(is, l)) parts.push_back(l); }
    else parts.push_back(text);
    std::vector<llama_token> out(text.size() + 16);
    double best = 1e30; long ntok = 0;
    for (int it = 0; it < iters; it++) {
        auto t0 = std::chrono::steady_clock::now();
        ntok = 0;
        for (auto & p : parts) ntok += llama_tokenize(vocab, p.data(), (int32_t) p.size(), out.data(), (int32_t) out.size(), false, false);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, ms);
    }
    printf("%s: %zu bytes, %ld tokens, best of %d: %.2f ms = %.2f MB/s\n", argv[1], text.size(), ntok, iters, best,
           text.size() / 1e6 / (best / 1e3));
    llama_model_free(model);
    return 0;
}
