/*
 * adam-sweep.c - the memory floor of a training step's Adam update: n weights (w, m, v read and written, 24 bytes
 * each), in plain C on every core, to compare with the fused gradient kernels (docs/KERNELS.md). n defaults to the
 * audiocoder's 120 M weights; the second argument repeats the pass (for small n, whose pass is microseconds).
 *   gcc -O3 -march=native -fno-math-errno -fopenmp bench/adam-sweep.c -o /tmp/adam-sweep -lm
 *   /tmp/adam-sweep                 # 120 M weights (audiocoder 58500-2048-196)
 *   /tmp/adam-sweep 307328 2000     # the MNIST autoencoder's 784-196-784
 */
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
int main(int argc, char** argv){ long n = argc > 1 ? atol(argv[1]) : 120000000L; int reps = argc > 2 ? atoi(argv[2]) : 1;
float *w=malloc(n*4),*m=malloc(n*4),*v=malloc(n*4);
#pragma omp parallel for
for(long i=0;i<n;i++){w[i]=i*1e-9f;m[i]=0;v[i]=0;}
for(int r=0;r<3;r++){ double t0=omp_get_wtime();
for(int q=0;q<reps;q++){
#pragma omp parallel for
for(long i=0;i<n;i++){float g=w[i]*1e-4f; m[i]=0.9f*m[i]+0.1f*g; v[i]=0.999f*v[i]+0.001f*g*g; w[i]-=1e-4f*m[i]/(__builtin_sqrtf(v[i])+1e-8f);}
}
double t=(omp_get_wtime()-t0)/reps; printf("adam pass over %ld weights %.6f s, %.1f GB/s\n",n,t,6.0*n*4/t/1e9);}
return 0;}
