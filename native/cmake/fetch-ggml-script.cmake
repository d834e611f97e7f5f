# cmake [-DLATENTJ_CACHE_DIR=DIR] -P native/cmake/fetch-ggml-script.cmake
# Fetches and unpacks the llama.cpp tree as the native build does (for tools built outside it, e.g. bench/peer.sh).
include("${CMAKE_CURRENT_LIST_DIR}/fetch-ggml.cmake")
latentj_fetch_ggml(_tree)
message(STATUS "llama.cpp source: ${_tree}")
