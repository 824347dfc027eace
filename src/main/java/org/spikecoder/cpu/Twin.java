package org.spikecoder.cpu;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the kernels of {@code kernels/*.cl} that a {@link CpuKernels} method is the Java twin of, where the method's
 * name is not the kernel's in camel case ({@code lif_update} is {@code lifUpdate} without an annotation). The
 * coverage test finds every kernel's twin through this annotation or that name, by reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Twin {
    /** The kernels' names, as in {@code __kernel void name(}. */
    String[] value();
}
