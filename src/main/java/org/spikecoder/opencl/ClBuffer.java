package org.spikecoder.opencl;

import static org.jocl.CL.*;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * A device buffer owned by exactly one object. Created by {@link ClContext#buffer}, which counts its bytes toward
 * the context's current and peak allocation; {@link #close()} releases it once and is safe to call again.
 */
public final class ClBuffer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ClBuffer.class);

    private final ClContext ctx;
    private final String what;
    private final long bytes;
    private cl_mem mem;

    ClBuffer(ClContext ctx, String what, long bytes, cl_mem mem) {
        this.ctx = ctx;
        this.what = what;
        this.bytes = bytes;
        this.mem = mem;
    }

    public long bytes() {
        return bytes;
    }

    /** What this buffer holds, for messages. */
    public String what() {
        return what;
    }

    cl_mem mem() {
        if (mem == null) {
            throw new IllegalStateException("buffer '" + what + "' is already released");
        }
        return mem;
    }

    /** Copies {@code count} floats from {@code src} to the start of the buffer (blocking). Not modified: src. */
    public void write(float[] src, int count) {
        transfer(true, Pointer.to(src), (long) count * Sizeof.cl_float, 0);
    }

    /** Copies {@code count} ints from {@code src} to the start of the buffer (blocking). */
    public void write(int[] src, int count) {
        transfer(true, Pointer.to(src), (long) count * Sizeof.cl_int, 0);
    }

    /** Copies {@code count} bytes from {@code src} to the start of the buffer (blocking). */
    public void write(byte[] src, int count) {
        transfer(true, Pointer.to(src), count, 0);
    }

    /** Reads {@code count} floats from the start of the buffer (blocking). Modified: dst. */
    public void read(float[] dst, int count) {
        transfer(false, Pointer.to(dst), (long) count * Sizeof.cl_float, 0);
    }

    public void read(int[] dst, int count) {
        transfer(false, Pointer.to(dst), (long) count * Sizeof.cl_int, 0);
    }

    public void read(double[] dst, int count) {
        transfer(false, Pointer.to(dst), (long) count * Sizeof.cl_double, 0);
    }

    public void read(byte[] dst, int count) {
        transfer(false, Pointer.to(dst), count, 0);
    }

    /** Zeros written by {@link #zero(long, long)}; never modified. */
    private static final byte[] ZEROS = new byte[1 << 20];

    /**
     * Sets {@code length} bytes from {@code offset} to zero, in queue order, by writing zeros from the host rather
     * than with clEnqueueFillBuffer: Oclgrind, the simulated device that checks kernels for uninitialised reads,
     * does not count filled memory as initialised and flagged every later read of it (docs/KERNELS.md).
     */
    public void zero(long offset, long length) {
        for (long done = 0; done < length; done += ZEROS.length) {
            transfer(true, Pointer.to(ZEROS), Math.min(ZEROS.length, length - done), offset + done);
        }
    }

    public void zero() {
        zero(0, bytes);
    }

    private void transfer(boolean write, Pointer p, long length, long offset) {
        if (length > bytes - offset) {
            throw new IllegalArgumentException((write ? "writing " : "reading ") + length + " bytes at " + offset
                    + " of buffer '" + what + "' of " + bytes + " bytes");
        }
        if (length == 0) {
            return;
        }
        try {
            if (write) {
                clEnqueueWriteBuffer(ctx.queue(), mem(), true, offset, length, p, 0, null, null);
            } else {
                clEnqueueReadBuffer(ctx.queue(), mem(), true, offset, length, p, 0, null, null);
            }
        } catch (CLException e) {
            throw ClStatus.fail((write ? "clEnqueueWriteBuffer(" : "clEnqueueReadBuffer(") + what + ", " + length
                    + " bytes)", e, ctx.device());
        }
    }

    @Override
    public void close() {
        if (mem == null) {
            return;
        }
        try {
            clReleaseMemObject(mem);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("releasing buffer '{}' failed: {}", what, e.toString());
        }
        mem = null;
        ctx.released(bytes);
    }
}
