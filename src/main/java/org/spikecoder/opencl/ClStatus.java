package org.spikecoder.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.spikecoder.SpikecoderException;

/** OpenCL status codes as names, and the one place where a failed OpenCL call becomes a message a user can act on. */
public final class ClStatus {
    private ClStatus() {
    }

    /** "CL_OUT_OF_RESOURCES" for -5, and so on; "status N" for codes JOCL does not know. */
    public static String name(int status) {
        String s = CL.stringFor_errorCode(status);
        return s == null || s.startsWith("INVALID") ? "status " + status : s;
    }

    /** True for the statuses that mean "the device could not hold or run this much". */
    public static boolean isOutOfMemory(int status) {
        return status == CL.CL_OUT_OF_RESOURCES || status == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE
                || status == CL.CL_OUT_OF_HOST_MEMORY || status == CL.CL_INVALID_BUFFER_SIZE;
    }

    /**
     * Wraps a failed call: names the call, the status and what to do. Out-of-memory statuses mention the device's
     * memory and suggest a smaller batch.
     *
     * @param what the call and what it was asked, e.g. "clEnqueueNDRangeKernel(weight_grad_shared_update)"
     */
    public static SpikecoderException fail(String what, CLException e, ClDeviceInfo device) {
        int status = e.getStatus();
        String where = device == null ? "" : " on " + device.name();
        if (isOutOfMemory(status)) {
            String limits = device == null ? "" : "; the device has " + Bytes.mib(device.globalMemory())
                    + " global memory and allocates at most " + Bytes.mib(device.maxAlloc()) + " per buffer";
            return new SpikecoderException(what + " failed with " + name(status) + where + limits
                    + "; use a smaller --batch or a smaller network", e);
        }
        return new SpikecoderException(what + " failed with " + name(status) + where
                + " (run with --verbose for the stack trace)", e);
    }
}
