package org.spikecoder.opencl;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.spikecoder.SpikecoderException;

/**
 * Finds the OpenCL platforms and devices of this machine and picks one by {@code --device} (an index into
 * {@link #devices()} or a case-insensitive substring of the device or platform name), else by the environment
 * variable {@code SPIKECODER_DEVICE}, else the first GPU, else the first device. No platform is hard-coded.
 */
public final class ClRuntime {
    /** Environment variable consulted when no {@code --device} is given. */
    public static final String DEVICE_ENV = "SPIKECODER_DEVICE";

    /** Debian packages that provide an OpenCL runtime, named in the "no runtime" message. */
    public static final String RUNTIME_HINT = "install an OpenCL runtime, e.g. on Debian/Ubuntu "
            + "'apt-get install pocl-opencl-icd ocl-icd-opencl-dev' (or your GPU vendor's ICD)";

    private ClRuntime() {
    }

    /** Every device of every platform, in platform order; empty when there is a runtime but no device. */
    public static List<ClDeviceInfo> devices() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
                    return List.of();
                }
                throw e;
            }
            if (count[0] == 0) {
                return List.of();
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<ClDeviceInfo> out = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
                        continue;
                    }
                    throw e;
                }
                cl_device_id[] ds = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
                for (cl_device_id d : ds) {
                    out.add(describe(out.size(), platformName, p, d));
                }
            }
            return out;
        } catch (LinkageError e) {
            throw new SpikecoderException("no OpenCL runtime could be loaded (" + e.getMessage() + "); "
                    + RUNTIME_HINT, e);
        } catch (CLException e) {
            throw ClStatus.fail("listing OpenCL platforms and devices", e, null);
        }
    }

    /**
     * Picks a device.
     *
     * @param spec index or name substring; null or blank to use {@code SPIKECODER_DEVICE} or the default
     * @throws SpikecoderException naming what was seen when nothing matches or no device exists
     */
    public static ClDeviceInfo select(String spec) {
        List<ClDeviceInfo> all = devices();
        if (all.isEmpty()) {
            throw new SpikecoderException("no OpenCL device found (the runtime lists no platform with a device); "
                    + RUNTIME_HINT + ", or use --backend cpu");
        }
        String wanted = spec;
        String source = "--device";
        if (wanted == null || wanted.isBlank()) {
            wanted = System.getenv(DEVICE_ENV);
            source = DEVICE_ENV;
        }
        if (wanted == null || wanted.isBlank()) {
            return all.stream().filter(d -> "GPU".equals(d.type())).findFirst().orElse(all.get(0));
        }
        String w = wanted.trim();
        if (w.matches("\\d+")) {
            // more digits than any int would overflow parseInt; such an index matches nothing, like any too large
            if (w.length() <= 9 && Integer.parseInt(w) < all.size()) {
                return all.get(Integer.parseInt(w));
            }
        } else {
            String lw = w.toLowerCase(Locale.ROOT);
            for (ClDeviceInfo d : all) {
                if (d.name().toLowerCase(Locale.ROOT).contains(lw)
                        || d.platformName().toLowerCase(Locale.ROOT).contains(lw)) {
                    return d;
                }
            }
        }
        StringBuilder seen = new StringBuilder();
        for (ClDeviceInfo d : all) {
            seen.append(seen.length() == 0 ? "" : "; ").append(d.describe());
        }
        throw new SpikecoderException(source + " '" + w + "' matches no OpenCL device; seen: " + seen
                + " (give an index or a part of a name; 'spikecoder devices' lists them)");
    }

    private static ClDeviceInfo describe(int index, String platformName, cl_platform_id p, cl_device_id d) {
        long type = deviceLong(d, CL_DEVICE_TYPE);
        String typeName = (type & CL_DEVICE_TYPE_GPU) != 0 ? "GPU"
                : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU"
                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "ACCELERATOR" : "OTHER";
        String extensions = deviceString(d, CL_DEVICE_EXTENSIONS);
        long fpConfig = deviceLong(d, CL_DEVICE_SINGLE_FP_CONFIG);
        return new ClDeviceInfo(index, platformName, deviceString(d, CL_DEVICE_NAME).trim(), typeName,
                deviceString(d, CL_DEVICE_VERSION).trim(), deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceSizeT(d, CL_DEVICE_MAX_WORK_GROUP_SIZE), extensions.contains("cl_khr_fp64"),
                (fpConfig & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0,
                deviceInt(d, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT), deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE),
                workItemSizes(d), p, d);
    }

    /** CL_DEVICE_MAX_WORK_ITEM_SIZES: one size_t per dimension (CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS of them). */
    private static List<Long> workItemSizes(cl_device_id d) {
        int dims = deviceInt(d, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
        int size = org.jocl.Sizeof.size_t;
        ByteBuffer b = ByteBuffer.allocate(dims * size).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_ITEM_SIZES, (long) dims * size, Pointer.to(b), null);
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < dims; k++) {
            out.add(size == 8 ? b.getLong(k * 8) : b.getInt(k * 4) & 0xFFFFFFFFL);
        }
        return out;
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, 8, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, 4, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSizeT(cl_device_id d, int param) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(d, param, org.jocl.Sizeof.size_t, Pointer.to(b), null);
        return org.jocl.Sizeof.size_t == 8 ? b.getLong(0) : b.getInt(0) & 0xFFFFFFFFL;
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
