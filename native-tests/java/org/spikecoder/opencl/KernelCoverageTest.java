package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.cpu.CpuKernels;
import org.spikecoder.cpu.Twin;
import org.spikecoder.engine.Backend;

/**
 * What must be checked against the reference, found rather than listed (as EJML's
 * CheckMultiThreadAgainstSingleThread finds every operation by reflection): every {@code __kernel void name(} in
 * kernels/*.cl needs a Java twin in {@link CpuKernels} (the kernel's name in camel case, or a method annotated
 * {@link Twin} with it) and a case in {@link KernelCases} (the full and the quick set); every {@link Backend}
 * operation must be called and compared by {@link BatchParity#compare}, save the few that only describe a backend.
 * Needs no device.
 */
class KernelCoverageTest {
    private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(");

    /** Kernel name -> its file, parsed from the kernel sources on disk. */
    private static Map<String, String> kernels() throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (var dir = Files.list(Path.of("kernels"))) {
            for (Path p : dir.filter(f -> f.toString().endsWith(".cl")).sorted().toList()) {
                Matcher m = KERNEL.matcher(Files.readString(p));
                while (m.find()) {
                    all.put(m.group(1), p.getFileName().toString());
                }
            }
        }
        assertTrue(all.size() >= 10, "found only " + all + " in kernels/*.cl");
        return all;
    }

    static String camelCase(String kernel) {
        StringBuilder s = new StringBuilder();
        boolean up = false;
        for (char ch : kernel.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                s.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return s.toString();
    }

    private static List<Method> twins() {
        return Arrays.stream(CpuKernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())).toList();
    }

    @Test
    void everyKernelHasAJavaTwin() throws Exception {
        Map<String, String> kernels = kernels();
        List<Method> methods = twins();
        Set<String> annotated = new TreeSet<>();
        for (Method m : methods) {
            Twin t = m.getAnnotation(Twin.class);
            if (t != null) {
                annotated.addAll(List.of(t.value()));
            }
        }
        Set<String> names = methods.stream().map(Method::getName).collect(Collectors.toSet());
        TreeSet<String> without = new TreeSet<>();
        kernels.forEach((k, file) -> {
            if (!annotated.contains(k) && !names.contains(camelCase(k))) {
                without.add(k + " (" + file + "; expected CpuKernels." + camelCase(k) + " or @Twin(\"" + k + "\"))");
            }
        });
        assertEquals(new TreeSet<String>(), without, "kernels without a Java twin in CpuKernels");
        TreeSet<String> stale = new TreeSet<>(annotated);
        stale.removeAll(kernels.keySet());
        assertEquals(new TreeSet<String>(), stale, "@Twin names kernels that no longer exist");
    }

    @Test
    void everyKernelHasCasesInTheSharedDescription() throws Exception {
        Set<String> kernels = kernels().keySet();
        for (boolean quick : new boolean[] {false, true}) {
            List<KernelCases.Case> cases = KernelCases.cases(quick);
            Set<String> covered = cases.stream().map(KernelCases.Case::kernel).collect(Collectors.toCollection(TreeSet::new));
            TreeSet<String> missing = new TreeSet<>(kernels);
            missing.removeAll(covered);
            assertEquals(new TreeSet<String>(), missing, "kernels without a case in KernelCases.cases(" + quick + ")");
            TreeSet<String> stale = new TreeSet<>(covered);
            stale.removeAll(kernels);
            assertEquals(new TreeSet<String>(), stale, "KernelCases.cases(" + quick + ") names kernels that do not"
                    + " exist");
            List<String> names = cases.stream().map(Object::toString).toList();
            assertEquals(names.size(), new TreeSet<>(names).size(), "case names repeat in KernelCases.cases(" + quick
                    + "): " + names);
        }
    }

    /**
     * Runs a quick BatchParity case with the CPU reference on both sides, through proxies that record each Backend
     * call: every operation but the descriptive ones must be called, so that the device's results of it are compared.
     */
    @Test
    void everyBackendOperationIsComparedByBatchParity() {
        BatchParity.Case c = BatchParity.cases(true).get(0);
        Set<String> called = new TreeSet<>();
        Compare cmp = new Compare();
        try (Backend expected = recording(new CpuBackend(c.net(), c.config()), called);
             Backend actual = recording(new CpuBackend(c.net(), c.config()), called)) {
            BatchParity.compare(c, expected, actual, cmp);
        }
        assertTrue(cmp.passed(), "the reference against itself: " + cmp.failure());
        TreeSet<String> operations = Arrays.stream(Backend.class.getMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> uncompared = new TreeSet<>(operations);
        uncompared.removeAll(called);
        uncompared.removeAll(BatchParity.DESCRIPTIVE);
        assertEquals(new TreeSet<String>(), uncompared, "Backend operations that BatchParity never compares");
        TreeSet<String> stale = new TreeSet<>(BatchParity.DESCRIPTIVE);
        stale.removeAll(operations);
        assertEquals(new TreeSet<String>(), stale, "BatchParity.DESCRIPTIVE names operations Backend lacks");
    }

    private static Backend recording(Backend target, Set<String> called) {
        InvocationHandler h = (proxy, m, args) -> {
            called.add(m.getName());
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }

    @Test
    void everyKernelFileIsLoaded() throws Exception {
        try (var dir = Files.list(Path.of("kernels"))) {
            TreeSet<String> onDisk = new TreeSet<>();
            dir.filter(p -> p.toString().endsWith(".cl")).forEach(p -> onDisk.add(p.getFileName().toString()));
            assertEquals(onDisk, new TreeSet<>(ClProgram.FILES), "kernels/ and ClProgram.FILES disagree");
        }
        List<String> loaded = new ArrayList<>();
        for (String f : ClProgram.FILES) {
            loaded.addAll(ClProgram.kernelNames(f));
        }
        assertEquals(kernels().keySet(), new TreeSet<>(loaded), "the jar's kernel sources differ from kernels/");
    }
}
