/*
 * grad.cl - eligibility traces and the fused trace-times-error weight gradient (eq. 9-17).
 *
 *   (the input trace xhat[t] = (1 - alpha) xhat[t-1] + A_in[t] and the last reset steps r[b, j] = t where A[b, j] = 1
 *    advance in the kernels that make the spikes: poisson_encode and lif_update)
 *   shared_trace_scale: q[b, i] *= 1 - (sum_j A[b, j]) / divisor            (authors' shared trace)
 *
 *   weight_grad_per_neuron_update (the paper's per-neuron reset, factorised as in docs/MATH.md, section 5.1):
 *       tr[b, j, i] = xhat[t][b, i] - (1 - alpha)^(t - r) xhat[r][b, i]     (r = r[b, j]; r = 0: never reset)
 *       g[j, i]     = (1/B) sum_b delta[b, j] tr[b, j, i]
 *   weight_grad_shared_update (the authors' code):
 *       g[j, i]     = (1/B) sum_b delta[b, j] q[b, i]
 *   each followed at once by the Adam or SGD update of W[j, i] (optim.cl), so the B x post x pre trace and the
 *   post x pre gradient are never stored.
 *
 * The host launches the fused kernels only after every delta of the step is computed: the hidden delta reads
 * W_next before its update. In the CPU shape, row_sample_lists first lists each row block's samples with their
 * scalar work, once per step, for layers of 4 or more column blocks (KernelSizes.listsSamples). Sums over b run in
 * ascending order and skip zero deltas, as the Java twins.
 * Sparsity: a sample is skipped in a tile when the tile's deltas are all 0, or when the tile's inputs lie outside the
 * sample's live extent (active_inputs: the inputs that have spiked since the batch began), where every trace is
 * still exactly 0 and every term would add +-0, which leaves a sum unchanged. At the audiocoder's 58,500 inputs
 * (39 channels x 1500 frames, time-major) a short clip's extent ends after a fifth of them: the rest is padding.
 * Twins: CpuKernels.sharedTraceScale, weightGradPerNeuron + adamUpdate / sgdUpdate,
 * weightGradShared + adamUpdate / sgdUpdate.
 */
#pragma OPENCL FP_CONTRACT OFF

/* NDRange (B * WGS_ROW), local WGS_ROW: one work-group per sample counts the post layer's spikes, then scales. */
__kernel void shared_trace_scale(__global float* trace,          /* B x pre, modified */
                                 __global const float* spikesPost, /* B x post */
                                 const int pre, const int post, const float divisor)
{
    __local int part[WGS_ROW];
    const int b = get_group_id(0);
    const int lid = get_local_id(0);
    int n = 0;
    for (int j = lid; j < post; j += WGS_ROW) {
        n += spikesPost[b * post + j] != 0.0f;
    }
    part[lid] = n;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WGS_ROW / 2; s > 0; s >>= 1) {
        if (lid < s) {
            part[lid] += part[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float scale = 1.0f - (float)part[0] / divisor;
    for (int i = lid; i < pre; i += WGS_ROW) {
        trace[b * pre + i] *= scale;
    }
}

/* Which NDRange dimension runs along the weight row (i): 0 on GPUs, so that neighbouring work-items read
 * neighbouring weights; 1 on CPU devices, so that consecutive work-groups (which PoCL runs in order of dimension 0)
 * take consecutive row blocks of the same column block and find its slice of the traces in cache. */
/* Row blocks of JB rows that one work-item does one after the other (RB): its column block's slice of the traces
 * is then read RB times while it is still in cache. */
#ifndef RB
  #define RB 1
#endif
#ifndef GRAD_IDIM
  #define GRAD_IDIM 0
#endif

/* Words of one entry of a row block's sample list (row_sample_lists): the sample b, then per row q < JB its scaled
 * delta d, its decay coefficient dr (both as int bits) and the offset of its reset step's trace slice. */
#define LIST_WORDS (1 + 3 * JB)

/* NDRange ceil(post / JB): once per step, row block k (rows JB k .. JB k + JB - 1) lists, in ascending b, the samples
 * of which some of its JB deltas is non-zero, each with its scalar work done:
 *     d[q] = delta[b, j] / B,  dr[q] = d[q] (1 - alpha)^(t - r)   (r = r[b, j]; both 0 for rows past the layer)
 *     off[q] = r * batchStride * pre + b * pre                     (-1 where r = 0 or d = 0: the term is d now)
 * the same products as in weight_grad_per_neuron_update's GPU shape and the Java twin, so the sums are unchanged.
 * Why: every one of the ceil(pre / (VB VW)) column blocks of the row block used to redo this work for each of the B
 * samples (listing, two loads and a decay power per row); at the audiocoder's shape that was a third of the
 * kernel's time (docs/RESULTS.md). The list of row block k starts at k * B * LIST_WORDS; counts[k] is its length.
 * Only the CPU shape reads the lists (the GPU shape stages the same scalars in local memory); the kernel is the same
 * in both shapes. Twin: CpuKernels.rowSampleLists. */
__kernel void row_sample_lists(__global const float* delta,      /* B x post */
                               __global const int* lastReset,    /* B x post */
                               __constant float* powTab,         /* T+1 */
                               const int t, const int batch, const int batchStride, const int post, const int pre,
                               const float invB,
                               __global int* lists,              /* ceil(post / JB) x B x LIST_WORDS */
                               __global int* counts)             /* ceil(post / JB) */
{
    const int k = get_global_id(0);
    const int j0 = k * JB;
    if (j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int stepStride = batchStride * pre;
    __global int* e = lists + (long)k * batch * LIST_WORDS;
    int n = 0;
    for (int b = 0; b < batch; b++) {
        int any = 0;
        for (int q = 0; q < rows; q++) {
            any |= delta[b * post + j0 + q] != 0.0f;
        }
        if (!any) {
            continue;   /* a sample whose deltas are all 0 adds +-0 terms only */
        }
        e[0] = b;
        for (int q = 0; q < JB; q++) {
            float d = 0.0f;
            float dr = 0.0f;
            int off = -1;
            if (q < rows) {
                const int o = b * post + j0 + q;
                d = delta[o] * invB;
                const int r = lastReset[o];
                if (d != 0.0f && r != 0) {
                    dr = d * powTab[t - r];
                    off = r * stepStride + b * pre;
                }
            }
            e[1 + q] = as_int(d);
            e[1 + JB + q] = as_int(dr);
            e[1 + 2 * JB + q] = off;
        }
        e += LIST_WORDS;
        n++;
    }
    counts[k] = n;
}

#if VW == 1
/*
 * The GPU shape (VW = 1) of the two fused gradient kernels: work-group tiles staged in local memory.
 *
 * A work-group of GT_I x GT_J work-items owns a tile of GT_J * JB rows (post neurons j) by GT_I * VB weights of a row
 * (inputs i). Work-item (lx, ly) accumulates the JB x VB weights of rows tr0 + ly * JB + q (q < JB) and columns
 * tc0 + lx + k * GT_I (k < VB): neighbouring work-items take neighbouring columns, so every global load and store along
 * a row (traces, W, m, v) is coalesced, and the JB rows of a work-item share each trace value from a register.
 * The batch is walked in rounds of GT_B samples. Each round the whole work-group first stages, with coalesced loads,
 *   sd[s][row]   = delta[b, j] / B           the deltas of the tile's rows (consecutive j: consecutive addresses)
 *   sdr[s][row]  = sd (1 - alpha)^(t - r)    the decay coefficient of each row's last reset r = r[b, j]
 *   sr[s][row]   = r                         which step's trace that row subtracts
 *   snow[s][col] = xhat[t][b, i]             the tile's slice of the traces now (shared trace: q[b, i])
 * (barrier), then every work-item adds the round's samples in ascending b from local memory, and reads the trace at
 * each row's reset step (which differs from row to row, so it is not staged) from global memory, also coalesced
 * along the row (barrier before the next round overwrites the stage). Per weight the sum over b therefore runs in
 * ascending order with the twin's expressions (d now, or d now - dr then; zero deltas skipped), and the result is
 * bit-identical to CpuKernels.weightGradPerNeuron / weightGradShared. A sample whose live extent misses the tile is
 * skipped by the whole work-group at once (its traces there are all 0: adding +-0 leaves every sum unchanged), and
 * its traces are not staged. Work-items past the last row or column stage and wait at the barriers like the others
 * but store nothing; the column range launched is [colBlock0 VB, (colBlock0 + colBlocks) VB) clipped to the row.
 * Only the round's nb <= GT_B samples are staged (and read). Tile sizes come from the device's limits (KernelSizes.Tiles: work-group size, local memory); GT_B is at most what
 * fits the local-memory budget. With RB > 1 a work-group takes RB row tiles of the same columns one after another.
 * Work-groups are numbered rows first (group dimension 0: the row tile, 1: the column tile), so that the work-groups
 * a GPU runs at the same time share their column tiles: the trace slices of those columns at every reset step
 * (T x B x GT_COLS floats) are read from memory once and then from cache by every row tile, as GRAD_IDIM = 1 does on
 * CPUs. Within a work-group, dimension 0 still runs along the row, which is what keeps the loads coalesced.
 */
#ifndef GT_I
  #define GT_I 64         /* work-items along the weight row per work-group */
#endif
#ifndef GT_J
  #define GT_J 4          /* work-items across the rows per work-group, JB rows each */
#endif
#ifndef GT_B
  #define GT_B 32         /* samples staged per round */
#endif
#define GT_ROWS (GT_J * JB)
#define GT_COLS (GT_I * VB)

/* Whether sample b has spiked in an input of columns [lo, hi) of the tile (else every trace there is still 0). */
inline int tile_live(__global const int* extent, const int b, const int lo, const int hi) {
    return hi > extent[2 * b] && lo <= extent[2 * b + 1];
}

/* The Adam or SGD update of a work-item's JB x VB weights, rows j0 + q and columns i0 + k GT_I (those inside the layer
 * and before tc1), from their gradients g; with writeT also into the transposed copy. */
inline void update_tile(float g[JB][VB], const int j0, const int i0, const int tc1, const int post, const int pre,
                        __global float* w, __global float* m, __global float* v,
                        const float lr, const float beta1, const float beta2, const float eps,
                        const float weightDecay, const float c1, const float c2, const int adam, const int first,
                        __global float* wt, const int writeT)
{
    for (int q = 0; q < JB; q++) {
        const int j = j0 + q;
        for (int k = 0; k < VB; k++) {
            const int i = i0 + k * GT_I;
            if (j < post && i < tc1) {
                update_lanes(w, m, v, (long)j * pre + i, 1, g[q][k], lr, beta1, beta2, eps, weightDecay, c1, c2,
                             adam, first);
                if (writeT) {
                    store_transposed(w, wt, j, i, 1, pre, post);
                }
            }
        }
    }
}

/* NDRange (GT_I * ceil(post / (GT_J JB RB)), GT_J * ceil(colBlocks / GT_I)), work-groups GT_I x GT_J
 * (KernelSizes.launchGrad). */
__kernel __attribute__((reqd_work_group_size(GT_I, GT_J, 1)))
void weight_grad_per_neuron_update(__global const float* delta,      /* B x post */
                                   __global const float* traceHist,  /* (T+1) x Bcap x pre */
                                   __global const int* lastReset,    /* B x post */
                                   __global const int* extent,       /* B x 2 live extents */
                                   __constant float* powTab,         /* T+1 */
                                   const int t, const int batch, const int batchStride,
                                   const int post, const int pre, const float invB,
                                   __global float* w, __global float* m, __global float* v,
                                   const float lr, const float beta1, const float beta2, const float eps,
                                   const float weightDecay, const float c1, const float c2,
                                   const int adam, const int first,
                                   __global float* wt, const int writeT,
                                   const int colBlock0, const int colBlocks,
                                   __global const int* lists,        /* unused here: the CPU shape's sample lists */
                                   __global const int* counts, const int listed)
{
    __local float sd[GT_B][GT_ROWS];
    __local float sdr[GT_B][GT_ROWS];
    __local int sr[GT_B][GT_ROWS];
    __local float snow[GT_B][GT_COLS];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int lid = ly * GT_I + lx;
    const int colEnd = min(pre, (colBlock0 + colBlocks) * VB);
    const int tc0 = colBlock0 * VB + get_group_id(1) * GT_COLS;
    if (tc0 >= colEnd) {
        return;   /* the whole work-group lies past the launched columns */
    }
    const int tc1 = min(colEnd, tc0 + GT_COLS);
    const int stepStride = batchStride * pre;
    __global const float* now = traceHist + t * stepStride;
    for (int rb = 0; rb < RB; rb++) {
    const int tr0 = (get_group_id(0) * RB + rb) * GT_ROWS;
    if (tr0 >= post) {
        return;   /* uniform: the work-group's remaining row tiles lie past the last row */
    }
    float g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = 0.0f;
        }
    }
    for (int b0 = 0; b0 < batch; b0 += GT_B) {
        const int nb = min(GT_B, batch - b0);
        for (int f = lid; f < nb * GT_ROWS; f += GT_I * GT_J) {
            const int s = f / GT_ROWS;
            const int row = f - s * GT_ROWS;
            const int j = tr0 + row;
            float d = 0.0f;
            float dr = 0.0f;
            int r = 0;
            if (j < post) {
                const int o = (b0 + s) * post + j;
                d = delta[o] * invB;
                r = lastReset[o];
                if (d != 0.0f && r != 0) {
                    dr = d * powTab[t - r];
                }
            }
            sd[s][row] = d;
            sdr[s][row] = dr;
            sr[s][row] = r;
        }
        for (int f = lid; f < nb * GT_COLS; f += GT_I * GT_J) {
            const int s = f / GT_COLS;
            const int col = f - s * GT_COLS;
            const int b = b0 + s;
            float x = 0.0f;
            if (tc0 + col < tc1 && tile_live(extent, b, tc0, tc1)) {
                x = now[b * pre + tc0 + col];
            }
            snow[s][col] = x;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int s = 0; s < nb; s++) {
            const int b = b0 + s;
            if (!tile_live(extent, b, tc0, tc1)) {
                continue;   /* the same for the whole work-group */
            }
            float x[VB];
            #pragma unroll
            for (int k = 0; k < VB; k++) {
                x[k] = snow[s][lx + k * GT_I];
            }
            #pragma unroll
            for (int q = 0; q < JB; q++) {
                const int row = ly * JB + q;
                const float d = sd[s][row];
                if (d == 0.0f) {
                    continue;
                }
                const int r = sr[s][row];
                if (r == 0) {
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d * x[k];
                    }
                } else {
                    const float dr = sdr[s][row];
                    __global const float* then = traceHist + r * stepStride + b * pre;
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        const int i = tc0 + lx + k * GT_I;
                        const float y = i < tc1 ? then[i] : 0.0f;
                        g[q][k] += d * x[k] - dr * y;
                    }
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    update_tile(g, tr0 + ly * JB, tc0 + lx, tc1, post, pre, w, m, v, lr, beta1, beta2, eps, weightDecay, c1, c2, adam,
                first, wt, writeT);
    }
}

/* The same tiles with the authors' shared trace q (B x pre): only the deltas and q are staged. */
__kernel __attribute__((reqd_work_group_size(GT_I, GT_J, 1)))
void weight_grad_shared_update(__global const float* delta,  /* B x post */
                               __global const float* trace,  /* B x pre */
                               __global const int* extent,   /* B x 2 live extents */
                               const int batch, const int post, const int pre, const float invB,
                               __global float* w, __global float* m, __global float* v,
                               const float lr, const float beta1, const float beta2, const float eps,
                               const float weightDecay, const float c1, const float c2,
                               const int adam, const int first,
                               __global float* wt, const int writeT,
                               const int colBlock0, const int colBlocks)
{
    __local float sd[GT_B][GT_ROWS];
    __local float sq[GT_B][GT_COLS];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int lid = ly * GT_I + lx;
    const int colEnd = min(pre, (colBlock0 + colBlocks) * VB);
    const int tc0 = colBlock0 * VB + get_group_id(1) * GT_COLS;
    if (tc0 >= colEnd) {
        return;   /* the whole work-group lies past the launched columns */
    }
    const int tc1 = min(colEnd, tc0 + GT_COLS);
    for (int rb = 0; rb < RB; rb++) {
    const int tr0 = (get_group_id(0) * RB + rb) * GT_ROWS;
    if (tr0 >= post) {
        return;   /* uniform: the work-group's remaining row tiles lie past the last row */
    }
    float g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = 0.0f;
        }
    }
    for (int b0 = 0; b0 < batch; b0 += GT_B) {
        const int nb = min(GT_B, batch - b0);
        for (int f = lid; f < nb * GT_ROWS; f += GT_I * GT_J) {
            const int s = f / GT_ROWS;
            const int row = f - s * GT_ROWS;
            const int j = tr0 + row;
            sd[s][row] = j < post ? delta[(b0 + s) * post + j] * invB : 0.0f;
        }
        for (int f = lid; f < nb * GT_COLS; f += GT_I * GT_J) {
            const int s = f / GT_COLS;
            const int col = f - s * GT_COLS;
            const int b = b0 + s;
            float x = 0.0f;
            if (tc0 + col < tc1 && tile_live(extent, b, tc0, tc1)) {
                x = trace[b * pre + tc0 + col];
            }
            sq[s][col] = x;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int s = 0; s < nb; s++) {
            if (!tile_live(extent, b0 + s, tc0, tc1)) {
                continue;   /* the same for the whole work-group */
            }
            float x[VB];
            #pragma unroll
            for (int k = 0; k < VB; k++) {
                x[k] = sq[s][lx + k * GT_I];
            }
            #pragma unroll
            for (int q = 0; q < JB; q++) {
                const float d = sd[s][ly * JB + q];
                if (d != 0.0f) {
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d * x[k];
                    }
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    update_tile(g, tr0 + ly * JB, tc0 + lx, tc1, post, pre, w, m, v, lr, beta1, beta2, eps, weightDecay, c1, c2, adam,
                first, wt, writeT);
    }
}

#else   /* VW > 1: the CPU shape */

/* NDRange (ceil(pre / (VB VW)), ceil(post / JB)), swapped where GRAD_IDIM = 1 (KernelSizes.gradRange): one
 * work-item per JB rows x VB*VW consecutive weights
 * (j0 .. j0+JB-1, i0 .. i0+VB*VW-1), JB*VB vector accumulators. The JB rows share each load of xhat[t]; the
 * samples to add and their scalar work (scaled delta, decay coefficient, reset step's slice) come from the row
 * block's list (row_sample_lists, once per step), which leaves out the samples whose JB deltas are all zero; a row
 * whose delta is zero is skipped too (its term would add +-0). Per weight the sum over b runs in ascending order,
 * as in the Java twin. powTab[k] = (1 - alpha)^k, k = 0..T, computed on the host by repeated
 * multiplication (CpuKernels.pow). The inner loops have no bounds checks, so that the compiler unrolls them and keeps
 * the JB x VB accumulators in registers: a tile that overhangs the row reads into the next row or the buffer's
 * padding (KernelSizes.padFloats) and its lanes outside the row are never stored. A row whose reset step is 0 adds
 * d now; xhat >= 0, so d now - dr then with dr = 0 would give the same bits, but skipping the load is cheaper.
 * With writeT = 1 the updated weights are also stored into wt, the transposed copy (pre x post) that
 * synaptic_input_t reads. The launch may cover only colBlocks column blocks from colBlock0 (the inputs some sample
 * can spike; adam_catch_up updates the others). */
__kernel void weight_grad_per_neuron_update(__global const float* delta,      /* B x post */
                                            __global const float* traceHist,  /* (T+1) x Bcap x pre */
                                            __global const int* lastReset,    /* B x post */
                                            __global const int* extent,       /* B x 2 live extents */
                                            __constant float* powTab,         /* T+1 */
                                            const int t, const int batch, const int batchStride,
                                            const int post, const int pre, const float invB,
                                            __global float* w, __global float* m, __global float* v,
                                            const float lr, const float beta1, const float beta2, const float eps,
                                            const float weightDecay, const float c1, const float c2,
                                            const int adam, const int first,
                                            __global float* wt, const int writeT,
                                            const int colBlock0, const int colBlocks,
                                            __global const int* lists,        /* row_sample_lists of this step */
                                            __global const int* counts, const int listed)
{
    if (get_global_id(GRAD_IDIM) >= colBlocks) {
        return;   /* a work-item of the rounded-up NDRange past the launched column blocks */
    }
    const int i0 = (get_global_id(GRAD_IDIM) + colBlock0) * (VB * VW);
    if (i0 >= pre) {
        return;
    }
    for (int rb = 0; rb < RB; rb++) {
    const int j0 = (get_global_id(1 - GRAD_IDIM) * RB + rb) * JB;
    if (j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int nv = min(VB, (pre - i0 + VW - 1) / VW);
    const int stepStride = batchStride * pre;
    __global const float* hist = traceHist + i0;
    const int tileWidth = min(VB * VW, pre - i0);
    for (int q = 0; q < rows; q++) {
        prefetch_update(w, m, v, (long)(j0 + q) * pre + i0, tileWidth, adam, first);
    }
    floatv g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = (floatv)(0.0f);
        }
    }
    if (listed) {
        /* The samples to add, with their scalar work, come listed from row_sample_lists. A sample none of whose inputs
         * in this tile has spiked yet (every trace here 0) adds +-0 terms only and is skipped. */
        const int blk = j0 / JB;
        const int entries = counts[blk];
        __global const int* e = lists + (long)blk * batch * LIST_WORDS;
        __global const float* nowBase = hist + t * stepStride;
        for (int n = 0; n < entries; n++, e += LIST_WORDS) {
            const int b = e[0];
            if (i0 + VB * VW <= extent[2 * b] || i0 > extent[2 * b + 1]) {
                continue;
            }
            __global const float* nowp = nowBase + b * pre;
            #pragma unroll
            for (int q = 0; q < JB; q++) {
                const float d = as_float(e[1 + q]);
                if (d == 0.0f) {
                    continue;
                }
                const int off = e[1 + 2 * JB + q];
                if (off < 0) {
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d * VLOADF(nowp + k * VW);
                    }
                } else {
                    const float dr = as_float(e[1 + JB + q]);
                    __global const float* thenp = hist + off;
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d * VLOADF(nowp + k * VW) - dr * VLOADF(thenp + k * VW);
                    }
                }
            }
        }
    } else {
        /* A layer of few column blocks (listed = 0: a row_sample_lists launch would cost more than the few
         * listings it saves). The samples to add, 64 at a time, are listed first without a branch (whether a
         * sample's deltas are 0 or its live extent misses the tile is a coin toss the branch predictor loses),
         * then added in ascending b. */
        int todo[64];
        for (int b0 = 0; b0 < batch; b0 += 64) {
        const int b1 = min(batch, b0 + 64);
        int nb = 0;
        for (int b = b0; b < b1; b++) {
            /* a sample whose deltas are all 0, or none of whose inputs in this tile has spiked yet (every trace
             * here 0; tested below), adds +-0 terms only */
            int any = 0;
            if (rows == JB) {
                #pragma unroll
                for (int q = 0; q < JB; q++) {
                    any |= delta[b * post + j0 + q] != 0.0f;
                }
            } else {
                for (int q = 0; q < rows; q++) {
                    any |= delta[b * post + j0 + q] != 0.0f;
                }
            }
            todo[nb] = b;
            nb += any;
        }
        for (int e = 0; e < nb; e++) {
            const int b = todo[e];
            if (i0 + VB * VW <= extent[2 * b] || i0 > extent[2 * b + 1]) {
                continue;   /* tested here, for the listed samples only: a hidden layer's extent is nearly always
                             * the whole layer, so the branch is predictable, and the listing loop stays short */
            }
            float d[JB];
            for (int q = 0; q < JB; q++) {
                d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            }
            __global const float* nowp = hist + t * stepStride + b * pre;
            #pragma unroll
            for (int q = 0; q < JB; q++) {
                if (d[q] == 0.0f) {
                    continue;
                }
                const int r = lastReset[b * post + j0 + q];
                if (r == 0) {
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d[q] * VLOADF(nowp + k * VW);
                    }
                } else {
                    const float dr = d[q] * powTab[t - r];
                    __global const float* thenp = hist + r * stepStride + b * pre;
                    #pragma unroll
                    for (int k = 0; k < VB; k++) {
                        g[q][k] += d[q] * VLOADF(nowp + k * VW) - dr * VLOADF(thenp + k * VW);
                    }
                }
            }
        }
        }
    }
    /* Constant indices only (unrolled, guarded), so that the compiler keeps g in registers: a loop over q < rows
     * here made it keep most of the JB x VB sums on the stack, inside the sample loop too. */
    #pragma unroll
    for (int q = 0; q < JB; q++) {
        #pragma unroll
        for (int k = 0; k < VB; k++) {
            if (q < rows && k < nv) {
                const int ik = i0 + k * VW;
                const int lanes = min(VW, pre - ik);
                update_lanes(w, m, v, (long)(j0 + q) * pre + ik, lanes, g[q][k], lr, beta1, beta2, eps,
                             weightDecay, c1, c2, adam, first);
            }
        }
    }
    if (writeT) {
        store_transposed_rows(w, wt, j0, rows, i0, tileWidth, pre, post);
    }
    }
}

/* NDRange as above, with the authors' shared trace q (B x pre). */
__kernel void weight_grad_shared_update(__global const float* delta,  /* B x post */
                                        __global const float* trace,  /* B x pre */
                                        __global const int* extent,   /* B x 2 live extents */
                                        const int batch, const int post, const int pre, const float invB,
                                        __global float* w, __global float* m, __global float* v,
                                        const float lr, const float beta1, const float beta2, const float eps,
                                        const float weightDecay, const float c1, const float c2,
                                        const int adam, const int first,
                                        __global float* wt, const int writeT,
                                        const int colBlock0, const int colBlocks)
{
    if (get_global_id(GRAD_IDIM) >= colBlocks) {
        return;   /* a work-item of the rounded-up NDRange past the launched column blocks */
    }
    const int i0 = (get_global_id(GRAD_IDIM) + colBlock0) * (VB * VW);
    if (i0 >= pre) {
        return;
    }
    for (int rb = 0; rb < RB; rb++) {
    const int j0 = (get_global_id(1 - GRAD_IDIM) * RB + rb) * JB;
    if (j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int nv = min(VB, (pre - i0 + VW - 1) / VW);
    floatv g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = (floatv)(0.0f);
        }
    }
    for (int b = 0; b < batch; b++) {
        if (i0 + VB * VW <= extent[2 * b] || i0 > extent[2 * b + 1]) {
            continue;   /* no input of this tile has spiked yet in sample b: every trace here is 0 */
        }
        float d[JB];
        int any = 0;
        for (int q = 0; q < JB; q++) {
            d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            any |= d[q] != 0.0f;
        }
        if (!any) {
            continue;
        }
        __global const float* qp = trace + b * pre + i0;
        #pragma unroll
        for (int q = 0; q < JB; q++) {
            if (d[q] != 0.0f) {
                #pragma unroll
                for (int k = 0; k < VB; k++) {
                    g[q][k] += d[q] * VLOADF(qp + k * VW);
                }
            }
        }
    }
    for (int q = 0; q < rows; q++) {
        for (int k = 0; k < VB; k++) {
            if (k < nv) {
                const int ik = i0 + k * VW;
                const int lanes = min(VW, pre - ik);
                update_lanes(w, m, v, (long)(j0 + q) * pre + ik, lanes, g[q][k], lr, beta1, beta2, eps,
                             weightDecay, c1, c2, adam, first);
            }
        }
    }
    if (writeT) {
        store_transposed_rows(w, wt, j0, rows, i0, min(VB * VW, pre - i0), pre, post);
    }
    }
}

#endif   /* VW */

/*
 * weight_grad_input_major_update: the per-neuron gradient and update of weight_grad_per_neuron_update, computed along
 * the transposed weights WT (pre x post) for windows of at most 15 steps, in every shape (VW = 1 as well).
 *
 * Why: a row-major tile pays for every sample, but an input that has not spiked yet in sample b has
 * xhat[s][b, i] = 0 at every step s <= t, so all of its terms d now - dr then are +-0, and adding +-0 leaves every
 * sum unchanged (a sum that starts at +0 never becomes -0). MNIST lights a fifth of its pixels, so most (b, i)
 * pairs of the first layer add nothing. The host uses this kernel only where a trace that has seen a spike stays
 * above 0 for the whole window ((1 - alpha)^T a normal float, OpenClBackend.inputMajorFits): then xhat[t] != 0
 * says exactly whether input i has spiked in sample b by step t.
 *
 * A work-item owns IM_I inputs (rows of WT). First it stores step t of each live pair's history into histCols
 * (pre x Bcap x 16: the pair's xhat[0..15] side by side; slot 0 and the slots of steps a pair was silent stay 0
 * from the batch's start) and lists the samples in which one of its inputs is live. Then it walks the post neurons
 * IM_J vectors at a time and, for each listed sample in ascending b, adds lane by lane over post neurons j
 *     g[i][j] += xhat[t][b, i] d[b, j] - xhat[r][b, i] dr[b, j],   d = delta / B, dr = d (1 - alpha)^(t - r),
 * r = lastReset[b, j]: the twin's term (multiplication commutes; where r = 0, xhat[0] = 0 makes the second product
 * +-0, which changes no sum, and a zero delta gives +-0 terms too), so the result equals CpuKernels.weightGradPerNeuron
 * bit for bit. d and dr come from scaled_deltas, once per step for the whole layer, rather than as a lookup and two
 * products per vector in every pass of every work-item, which also frees the registers the pass needs.
 * xhat[r] comes from the pair's 16-entry table by lane-wise lookup (one vpermps per vector at VW = 16 with AVX-512,
 * two and a blend at VW = 8 with AVX2: a fifth of the kernel's time there, docs/RESULTS.md). The Adam or SGD update
 * then runs on WT, whose moments m and v this layer keeps in the same pre x post order; the row-major W of the layer
 * is not updated (OpenClBackend reads the weights back from WT). NDRange ceil(pre / IM_I)
 * (KernelSizes.launchInputMajor). Twin: CpuKernels.weightGradPerNeuron + weightUpdate.
 */
#ifndef IM_I
  #define IM_I 2           /* inputs (rows of WT) per work-item */
#endif
#ifndef IM_J
  #define IM_J 4           /* floatVW vectors of post neurons per pass */
#endif

/* table[idx] lane by lane, idx in 0..15 (only the low four bits are used). */
inline floatv lookup16(const float16 table, const intv idx) {
#if VW == 16 && defined(__AVX512F__)
    return __builtin_ia32_permvarsf512(table, idx);
#elif VW == 8 && defined(__AVX2__)
    return select(__builtin_ia32_permvarsf256(table.lo, idx), __builtin_ia32_permvarsf256(table.hi, idx),
                  (idx & 8) != 0);
#elif VW == 1
    float a[16];
    vstore16(table, 0, a);
    return a[idx & 15];
#else
    return shuffle(table, AS_UINTV(idx & 15));
#endif
}

/* NDRange (roundup(post, WGS), B), work-groups (WGS, 1) (KernelSizes.launchScaledDeltas): each delta scaled once
 * per step for the input-major kernel, which would otherwise redo it for every one of its work-items:
 *     ds[b, j] = delta[b, j] / B,   dr[b, j] = ds[b, j] (1 - alpha)^(t - r[b, j]),   rs[b, j] = r[b, j]
 * the same two products the row-major kernels and the twin form (d and dr), written into rows of `stride` >= post
 * (a whole number of vectors, KernelSizes.inputMajorRowStride) so that every vector the input-major kernel loads
 * from them starts on a vector boundary: rows of 196 floats would put three of every four samples' loads across
 * two cache lines. The lanes past post stay as allocated (zero). Two dimensions rather than one over B x post, whose
 * row and column would cost an integer division per work-item. Twin: CpuKernels.scaledDeltas. */
__kernel void scaled_deltas(__global const float* delta, __global const int* lastReset, __constant float* powTab,
                            const int t, const int batch, const int post, const int stride, const float invB,
                            __global float* ds, __global float* dr, __global int* rs)
{
    const int j = get_global_id(0);
    const int b = get_global_id(1);
    if (j >= post || b >= batch) {
        return;
    }
    const int k = b * post + j;
    const int at = b * stride + j;
    const int r = lastReset[k];
    const float d = delta[k] * invB;
    ds[at] = d;
    dr[at] = d * powTab[t - r];
    rs[at] = r;
}

/* One pass of weight_grad_input_major_update over NQ floatVW vectors of post neurons from j0 (all inside the row
 * but the last vector's tail lanes), for the block's IM_I inputs; advances j0. A macro, not a function, so that the
 * IM_I x NQ sums stay in registers: NQ is a constant in every expansion. */
#define INPUT_MAJOR_PASS(NQ)                                                                                        \
    {                                                                                                              \
        const int width = min((NQ) * VW, post - j0);                                                               \
        for (int k = 0; k < ni; k++) {                                                                             \
            prefetch_update(wt, m, v, (long)(i0 + k) * post + j0, width, adam, first);                             \
        }                                                                                                          \
        floatv g[IM_I][NQ];                                                                                        \
        for (int k = 0; k < IM_I; k++) {                                                                           \
            for (int q = 0; q < (NQ); q++) {                                                                       \
                g[k][q] = (floatv)(0.0f);                                                                          \
            }                                                                                                      \
        }                                                                                                          \
        /* No bounds checks in this loop, so that it compiles to the terms' arithmetic alone: lanes past post read  \
         * the zeros that end each row of rowStride (KernelSizes.inputMajorRowStride) and are never stored. An     \
         * input of the pair that has not spiked has x = 0 and a history of zeros: +-0 terms. */                   \
        for (int n = 0; n < nl; n++) {                                                                             \
            const int b = list[n];                                                                                 \
            float16 hc[IM_I];                                                                                      \
            floatv x[IM_I];                                                                                        \
            _Pragma("unroll")                                                                                      \
            for (int k = 0; k < IM_I; k++) {                                                                       \
                __global const float* pair = cols + ((long)k * batchStride + b) * 16;                              \
                hc[k] = vload16(0, pair);                                                                          \
                x[k] = (floatv)(pair[t]);                                                                          \
            }                                                                                                      \
            const int row = b * rowStride + j0;                                                                    \
            _Pragma("unroll")                                                                                      \
            for (int q = 0; q < (NQ); q++) {                                                                       \
                const intv r = VLOADI(rs + row + q * VW);                                                          \
                const floatv d = VLOADF(ds + row + q * VW);                                                        \
                const floatv e = VLOADF(dr + row + q * VW);                                                        \
                _Pragma("unroll")                                                                                  \
                for (int k = 0; k < IM_I; k++) {                                                                   \
                    g[k][q] += x[k] * d - lookup16(hc[k], r) * e;                                                  \
                }                                                                                                  \
            }                                                                                                      \
        }                                                                                                          \
        for (int k = 0; k < ni; k++) {                                                                             \
            for (int q = 0; q < (NQ); q++) {                                                                       \
                const int j = j0 + q * VW;                                                                         \
                const long at = (long)(i0 + k) * post + j;                                                         \
                update_lanes(wt, m, v, at, min(VW, post - j), g[k][q], lr, beta1, beta2, eps, weightDecay, c1, c2, \
                             adam, first);                                                                         \
            }                                                                                                      \
        }                                                                                                          \
        j0 += (NQ) * VW;                                                                                           \
    }

__kernel void weight_grad_input_major_update(__global const float* ds,         /* B rows of rowStride */
                                             __global const float* dr,         /* B rows of rowStride */
                                             __global const float* traceHist,  /* (T+1) x Bcap x pre */
                                             __global float* histCols,         /* ceil(pre / IM_I) IM_I x Bcap x 16,
                                                                                  step t written */
                                             __global const int* rs,           /* reset steps, B rows of rowStride */
                                             __global int* liveList,           /* ceil(pre / IM_I) x Bcap scratch */
                                             const int t, const int batch, const int batchStride,
                                             const int post, const int rowStride, const int pre,
                                             __global float* wt,               /* pre x post */
                                             __global float* m, __global float* v,  /* pre x post */
                                             const float lr, const float beta1, const float beta2, const float eps,
                                             const float weightDecay, const float c1, const float c2,
                                             const int adam, const int first)
{
    const int blk = get_global_id(0);
    const int i0 = blk * IM_I;
    if (i0 >= pre) {
        return;
    }
    const int ni = min(IM_I, pre - i0);
    const int stepStride = batchStride * pre;
    __global const float* now = traceHist + t * stepStride + i0;
    /* The samples in which one of these inputs has spiked: the others add only +-0 terms and are left out of every
     * pass below. Listed without a branch (whether a pixel is lit in a sample is a coin toss the branch predictor
     * loses), then step t of each listed pair's history is stored; a silent input of a listed sample stores its
     * x = 0 into a slot that holds 0 already. */
    __global int* list = liveList + (long)blk * batchStride;
    int nl = 0;
    for (int b = 0; b < batch; b++) {
        int live = 0;
        for (int k = 0; k < ni; k++) {
            live |= now[b * pre + k] != 0.0f;
        }
        list[nl] = b;
        nl += live;
    }
    for (int n = 0; n < nl; n++) {
        const int b = list[n];
        for (int k = 0; k < ni; k++) {
            histCols[((long)(i0 + k) * batchStride + b) * 16 + t] = now[b * pre + k];
        }
    }
    /* The pairs' tables, row i0 + k of histCols for k < IM_I: past the last input (ni < IM_I) the rows of
     * histCols's padding, whose terms land in accumulators that are never stored. */
    __global const float* cols = histCols + (long)i0 * batchStride * 16;
    /* Passes of IM_J vectors along the row, then the rest in passes of 2 and 1, so that no pass computes vectors
     * past the row's end (post = 196 is 13 vectors of 16: four passes of 4 would compute 16). Each weight's sum
     * runs over the same listed samples in the same order whichever pass it falls in. */
    const int vectors = (post + VW - 1) / VW;
    int j0 = 0;
    for (int p = 0; p < vectors / IM_J; p++) {
        INPUT_MAJOR_PASS(IM_J);
    }
    int rest = vectors % IM_J;
    for (; rest >= 2; rest -= 2) {
        INPUT_MAJOR_PASS(2);
    }
    if (rest == 1) {
        INPUT_MAJOR_PASS(1);
    }
}
