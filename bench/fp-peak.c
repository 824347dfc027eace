/*
 * fp-peak.c - the arithmetic ceiling of the CPU-shape kernels: how many W-lane float multiplies and adds per second
 * one core sustains when they are separate instructions (the kernels keep FP_CONTRACT OFF, so no fused
 * multiply-add), and the gradient kernels' own inner loop, g += d x - dr y over a tile of JB rows x VB vectors, in
 * plain C on every core (docs/KERNELS.md, roofline). Compare its rate with the kernel's useful terms in
 * `bench --profile` to see how much of the gap is the loop itself and how much PoCL or the bookkeeping around it.
 *   gcc -O3 -march=native -ffp-contract=off -fopenmp bench/fp-peak.c -o /tmp/fp-peak     # W = 8 lanes (AVX2)
 *   gcc -O3 -march=native -ffp-contract=off -fopenmp -DW=16 bench/fp-peak.c -o /tmp/fp-peak   # AVX-512
 *   /tmp/fp-peak [post pre B t]       # gradient loop shape; default the audiocoder's 2048 x 58500, B 50, t 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#ifndef W
#define W 8
#endif
#ifndef JB
#define JB 1
#endif
#ifndef VB
#define VB 13
#endif
typedef float vf __attribute__((vector_size(4 * W)));

/* 12 independent chains a = a x + y (a multiply, then an add): 14 vector registers, so nothing spills with AVX2's
 * 16, and enough chains to cover the multiply's and the add's latencies on current x86 cores. */
static double mul_add_pairs(long n) {
    vf a[12], x, y;
    for (int k = 0; k < W; k++) { x[k] = 0.999f; y[k] = 1e-4f; }
    for (int c = 0; c < 12; c++) { for (int k = 0; k < W; k++) { a[c][k] = 1.0f + c; } }
    double t0 = omp_get_wtime();
    for (long i = 0; i < n; i++) {
        for (int c = 0; c < 12; c++) { a[c] = a[c] * x + y; }
        __asm__ volatile("" : "+x"(a[0]), "+x"(a[1]), "+x"(a[2]), "+x"(a[3]), "+x"(a[4]), "+x"(a[5]),
                              "+x"(a[6]), "+x"(a[7]), "+x"(a[8]), "+x"(a[9]), "+x"(a[10]), "+x"(a[11]));
    }
    double dt = omp_get_wtime() - t0;
    float s = 0;
    for (int c = 0; c < 12; c++) { s += a[c][0]; }
    if (s == 12345.0f) { printf("%f\n", s); }
    return n * 12.0 / dt;
}

int main(int argc, char** argv) {
    long n = 100000000L;
    double one = mul_add_pairs(n);
    double all = 0;
    #pragma omp parallel reduction(+ : all)
    all += mul_add_pairs(n);
    printf("W = %d lanes: %.2f G (multiply + add) vector pairs/s on one core, %.2f G on %d cores"
           " (%.1f GFLOP/s)\n", W, one / 1e9, all / 1e9, omp_get_max_threads(), all * 2 * W / 1e9);

    int post = argc > 4 ? atoi(argv[1]) : 2048, pre = argc > 4 ? atoi(argv[2]) : 58500;
    int B = argc > 4 ? atoi(argv[3]) : 50, t = argc > 4 ? atoi(argv[4]) : 3;
    long ss = (long) B * pre, width = (long) VB * W;
    float* hist = aligned_alloc(64, ((t + 1) * ss + width) * 4 + 4096);
    float* d = malloc((long) B * post * 4);
    float* g = aligned_alloc(64, ((long) post * pre + width) * 4 + 4096);
    int* r = malloc((long) B * post * 4);
    for (long k = 0; k < (t + 1) * ss + width; k++) { hist[k] = k < ss ? 0.0f : (k % 7) * 0.1f; }
    for (long k = 0; k < (long) B * post; k++) { d[k] = (k % 5) * 0.01f + 1e-3f; r[k] = (int) (k % t); }
    float pw[64];
    for (int k = 0; k < 64; k++) { pw[k] = 0.9f; }
    for (int rep = 0; rep < 2; rep++) {
        double t0 = omp_get_wtime();
        #pragma omp parallel for schedule(static, 1)
        for (long i0 = 0; i0 < pre; i0 += width) {
            for (int j0 = 0; j0 < post; j0 += JB) {
                vf acc[JB][VB];
                for (int q = 0; q < JB; q++) { for (int k = 0; k < VB; k++) { acc[q][k] = (vf) {0}; } }
                for (int b = 0; b < B; b++) {
                    const float* now = hist + t * ss + (long) b * pre + i0;
                    for (int q = 0; q < JB; q++) {
                        const float dq = d[(long) b * post + j0 + q];
                        const int rq = r[(long) b * post + j0 + q];
                        const float drq = dq * pw[t - rq];
                        const float* then = hist + rq * ss + (long) b * pre + i0;
                        for (int k = 0; k < VB; k++) {
                            vf x, y;
                            __builtin_memcpy(&x, now + k * W, sizeof x);
                            __builtin_memcpy(&y, then + k * W, sizeof y);
                            acc[q][k] += dq * x - drq * y;
                        }
                    }
                }
                for (int q = 0; q < JB; q++) {
                    for (int k = 0; k < VB; k++) { __builtin_memcpy(g + (long) (j0 + q) * pre + i0 + k * W, &acc[q][k], sizeof acc[q][k]); }
                }
            }
        }
        double dt = omp_get_wtime() - t0;
        double terms = (double) post * pre * B;
        printf("gradient loop %d x %d, B %d, t %d, JB %d x VB %d: %.3f s, %.2f G vector terms/s (%.1f GFLOP/s dense)\n",
               post, pre, B, t, JB, VB, dt, terms / W / dt / 1e9, terms * 4 / dt / 1e9);
    }
    return 0;
}
