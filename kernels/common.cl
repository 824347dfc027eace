/*
 * common.cl - definitions shared by every spikecoder kernel file.
 *
 * The host (org.spikecoder.opencl.ClProgram) concatenates this file first, then poisson.cl, lif.cl, loss.cl,
 * grad.cl, optim.cl and reduce.cl, after a block of #defines (work-group sizes, vector width). Every size below is
 * a default that such a #define overrides.
 *
 * Exactness: contraction into fused multiply-adds is disabled and the program is built without
 * -cl-fast-relaxed-math, so each float expression rounds exactly as its Java twin in
 * org.spikecoder.cpu.CpuKernels does. That is what keeps the spikes of both backends bit-identical.
 */
#pragma OPENCL FP_CONTRACT OFF

#ifndef WGS
  #define WGS 64          /* work-group size of the 1-D element-wise kernels */
#endif
#ifndef WGS_ROW
  #define WGS_ROW 64      /* work-group size of the per-sample reductions (masked_error, shared_trace_scale) */
#endif
#ifndef VW
  #define VW 1            /* outputs per work-item along the contiguous index in the matrix kernels (1, 4, 8, 16) */
#endif
#ifndef JB
  #define JB 1            /* weight rows per work-item in the fused gradient kernels */
#endif
#ifndef VB
  #define VB 1            /* floatVW vectors per weight row and work-item in the fused gradient kernels */
#endif
#ifndef SB
  #define SB 1            /* floatVW vectors per work-item in the per-sample row kernels (synaptic_input_t,
                             surrogate_delta) */
#endif

/*
 * Vector width: the matrix kernels give each work-item VW consecutive outputs along the contiguous index and
 * compute them with floatVW operations, lane by lane the same float operations as the scalar code (so results are
 * unchanged). On CPU devices (PoCL) this is what makes them SIMD; GPUs use VW = 1.
 *   VLOADF(p)      VW floats at p                VSTOREF(x, p)  stores them
 *   VGATHER(p, s)  p[0], p[s], ..., p[(VW-1) s]  (a column of a row-major matrix)
 *   VLOADI(p)      VW ints at p; intv is the int vector that comparisons of floatv give (-1 true, 0 false)
 * A work-item at the end of a row still loads VW floats and stores only the lanes inside the row; the host pads
 * every buffer read this way (KernelSizes.padFloats), so such loads stay inside the allocation and the extra lanes,
 * whose values are never stored, need no bounds checks.
 */
#if VW == 1
  typedef float floatv;
  typedef uint uintv;
  typedef int intv;
  #define VLOADI(p) (*(p))
  #define VLANES ((uint)0)
  #define VLOADF(p) (*(p))
  #define VSTOREF(x, p) (*(p) = (x))
  #define VGATHER(p, s) ((p)[0])
#elif VW == 4
  typedef float4 floatv;
  typedef uint4 uintv;
  typedef int4 intv;
  #define VLOADI(p) vload4(0, (p))
  #define VLOADU(p) vload4(0, (p))
  #define CONVERT_FLOATV(x) convert_float4(x)
  #define AS_UINTV(x) as_uint4(x)
  #define CONVERT_DOUBLEV(x) convert_double4(x)
  #define VLANES ((uint4)(0, 1, 2, 3))
  #define VLOADF(p) vload4(0, (p))
  #define VSTOREF(x, p) vstore4((x), 0, (p))
  #define VGATHER(p, s) ((float4)((p)[0], (p)[(s)], (p)[2 * (s)], (p)[3 * (s)]))
#elif VW == 8
  typedef float8 floatv;
  typedef uint8 uintv;
  typedef int8 intv;
  #define VLOADI(p) vload8(0, (p))
  #define VLOADU(p) vload8(0, (p))
  #define CONVERT_FLOATV(x) convert_float8(x)
  #define AS_UINTV(x) as_uint8(x)
  #define CONVERT_DOUBLEV(x) convert_double8(x)
  #define VLANES ((uint8)(0, 1, 2, 3, 4, 5, 6, 7))
  #define VLOADF(p) vload8(0, (p))
  #define VSTOREF(x, p) vstore8((x), 0, (p))
  #define VGATHER(p, s) ((float8)((p)[0], (p)[(s)], (p)[2 * (s)], (p)[3 * (s)], \
                                  (p)[4 * (s)], (p)[5 * (s)], (p)[6 * (s)], (p)[7 * (s)]))
#elif VW == 16
  typedef float16 floatv;
  typedef uint16 uintv;
  typedef int16 intv;
  #define VLOADI(p) vload16(0, (p))
  #define VLOADU(p) vload16(0, (p))
  #define CONVERT_FLOATV(x) convert_float16(x)
  #define AS_UINTV(x) as_uint16(x)
  #define CONVERT_DOUBLEV(x) convert_double16(x)
  #define VLANES ((uint16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
  #define VLOADF(p) vload16(0, (p))
  #define VSTOREF(x, p) vstore16((x), 0, (p))
  #define VGATHER(p, s) ((float16)((p)[0], (p)[(s)], (p)[2 * (s)], (p)[3 * (s)], \
                                   (p)[4 * (s)], (p)[5 * (s)], (p)[6 * (s)], (p)[7 * (s)], \
                                   (p)[8 * (s)], (p)[9 * (s)], (p)[10 * (s)], (p)[11 * (s)], \
                                   (p)[12 * (s)], (p)[13 * (s)], (p)[14 * (s)], (p)[15 * (s)]))
#else
  #error "VW must be 1, 4, 8 or 16"
#endif

/* Sums of many small terms (the loss) are kept in double where the device has it, as the Java twin does. */
#if defined(cl_khr_fp64) && !defined(NO_FP64)
  #pragma OPENCL EXTENSION cl_khr_fp64 : enable
  #define HAVE_FP64 1
  typedef double acc_t;
#else
  typedef float acc_t;
#endif
#if VW > 1
  #ifdef HAVE_FP64
    #define CONVERT_ACCV(x) CONVERT_DOUBLEV(x)
    #if VW == 4
      typedef double4 accv;
    #elif VW == 8
      typedef double8 accv;
    #else
      typedef double16 accv;
    #endif
  #else
    #define CONVERT_ACCV(x) (x)
    typedef floatv accv;
  #endif
#endif

/* A hint that the 64-byte lines of p[0 .. n-1] (n >= 1) will be read soon, so that short runs far apart (the rows of
 * a big layer's weight tile and its Adam moments) load while the work-item still computes, instead of stalling it
 * at the first use. CPU shape on clang-based compilers (PoCL) only; elsewhere nothing. */
#if VW > 1 && defined(__clang__)
inline void prefetch_run(__global const float* p, const int n) {
    for (int k = 0; k < n; k += 16) {
        __builtin_prefetch(p + k, 0, 3);
    }
    __builtin_prefetch(p + n - 1, 0, 3);
}
#else
inline void prefetch_run(__global const float* p, const int n) {
}
#endif

/* Prefetches n weights from w + at and, where Adam reads them (not at a batch's first step), their moments. */
inline void prefetch_update(__global const float* w, __global const float* m, __global const float* v, const long at,
                            const int n, const int adam, const int first) {
    prefetch_run(w + at, n);
    if (adam && !first) {
        prefetch_run(m + at, n);
        prefetch_run(v + at, n);
    }
}

/*
 * Philox4x32-10 (Salmon et al., SC'11): ten rounds of
 *   (c0, c1, c2, c3) <- (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0)),
 * with the key bumped by the Weyl constants between rounds. Twin: org.spikecoder.rng.Philox.philox4x32.
 */
inline uint4 philox4x32_10(uint4 c, uint2 k) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k.x += 0x9E3779B9u;
            k.y += 0xBB67AE85u;
        }
        uint hi0 = mul_hi(0xD2511F53u, c.x);
        uint lo0 = 0xD2511F53u * c.x;
        uint hi1 = mul_hi(0xCD9E8D57u, c.z);
        uint lo1 = 0xCD9E8D57u * c.z;
        c = (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    }
    return c;
}

/* The same ten rounds on VW independent counters at once (lane k: counter word 0 is c0[k]). */
inline void philox4x32_10_v(uintv* c0, uintv* c1, uintv* c2, uintv* c3, uint k0, uint k1) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        const uintv hi0 = mul_hi((uintv)(0xD2511F53u), *c0);
        const uintv lo0 = (uintv)(0xD2511F53u) * *c0;
        const uintv hi1 = mul_hi((uintv)(0xCD9E8D57u), *c2);
        const uintv lo1 = (uintv)(0xCD9E8D57u) * *c2;
        *c0 = hi1 ^ *c1 ^ k0;
        *c1 = lo1;
        *c2 = hi0 ^ *c3 ^ k1;
        *c3 = lo0;
    }
}

/* Top 24 bits of a draw as a float in [0, 1): exact in single precision. Twin: Philox.uniform24. */
inline float uniform24(uint bits) {
    return (float)(bits >> 8) * 0x1.0p-24f;
}

/*
 * Sigmoid surrogate of dA/dV (eq. 3-4): s (1 - s), s = sigmoid(V - Vth), s rounded to float from a double
 * evaluation like Twin CpuKernels.sigmoidGrad (float evaluation where the device has no fp64).
 */
inline float sigmoid_grad(float v, float threshold) {
#ifdef HAVE_FP64
    float s = (float)(1.0 / (1.0 + exp(-(double)(v - threshold))));
#else
    float s = 1.0f / (1.0f + exp(-(v - threshold)));
#endif
    return s * (1.0f - s);
}
