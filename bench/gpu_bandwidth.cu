// gpu_bandwidth: device-to-device copy bandwidth of GPU 0, the floor bench/gpu-check.sh holds F16 decode to.
// Copies a 4 GiB buffer 20 times (after 3 warm-ups) and prints JSON: bytes per copy, seconds per copy, and the
// memory traffic rate 2 x bytes / seconds (each byte is read once and written once), in GB/s.
#include <cstdio>
#include <cuda_runtime.h>

#define CHECK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { fprintf(stderr, "error: %s: %s\n", #x, cudaGetErrorString(e)); return 1; } } while (0)

int main() {
    const size_t bytes = (size_t) 4 << 30;
    const int warm = 3, reps = 20;
    void * a = nullptr, * b = nullptr;
    CHECK(cudaMalloc(&a, bytes));
    CHECK(cudaMalloc(&b, bytes));
    CHECK(cudaMemset(a, 1, bytes));
    for (int i = 0; i < warm; i++) CHECK(cudaMemcpy(b, a, bytes, cudaMemcpyDeviceToDevice));
    cudaEvent_t t0, t1;
    CHECK(cudaEventCreate(&t0));
    CHECK(cudaEventCreate(&t1));
    CHECK(cudaEventRecord(t0));
    for (int i = 0; i < reps; i++) CHECK(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice));
    CHECK(cudaEventRecord(t1));
    CHECK(cudaEventSynchronize(t1));
    float ms = 0;
    CHECK(cudaEventElapsedTime(&ms, t0, t1));
    const double s = ms / 1e3 / reps;
    printf("{\"bytes\": %zu, \"seconds_per_copy\": %.6g, \"traffic_gb_per_s\": %.1f}\n", bytes, s, 2.0 * bytes / s / 1e9);
    return 0;
}
