package org.spikecoder.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.spikecoder.opencl.ClDeviceInfo;
import org.spikecoder.opencl.ClRuntime;

import picocli.CommandLine.Command;

/** {@code spikecoder devices}: the OpenCL devices that {@code --device} can select. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the OpenCL devices that --device can select.", "",
                "Shows each platform's devices with their index (for --device), global memory, largest single"
                        + " allocation and compute units.", ""})
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<ClDeviceInfo> devices = ClRuntime.devices();
        if (devices.isEmpty()) {
            System.out.println("no OpenCL device found; " + ClRuntime.RUNTIME_HINT
                    + " (the cpu backend needs none)");
            return 1;
        }
        System.out.printf(Locale.ROOT, "%-5s %-40s %-28s %-4s %12s %12s %6s%n", "index", "device", "platform", "type",
                "global MiB", "max alloc", "units");
        for (ClDeviceInfo d : devices) {
            System.out.printf(Locale.ROOT, "%-5d %-40s %-28s %-4s %12d %12d %6d%n", d.index(), clip(d.name(), 40),
                    clip(d.platformName(), 28), clip(d.type(), 4), d.globalMemory() >> 20, d.maxAlloc() >> 20,
                    d.computeUnits());
        }
        String env = System.getenv(ClRuntime.DEVICE_ENV);
        System.out.println("default: " + ClRuntime.select(null).describe()
                + (env == null || env.isBlank() ? "" : " (from " + ClRuntime.DEVICE_ENV + "=" + env + ")"));
        return 0;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
