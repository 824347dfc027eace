/*
 * lif.cl - the leaky integrate-and-fire layer (eq. 1-2).
 *
 *   active_inputs:   per sample b, the ascending list of inputs i with A_in[b, i] != 0 (event list), and where
 *                    each chunk of CHUNK inputs starts in it
 *   synaptic_input:  Z[b, j] = sum over the events i of sample b of W[j, i]     (Z = W A_in for binary spikes)
 *   lif_update:      V' = (1 - alpha) V + Z, optionally V' = min(V', Vth) (authors' code),
 *                    A = (V' >= Vth), Vpre = V', V = A ? 0 : V', counts += A (the batch's spike counts,
 *                    kept here rather than in a kernel of their own: on PoCL every launch costs 0.1-0.3 ms)
 *
 * W is row-major [post][pre]; activities are sample-major [b * n + i]. The sum in synaptic_input runs over
 * ascending i, as in the Java twin, so Z and hence the spikes are bit-identical. Only active inputs cost work:
 * at the audiocoder's 58,500 inputs a sample has a few thousand events per step.
 * Twins: CpuKernels.activeInputs, CpuKernels.synapticInput, CpuKernels.lifUpdate.
 */
#pragma OPENCL FP_CONTRACT OFF

#ifndef CHUNK
  #define CHUNK 256       /* inputs per chunk of the event lists: VW weight-row slices of CHUNK floats fit in L1 */
#endif

/* NDRange roundup(B, WGS): one work-item per sample scans its input spikes once. list[b * pre + k] is the k-th
 * active input of sample b (ascending), starts[b * (nChunks + 1) + c] the first k whose input is in chunk c
 * (inputs c*CHUNK .. (c+1)*CHUNK - 1), and starts[b * (nChunks + 1) + nChunks] the number of events. The live
 * extent [extent[2b], extent[2b+1]] widens to cover them: outside it every input trace of the batch is still 0. */
__kernel void active_inputs(__global const float* spikesIn,  /* B x pre */
                            const int batch, const int pre, const int nChunks,
                            __global int* list,               /* B x pre output, the first count entries used */
                            __global int* starts,             /* B x (nChunks + 1) output */
                            __global int* extent)             /* B x 2, modified: lowest and highest input that has
                                                                 spiked in the batch (the gradients skip the rest) */
{
    const int b = get_global_id(0);
    if (b >= batch) {
        return;
    }
    __global const float* s = spikesIn + (long)b * pre;
    __global int* out = list + (long)b * pre;
    __global int* st = starts + b * (nChunks + 1);
    int n = 0;
    for (int c = 0; c < nChunks; c++) {
        st[c] = n;
        const int end = min(pre, (c + 1) * CHUNK);
        for (int i = c * CHUNK; i < end; i++) {
            /* Without a branch (whether an input spiked is a coin toss the predictor loses): every input is written
             * at the next free place, which only an event keeps (n <= i, so the place is inside the row). */
            out[n] = i;
            n += s[i] != 0.0f;
        }
    }
    st[nChunks] = n;
    if (n > 0) {
        extent[2 * b] = min(extent[2 * b], out[0]);
        extent[2 * b + 1] = max(extent[2 * b + 1], out[n - 1]);
    }
}

/* The first `lanes` of VW floats at p (the others read as 0). */
inline floatv load_lanes(__global const float* p, const int lanes) {
    if (lanes == VW) {
        return VLOADF(p);
    }
    float l[VW];
    for (int q = 0; q < VW; q++) {
        l[q] = q < lanes ? p[q] : 0.0f;
    }
    return VLOADF(l);
}

/* Stores the first `lanes` of x at p. */
inline void store_lanes(const floatv x, __global float* p, const int lanes) {
    if (lanes == VW) {
        VSTOREF(x, p);
        return;
    }
    float l[VW];
    VSTOREF(x, l);
    for (int q = 0; q < lanes; q++) {
        p[q] = l[q];
    }
}

#if VW == 1
/*
 * The GPU shape (VW = 1) of synaptic_input: weight tiles staged in local memory, reused by every sample.
 * The column gather of the CPU shape (each work-item one row, every event a load W[j, i] at a stride of a whole row
 * from its neighbours') would make every load its own memory transaction on a GPU. Instead a work-group of ST_J x ST_B
 * work-items owns ST_J consecutive rows j0.. and walks the inputs tile by tile: it stages W[j0 .. j0 + ST_J)[s0 ..
 * s0 + ST_C) with coalesced loads (consecutive work-items, consecutive columns of a row) into local memory (rows
 * padded by one float, so that the ST_J rows read at one column fall in distinct banks), then each row of ST_J
 * work-items takes a sample and adds that sample's events in the tile from local memory, one work-item per row j.
 * The weights are thus read from memory once per step (per ST_B * ST_S samples), densely but only in chunks of
 * CHUNK inputs where some sample of the block has an event; a silent chunk costs nothing.
 * Each work-item keeps, in registers, the sums and event cursors of its ST_S samples b = b0 + ly + s ST_B across all
 * tiles, so that per (b, j) the sum runs over ascending i, one event after the other, from 0: bit-identical to the
 * twin (CpuKernels.synapticInput). A sample's events in a tile are the next ones of its list (active_inputs lists
 * them in ascending order), so its cursor only moves forward. Work-items of ST_J x 1 rows of the work-group run one
 * sample at a time: on a GPU whose SIMD width divides ST_J they never diverge.
 * NDRange (roundup(post, ST_J), ST_B), work-groups ST_J x ST_B (KernelSizes.launchSynaptic).
 */
#ifndef ST_J
  #define ST_J 32         /* post neurons (weight rows) per work-group */
#endif
#ifndef ST_B
  #define ST_B 8          /* samples side by side, one per row of ST_J work-items */
#endif
#ifndef ST_S
  #define ST_S 8          /* samples per work-item, in registers */
#endif
#ifndef ST_C
  #define ST_C 64         /* weight columns per staged tile; divides CHUNK */
#endif
#if CHUNK % ST_C != 0
  #error "ST_C must divide CHUNK"
#endif

__kernel __attribute__((reqd_work_group_size(ST_J, ST_B, 1)))
void synaptic_input(__global const float* w,       /* post x pre */
                    const int post, const int pre, const int batch,
                    __global const int* list,      /* active_inputs' event lists */
                    __global const int* starts,
                    const int nChunks,
                    __global float* z)             /* B x post output */
{
    __local float tile[ST_J][ST_C + 1];
    /* Per lane: whether one of its samples has events in the chunk. Two sets, alternating from one chunk to the next
     * (counted across sample blocks too): a set is written again only after a barrier that every reader of its last
     * values has passed, even when the chunk between stages nothing. */
    __local int busy[2][ST_B];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int lid = ly * ST_J + lx;
    const int j0 = get_group_id(0) * ST_J;
    const int j = j0 + lx;
    const int rows = min(ST_J, post - j0);   /* rows past the last neuron are neither staged nor summed */
    int phase = 0;
    for (int b0 = 0; b0 < batch; b0 += ST_B * ST_S) {
        float sum[ST_S];
        int k[ST_S];
        int end[ST_S];
        for (int s = 0; s < ST_S; s++) {
            sum[s] = 0.0f;
        }
        for (int c = 0; c < nChunks; c++, phase++) {
            int any = 0;
            #pragma unroll
            for (int s = 0; s < ST_S; s++) {
                const int b = b0 + ly + s * ST_B;
                k[s] = 0;
                end[s] = 0;
                if (b < batch) {
                    __global const int* st = starts + b * (nChunks + 1);
                    k[s] = st[c];
                    end[s] = st[c + 1];
                }
                any |= k[s] < end[s];
            }
            if (lx == 0) {
                busy[phase & 1][ly] = any;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            any = 0;
            for (int q = 0; q < ST_B; q++) {
                any |= busy[phase & 1][q];
            }
            if (!any) {
                continue;   /* the same for the whole work-group: no sample of the block has an event here */
            }
            const int cEnd = min(pre, (c + 1) * CHUNK);
            for (int s0 = c * CHUNK; s0 < cEnd; s0 += ST_C) {
                for (int f = lid; f < rows * ST_C; f += ST_J * ST_B) {
                    const int r = f / ST_C;
                    const int col = f - r * ST_C;
                    tile[r][col] = s0 + col < pre ? w[(long)(j0 + r) * pre + s0 + col] : 0.0f;
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                const int s1 = s0 + ST_C;
                if (j < post) {
                    #pragma unroll
                    for (int s = 0; s < ST_S; s++) {
                        __global const int* li = list + (long)(b0 + ly + s * ST_B) * pre;
                        int e = k[s];
                        while (e < end[s]) {
                            const int i = li[e];
                            if (i >= s1) {
                                break;
                            }
                            sum[s] += tile[lx][i - s0];
                            e++;
                        }
                        k[s] = e;
                    }
                }
                barrier(CLK_LOCAL_MEM_FENCE);
            }
        }
        for (int s = 0; s < ST_S; s++) {
            const int b = b0 + ly + s * ST_B;
            if (b < batch && j < post) {
                z[b * post + j] = sum[s];
            }
        }
    }
}

/*
 * The GPU shape of synaptic_input_t (used only where transposed copies are kept: `--tune transposed=true`): a
 * work-group of WGS_MAT work-items takes WGS_MAT * SB consecutive post neurons of one sample (neuron j0 + lx + k WGS_MAT,
 * k < SB, so that the loads of a row of WT are coalesced); it stages WGS_MAT events of the sample's list at a time in
 * local memory (one coalesced load) and adds their rows in order: per (b, j) the sum runs over ascending i, as in the
 * CPU shape. NDRange (roundup(ceil(post / SB), WGS_MAT), B) (KernelSizes.launchSynapticT).
 */
#ifndef WGS_MAT
  #define WGS_MAT 64
#endif

__kernel __attribute__((reqd_work_group_size(WGS_MAT, 1, 1)))
void synaptic_input_t(__global const float* wt,        /* pre x post */
                      const int post, const int pre,
                      __global const int* list,        /* active_inputs' event lists */
                      __global const int* starts,
                      const int nChunks,
                      __global float* z)               /* B x post output */
{
    __local int ev[WGS_MAT];
    const int lx = get_local_id(0);
    const int b = get_global_id(1);
    const int g0 = get_group_id(0) * (WGS_MAT * SB);
    if (g0 >= post) {
        return;   /* the whole work-group lies past the last neuron */
    }
    __global const int* li = list + (long)b * pre;
    const int count = starts[b * (nChunks + 1) + nChunks];
    float sum[SB];
    for (int k = 0; k < SB; k++) {
        sum[k] = 0.0f;
    }
    for (int e0 = 0; e0 < count; e0 += WGS_MAT) {
        const int n = min(WGS_MAT, count - e0);
        if (lx < n) {
            ev[lx] = li[e0 + lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int e = 0; e < n; e++) {
            __global const float* row = wt + (long)ev[e] * post;
            #pragma unroll
            for (int k = 0; k < SB; k++) {
                const int j = g0 + lx + k * WGS_MAT;
                if (j < post) {
                    sum[k] += row[j];
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int k = 0; k < SB; k++) {
        const int j = g0 + lx + k * WGS_MAT;
        if (j < post) {
            z[b * post + j] = sum[k];
        }
    }
}

#else   /* VW > 1: the CPU shape */

/* Event-driven Z = W A_in on the row-major weights. NDRange roundup(ceil(post / VW), WGS_MAT): one work-item per VW
 * consecutive post neurons j0.. for the whole batch, so that its VW weight rows are read from memory once per step
 * however many samples there are. It walks the inputs chunk by chunk: first it copies the rows' slices of one chunk
 * (VW x CHUNK floats) into a table by input, slice[k] = (W[j0][i0 + k], .., W[j0 + VW - 1][i0 + k]), then every
 * sample adds one vector of it per event of that chunk. Gathering VW weights from VW rows once per input instead of
 * once per event saves most of the loads: at the audiocoder's shape a sixth of the inputs spike, and each of them
 * in about one sample in six of a batch of 50, so an input has some eight events. A chunk in which no sample has an
 * event is skipped. z holds the running sums between chunks, so per (b, j) the sum still runs over ascending i, one
 * event after the other, and Z is bit-identical to the twin. */
__kernel void synaptic_input(__global const float* w,       /* post x pre */
                             const int post, const int pre, const int batch,
                             __global const int* list,      /* active_inputs' event lists */
                             __global const int* starts,
                             const int nChunks,
                             __global float* z)             /* B x post output */
{
    const int j0 = get_global_id(0) * VW;
    if (j0 >= post) {
        return;
    }
    const int lanes = min(VW, post - j0);
    __global const float* col = w + (long)j0 * pre;
    for (int b = 0; b < batch; b++) {
        store_lanes((floatv)(0.0f), z + b * post + j0, lanes);
    }
    floatv slice[CHUNK];
    for (int c = 0; c < nChunks; c++) {
        int events = 0;
        for (int b = 0; b < batch; b++) {
            __global const int* st = starts + b * (nChunks + 1);
            events += st[c + 1] - st[c];
        }
        if (events == 0) {
            continue;
        }
        const int i0 = c * CHUNK;
        const int n = min(CHUNK, pre - i0);
        for (int k = 0; k < n; k++) {
            slice[k] = VGATHER(col + i0 + k, pre);
        }
        for (int b = 0; b < batch; b++) {
            __global const int* st = starts + b * (nChunks + 1);
            const int k0 = st[c];
            const int k1 = st[c + 1];
            if (k0 == k1) {
                continue;
            }
            __global const int* li = list + (long)b * pre;
            __global float* zb = z + b * post + j0;
            floatv sum = load_lanes(zb, lanes);
            for (int k = k0; k < k1; k++) {
                sum += slice[li[k] - i0];
            }
            store_lanes(sum, zb, lanes);
        }
    }
}

/* The same sum from the transposed weights WT (pre x post, row-major, padded), which the fused update kernels keep
 * equal to W: each event i of sample b (active_inputs) adds the contiguous slice WT[i][j0 .. j0 + SB*VW) as SB
 * vector loads. NDRange (ceil(post / (SB VW)), B): one work-item per SB*VW consecutive post neurons of sample b.
 * Per (b, j) the sum still runs over ascending i, so Z is bit-identical to synaptic_input. The inner loop
 * has no bounds check, so that it unrolls and the SB sums stay in registers: a slice that overhangs the row reads
 * into the next row or the padding (KernelSizes.padFloats), and only lanes inside the row are stored. */
__kernel void synaptic_input_t(__global const float* wt,        /* pre x post, padded */
                               const int post, const int pre,
                               __global const int* list,        /* active_inputs' event lists */
                               __global const int* starts,
                               const int nChunks,
                               __global float* z)               /* B x post output */
{
    const int j0 = get_global_id(0) * (SB * VW);
    const int b = get_global_id(1);
    if (j0 >= post) {
        return;
    }
    const int nv = min(SB, (post - j0 + VW - 1) / VW);
    __global const int* li = list + (long)b * pre;
    const int count = starts[b * (nChunks + 1) + nChunks];
    floatv sum[SB];
    for (int k = 0; k < SB; k++) {
        sum[k] = (floatv)(0.0f);
    }
    for (int e = 0; e < count; e++) {
        __global const float* row = wt + (long)li[e] * post + j0;
        #pragma unroll
        for (int k = 0; k < SB; k++) {
            sum[k] += VLOADF(row + k * VW);   /* no bounds check: see the comment above */
        }
    }
    for (int k = 0; k < SB; k++) {
        const int jk = j0 + k * VW;
        if (k < nv) {
            if (jk + VW <= post) {
                VSTOREF(sum[k], z + b * post + jk);
            } else {
                float lane[VW];
                VSTOREF(sum[k], lane);
                for (int q = 0; q < post - jk; q++) {
                    z[b * post + jk + q] = lane[q];
                }
            }
        }
    }
}

#endif   /* VW */

/* One neuron of lif_update (the scalar expressions every shape computes). */
inline void lif_one(__global float* v, __global const float* z, const float decay, const float threshold,
                    const int clamp, __global float* vPre, __global float* spikes, __global int* counts,
                    __global int* lastReset, const int resetStep, __global float* trace, const int traceIn,
                    const int traceOut, const float traceDecay, const int i)
{
    if (resetStep > 0 && spikes[i] != 0.0f) {
        lastReset[i] = resetStep;
    }
    float nv = decay * v[i] + z[i];
    if (clamp && nv > threshold) {
        nv = threshold;
    }
    vPre[i] = nv;
    const int spike = nv >= threshold;
    const float a = spike ? 1.0f : 0.0f;
    spikes[i] = a;
    counts[i] += spike;
    v[i] = spike ? 0.0f : nv;
    if (traceOut >= 0) {
        trace[traceOut + i] = traceDecay * trace[traceIn + i] + a;
    }
}

/* NDRange roundup(ceil(count / VW), WGS) (KernelSizes.lifItems): one work-item per VW neurons of the batch (one at
 * VW = 1). Two pieces of bookkeeping ride along, so that neither costs a launch of its own (each launch costs tens of
 * microseconds on PoCL, more than their work):
 *   resetStep > 0:  before the spike of this step replaces it, the spike of step resetStep (the step before, which
 *                   learned) is recorded as that neuron's last reset, lastReset[i] = resetStep (per-neuron trace; the
 *                   step's gradient has read lastReset by then). Twin: CpuKernels.updateLastReset.
 *   traceOut >= 0:  the next layer's input trace from this step's spike, trace[traceOut + i] =
 *                   decay * trace[traceIn + i] + spike (in == out: the shared trace). Twin: CpuKernels.traceUpdate.
 * The CPU shape computes VW neurons with vector loads, compares and selects, and stores every lane: a work-group
 * loop that PoCL vectorises itself guards each lane with masked loads and stores, and that form took 3.6x as long on
 * a Zen 3 EPYC (docs/RESULTS.md). Lanes compute the scalar expressions, so the bits are the twin's; the
 * last VW - 1 neurons at most take the scalar path. lastReset is written only where resetStep > 0 (the host passes
 * another buffer in its place when the layer keeps none). Twin: CpuKernels.lifUpdate, with those two around it. */
__kernel void lif_update(__global float* v,           /* membrane potentials, modified */
                         __global const float* z,
                         const int count, const float decay, const float threshold, const int clamp,
                         __global float* vPre,        /* V before reset, output */
                         __global float* spikes,      /* 0 or 1: the previous step's in, this step's out */
                         __global int* counts,        /* spike counts since the batch began, modified: += spike */
                         __global int* lastReset, const int resetStep,
                         __global float* trace, const int traceIn, const int traceOut, const float traceDecay)
{
    const int i = get_global_id(0) * VW;
    if (i >= count) {
        return;
    }
#if VW > 1
    if (i + VW <= count) {
        const floatv before = VLOADF(spikes + i);
        if (resetStep > 0) {
            VSTOREF(select(VLOADI(lastReset + i), (intv)(resetStep), before != 0.0f), lastReset + i);
        }
        floatv nv = decay * VLOADF(v + i) + VLOADF(z + i);
        if (clamp) {
            nv = select(nv, (floatv)(threshold), nv > threshold);
        }
        VSTOREF(nv, vPre + i);
        const intv spike = nv >= threshold;   /* -1 where true */
        const floatv a = select((floatv)(0.0f), (floatv)(1.0f), spike);
        VSTOREF(a, spikes + i);
        VSTOREF(VLOADI(counts + i) - spike, counts + i);
        VSTOREF(select(nv, (floatv)(0.0f), spike), v + i);
        if (traceOut >= 0) {
            VSTOREF(traceDecay * VLOADF(trace + traceIn + i) + a, trace + traceOut + i);
        }
        return;
    }
#endif
    for (int e = i; e < min(count, i + VW); e++) {
        lif_one(v, z, decay, threshold, clamp, vPre, spikes, counts, lastReset, resetStep, trace, traceIn, traceOut,
                traceDecay, e);
    }
}
