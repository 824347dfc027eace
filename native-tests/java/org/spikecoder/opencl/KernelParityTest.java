package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of kernels/*.cl against its Java twin: each case of {@link KernelCases} (the description that
 * {@code spikecoder verify} runs too: sizes, seeded inputs, the twin, the launch, the tolerances), at the device's
 * own kernel sizes and, where the kernel's geometry depends on them, at the GPU shape (VW = 1) and with register
 * blocks of 3 ({@link NativeTestSupport#variants}).
 */
class KernelParityTest {
    static Stream<KernelCases.Case> cases() {
        List<KernelCases.Case> full = KernelCases.cases(false);
        Set<String> names = full.stream().map(Object::toString).collect(Collectors.toSet());
        // The quick set (what verify --quick runs on Oclgrind) where it has cases of its own.
        return Stream.concat(full.stream(), KernelCases.cases(true).stream().filter(c -> !names.contains(c.toString())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kernelMatchesItsTwin(KernelCases.Case c) {
        ClContext ctx = NativeTestSupport.context();
        for (KernelSizes s : c.shaped() ? NativeTestSupport.variants() : List.of(NativeTestSupport.sizes())) {
            KernelCases.Result r = KernelCases.run(ctx, c, s);
            assertTrue(r.passed(), c + " at " + r.shapes() + ": " + r.failure());
        }
    }

    static Stream<KernelCases.Case> inputMajorCases() {
        return KernelCases.cases(false).stream().filter(c -> c.kernel().equals("weight_grad_input_major_update"));
    }

    /**
     * weight_grad_input_major_update looks up each lane's reset step differently at each vector width (AVX-512 and
     * AVX2 permutes, OpenCL's shuffle, a scalar table): every width, whatever the device's own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inputMajorCases")
    void inputMajorGradientMatchesItsTwinAtEveryVectorWidth(KernelCases.Case c) {
        ClContext ctx = NativeTestSupport.context();
        for (int width : new int[] {1, 4, 8, 16}) {
            KernelCases.Result r = KernelCases.run(ctx, c, NativeTestSupport.sizes().withVectorWidth(width));
            assertTrue(r.passed(), c + " at VW=" + width + ": " + r.failure());
        }
    }
}
