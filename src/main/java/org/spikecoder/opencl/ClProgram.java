package org.spikecoder.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.spikecoder.SpikecoderException;

/**
 * The spikecoder kernels built for one device: a block of {@code #define}s (sizes, vector width) followed by every
 * file of {@link #FILES} read from the classpath ({@code /kernels/*.cl} inside the jar), built once and cached by
 * {@link ClContext} per set of defines. A failed build throws with the compiler's log.
 */
public final class ClProgram implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ClProgram.class);

    /** Kernel files in the order they are concatenated: common.cl first (Philox, sizes), optim.cl before grad.cl. */
    public static final List<String> FILES = List.of("common.cl", "poisson.cl", "lif.cl", "loss.cl", "optim.cl",
            "grad.cl", "reduce.cl");

    private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(");

    private final ClContext ctx;
    private final String options;
    private cl_program program;
    private final Map<String, ClKernel> kernels = new LinkedHashMap<>();

    ClProgram(ClContext ctx, Map<String, String> defines, String options) {
        this.ctx = ctx;
        this.options = options;
        StringBuilder src = new StringBuilder();
        defines.forEach((k, v) -> src.append("#define ").append(k).append(' ').append(v).append('\n'));
        for (String f : FILES) {
            src.append("#line 1 \"").append(f).append("\"\n").append(source(f)).append('\n');
        }
        cl_device_id[] device = {ctx.device().device()};
        try {
            program = clCreateProgramWithSource(ctx.context(), 1, new String[] {src.toString()}, null, null);
        } catch (CLException e) {
            throw ClStatus.fail("clCreateProgramWithSource(spikecoder kernels)", e, ctx.device());
        }
        try {
            clBuildProgram(program, 1, device, options, null, null);
        } catch (CLException e) {
            String log = buildLog(device[0]);
            close();
            throw new SpikecoderException("building the OpenCL kernels for " + ctx.device().name() + " failed with "
                    + ClStatus.name(e.getStatus()) + " (options '" + options + "', defines " + defines
                    + "); the compiler said:\n" + log, e);
        }
    }

    /** Text of kernels/{@code file} from the classpath; fails loudly when the jar lacks it. */
    public static String source(String file) {
        String path = "/kernels/" + file;
        try (InputStream in = ClProgram.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new SpikecoderException("OpenCL kernel source " + path + " is missing from the classpath; "
                        + "rebuild the jar (mvn package) so that kernels/ is copied into it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** Names of the {@code __kernel void} functions of one kernel file, in order of appearance. */
    public static List<String> kernelNames(String file) {
        Matcher m = KERNEL.matcher(source(file));
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public String options() {
        return options;
    }

    /** The kernel of that name, created on first use and owned by this program. */
    public ClKernel kernel(String name) {
        ClKernel k = kernels.get(name);
        if (k == null) {
            try {
                cl_kernel h = clCreateKernel(program, name, null);
                k = new ClKernel(ctx, name, h);
            } catch (CLException e) {
                throw ClStatus.fail("clCreateKernel(" + name + ")", e, ctx.device());
            }
            kernels.put(name, k);
        }
        return k;
    }

    private String buildLog(cl_device_id device) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + ClStatus.name(e.getStatus()) + ")";
        }
    }

    @Override
    public void close() {
        for (ClKernel k : kernels.values()) {
            k.close();
        }
        kernels.clear();
        if (program == null) {
            return;
        }
        try {
            clReleaseProgram(program);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("releasing program failed: {}", e.toString());
        }
        program = null;
    }
}
