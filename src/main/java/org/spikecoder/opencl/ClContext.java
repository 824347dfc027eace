package org.spikecoder.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_event;
import org.jocl.cl_mem;
import org.spikecoder.SpikecoderException;
import org.spikecoder.engine.KernelProfile.KernelTime;

/**
 * An OpenCL context and in-order command queue on one device. Owns the programs built for it (cached by their
 * defines) and counts the bytes of every {@link ClBuffer} it creates, so the peak device memory can be reported.
 * With profiling on, every launch carries an event and {@link #kernelTimes()} sums the device time per kernel.
 * {@link #close()} releases programs, queue and context once; buffers are closed by their owners first.
 */
public final class ClContext implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ClContext.class);
    private static final int MAX_PENDING_EVENTS = 4096;

    private final ClDeviceInfo device;
    private final boolean profiling;
    private cl_context context;
    private cl_command_queue queue;
    private final Map<String, ClProgram> programs = new LinkedHashMap<>();
    private final List<String> pendingNames = new ArrayList<>();
    private final List<cl_event> pendingEvents = new ArrayList<>();
    private final Map<String, KernelTime> times = new TreeMap<>();
    private long allocated;
    private long peak;

    private ClContext(ClDeviceInfo device, boolean profiling) {
        this.device = device;
        this.profiling = profiling;
        try {
            CL.setExceptionsEnabled(true);
            context = clCreateContext(null, 1, new org.jocl.cl_device_id[] {device.device()}, null, null, null);
            long props = profiling ? CL_QUEUE_PROFILING_ENABLE : 0;
            queue = clCreateCommandQueue(context, device.device(), props, null);
        } catch (CLException e) {
            close();
            throw ClStatus.fail("creating an OpenCL context and queue", e, device);
        }
    }

    /**
     * Opens a context on the device chosen by {@code spec} (see {@link ClRuntime#select}).
     *
     * @param profiling record per-kernel device times (costs an event per launch)
     */
    public static ClContext open(String spec, boolean profiling) {
        return new ClContext(ClRuntime.select(spec), profiling);
    }

    public static ClContext open(ClDeviceInfo device, boolean profiling) {
        return new ClContext(device, profiling);
    }

    public ClDeviceInfo device() {
        return device;
    }

    public boolean profiling() {
        return profiling;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /**
     * Allocates a device buffer after checking it against the device's per-buffer and total limits.
     *
     * @param what what it holds, named in any error
     */
    public ClBuffer buffer(String what, long bytes) {
        long size = Math.max(bytes, 4);
        if (size > device.maxAlloc()) {
            throw new SpikecoderException("the " + what + " needs " + Bytes.mib(size) + " in one buffer but "
                    + device.name() + " allocates at most " + Bytes.mib(device.maxAlloc())
                    + " per buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE); use a smaller --batch or a smaller network");
        }
        if (allocated + size > device.globalMemory()) {
            throw new SpikecoderException("the " + what + " needs " + Bytes.mib(size) + " more but "
                    + Bytes.mib(allocated) + " is already allocated and " + device.name() + " has "
                    + Bytes.mib(device.globalMemory()) + " (CL_DEVICE_GLOBAL_MEM_SIZE); use a smaller --batch");
        }
        try {
            cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, null);
            allocated += size;
            peak = Math.max(peak, allocated);
            return new ClBuffer(this, what, size, mem);
        } catch (CLException e) {
            throw ClStatus.fail("clCreateBuffer(" + what + ", " + size + " bytes)", e, device);
        }
    }

    void released(long bytes) {
        allocated -= bytes;
    }

    /** Bytes currently allocated through this context. */
    public long allocatedBytes() {
        return allocated;
    }

    /** Largest {@link #allocatedBytes()} seen. */
    public long peakBytes() {
        return peak;
    }

    /**
     * The spikecoder program built with these defines (first call builds, later calls reuse). Adds
     * -cl-fp32-correctly-rounded-divide-sqrt where the device offers it and NO_FP64 where it lacks doubles; never
     * -cl-fast-relaxed-math, which would break the bit-exact parity with the Java reference.
     */
    public ClProgram program(Map<String, String> defines) {
        Map<String, String> all = new LinkedHashMap<>(defines);
        if (!device.fp64()) {
            all.put("NO_FP64", "1");
        }
        String options = device.correctlyRoundedDivSqrt() ? "-cl-fp32-correctly-rounded-divide-sqrt" : "";
        String key = all + options;
        ClProgram p = programs.get(key);
        if (p == null) {
            p = new ClProgram(this, all, options);
            programs.put(key, p);
        }
        return p;
    }

    /**
     * Enqueues a kernel after checking its work-group against the device's and the kernel's limits, as CLBlast's
     * RunKernel does: the work-items of a group against CL_DEVICE_MAX_WORK_GROUP_SIZE and the kernel's
     * CL_KERNEL_WORK_GROUP_SIZE, each extent against CL_DEVICE_MAX_WORK_ITEM_SIZES, the kernel's local memory against
     * CL_DEVICE_LOCAL_MEM_SIZE. A failure names the kernel, the sizes and the limit (the sizes come from KernelSizes
     * and {@code --tune}), rather than leaving CL_INVALID_WORK_GROUP_SIZE to the driver.
     */
    void launch(ClKernel k, long[] global, long[] local) {
        long items = 1;
        for (int d = 0; d < local.length; d++) {
            items *= local[d];
            if (local[d] > device.maxWorkItemSize(d)) {
                throw new SpikecoderException("kernel " + k.name() + ": work-group " + java.util.Arrays.toString(local)
                        + " is " + local[d] + " wide in dimension " + d + " but " + device.name() + " allows "
                        + device.maxWorkItemSize(d) + " (CL_DEVICE_MAX_WORK_ITEM_SIZES); choose smaller --tune sizes");
            }
        }
        long[] info = k.workGroupInfo();
        long limit = Math.min(device.maxWorkGroup(), info[0]);
        if (items > limit) {
            throw new SpikecoderException("kernel " + k.name() + ": work-group " + java.util.Arrays.toString(local)
                    + " has " + items + " work-items but " + device.name() + " runs this kernel with at most " + limit
                    + " (CL_DEVICE_MAX_WORK_GROUP_SIZE " + device.maxWorkGroup() + ", CL_KERNEL_WORK_GROUP_SIZE "
                    + info[0] + "); choose smaller --tune sizes");
        }
        if (info[1] > device.localMemory()) {
            throw new SpikecoderException("kernel " + k.name() + " needs " + info[1] + " bytes of local memory but "
                    + device.name() + " has " + device.localMemory() + " (CL_DEVICE_LOCAL_MEM_SIZE); choose smaller"
                    + " --tune tiles");
        }
        cl_event event = profiling ? new cl_event() : null;
        try {
            clEnqueueNDRangeKernel(queue, k.handle(), global.length, null, global, local, 0, null, event);
        } catch (CLException e) {
            throw ClStatus.fail("clEnqueueNDRangeKernel(" + k.name() + ", global " + java.util.Arrays.toString(global)
                    + ", local " + java.util.Arrays.toString(local) + ")", e, device);
        }
        if (profiling) {
            pendingNames.add(k.name());
            pendingEvents.add(event);
            if (pendingEvents.size() >= MAX_PENDING_EVENTS) {
                collectTimes();
            }
        }
    }

    /** Waits until the queue is empty. */
    public void finish() {
        try {
            clFinish(queue);
        } catch (CLException e) {
            throw ClStatus.fail("clFinish", e, device);
        }
    }

    /** Device time per kernel name since the context was opened (or {@link #resetTimes()}); empty without profiling. */
    public Map<String, KernelTime> kernelTimes() {
        collectTimes();
        return new TreeMap<>(times);
    }

    public void resetTimes() {
        collectTimes();
        times.clear();
    }

    private void collectTimes() {
        if (pendingEvents.isEmpty()) {
            return;
        }
        finish();
        long[] start = new long[1];
        long[] end = new long[1];
        for (int i = 0; i < pendingEvents.size(); i++) {
            cl_event e = pendingEvents.get(i);
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_START, 8, Pointer.to(start), null);
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_END, 8, Pointer.to(end), null);
            clReleaseEvent(e);
            KernelTime old = times.getOrDefault(pendingNames.get(i), new KernelTime(0, 0));
            times.put(pendingNames.get(i), new KernelTime(old.launches() + 1, old.nanos() + (end[0] - start[0])));
        }
        pendingEvents.clear();
        pendingNames.clear();
    }

    @Override
    public void close() {
        try {
            for (cl_event e : pendingEvents) {
                clReleaseEvent(e);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("releasing profiling events failed: {}", e.toString());
        }
        pendingEvents.clear();
        pendingNames.clear();
        for (ClProgram p : programs.values()) {
            p.close();
        }
        programs.clear();
        if (queue != null) {
            try {
                clReleaseCommandQueue(queue);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("releasing command queue failed: {}", e.toString());
            }
            queue = null;
        }
        if (context != null) {
            try {
                clReleaseContext(context);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("releasing context failed: {}", e.toString());
            }
            context = null;
        }
        if (allocated != 0) {
            LOG.warn("OpenCL context closed with {} bytes of buffers still open", allocated);
        }
    }
}
