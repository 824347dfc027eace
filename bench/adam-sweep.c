/*
 * adam-sweep.c - the memory floor of one audiocoder training step: one Adam update of 120 M weights (w, m, v read
 * and written, 2.88 GB), in plain C on every core, to compare with the fused gradient kernel (docs/KERNELS.md).
 *   gcc -O3 -march=native -fno-math-errno -fopenmp bench/adam-sweep.c -o /tmp/adam-sweep -lm && /tmp/adam-sweep
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>
int main(){ long n=120000000L; float *w=malloc(n*4),*m=malloc(n*4),*v=malloc(n*4);
#pragma omp parallel for
for(long i=0;i<n;i++){w[i]=i*1e-9f;m[i]=0;v[i]=0;}
for(int r=0;r<3;r++){ double t0=omp_get_wtime();
#pragma omp parallel for
for(long i=0;i<n;i++){float g=w[i]*1e-4f; m[i]=0.9f*m[i]+0.1f*g; v[i]=0.999f*v[i]+0.001f*g*g; w[i]-=1e-4f*m[i]/(__builtin_sqrtf(v[i])+1e-8f);}
double t=omp_get_wtime()-t0; printf("adam pass %.3f s, %.1f GB/s\n",t,6.0*n*4/t/1e9);}
return 0;}
