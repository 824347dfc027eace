package org.spikecoder.opencl;

import static org.jocl.CL.*;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel of a built {@link ClProgram}. Arguments are set positionally with {@link #args}; {@link #launch} rounds
 * each global size up to a multiple of the local size (the kernels guard their own bounds) and enqueues without
 * waiting. Closed by its program.
 */
public final class ClKernel implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ClKernel.class);

    private final ClContext ctx;
    private final String name;
    private cl_kernel kernel;
    private long[] workGroupInfo;

    ClKernel(ClContext ctx, String name, cl_kernel kernel) {
        this.ctx = ctx;
        this.name = name;
        this.kernel = kernel;
    }

    public String name() {
        return name;
    }

    /**
     * Sets every argument in order: {@link ClBuffer}, Integer, Float, Long (as a long), Double.
     *
     * @return this kernel
     */
    public ClKernel args(Object... values) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            try {
                if (v instanceof ClBuffer b) {
                    clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(b.mem()));
                } else if (v instanceof Integer n) {
                    clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {n}));
                } else if (v instanceof Float f) {
                    clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {f}));
                } else if (v instanceof Long n) {
                    clSetKernelArg(kernel, i, Sizeof.cl_long, Pointer.to(new long[] {n}));
                } else if (v instanceof Boolean f) {
                    clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {f ? 1 : 0}));
                } else {
                    throw new IllegalArgumentException("kernel " + name + " argument " + i + ": unsupported "
                            + (v == null ? "null" : v.getClass().getSimpleName()));
                }
            } catch (CLException e) {
                throw ClStatus.fail("clSetKernelArg(" + name + ", argument " + i + ")", e, ctx.device());
            }
        }
        return this;
    }

    /** 1-D launch over {@code global} items in work-groups of {@code local}. */
    public void launch(long global, long local) {
        ctx.launch(this, new long[] {roundUp(global, local)}, new long[] {local});
    }

    /** 2-D launch; dimension 0 is rounded up to {@code local0}, dimension 1 uses work-groups of height 1. */
    public void launch(long global0, long global1, long local0) {
        ctx.launch(this, new long[] {roundUp(global0, local0), global1}, new long[] {local0, 1});
    }

    /** 2-D launch in work-groups of {@code local0 x local1}; each global size is rounded up to its local size. */
    public void launch(long global0, long global1, long local0, long local1) {
        ctx.launch(this, new long[] {roundUp(global0, local0), roundUp(global1, local1)}, new long[] {local0, local1});
    }

    /**
     * CL_KERNEL_WORK_GROUP_SIZE and CL_KERNEL_LOCAL_MEM_SIZE of this kernel on its device (queried once): the
     * largest work-group it can run with (registers and local memory may make it smaller than the device's limit)
     * and the local memory it declares.
     */
    long[] workGroupInfo() {
        if (workGroupInfo == null) {
            org.jocl.cl_device_id d = ctx.device().device();
            long[] out = new long[2];
            try {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
                clGetKernelWorkGroupInfo(handle(), d, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(b), null);
                out[0] = Sizeof.size_t == 8 ? b.getLong(0) : b.getInt(0) & 0xFFFFFFFFL;
                long[] local = new long[1];
                clGetKernelWorkGroupInfo(handle(), d, CL_KERNEL_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(local),
                        null);
                out[1] = local[0];
            } catch (CLException e) {
                throw ClStatus.fail("clGetKernelWorkGroupInfo(" + name + ")", e, ctx.device());
            }
            workGroupInfo = out;
        }
        return workGroupInfo;
    }

    static long roundUp(long n, long m) {
        return (n + m - 1) / m * m;
    }

    cl_kernel handle() {
        if (kernel == null) {
            throw new IllegalStateException("kernel " + name + " is already released");
        }
        return kernel;
    }

    @Override
    public void close() {
        if (kernel == null) {
            return;
        }
        try {
            clReleaseKernel(kernel);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("releasing kernel {} failed: {}", name, e.toString());
        }
        kernel = null;
    }
}
