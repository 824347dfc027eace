package org.spikecoder.api;

import org.spikecoder.SettingException;
import org.spikecoder.opencl.DeviceTuning;
import org.spikecoder.run.BackendChoice;

/**
 * The settings of everything that runs a network: the backend and the OpenCL device. Training runs
 * ({@link RunBuilder}), {@link Evaluation} and {@link Synthesis} share them.
 *
 * @param <B> the builder's own type, so that setters chain
 */
public abstract class BackendBuilder<B extends BackendBuilder<B>> {
    private BackendKind backend = BackendKind.AUTO;
    private Device device = Device.defaultDevice();
    private DeviceTuning tuning = DeviceTuning.DEFAULT;

    BackendBuilder() {
    }

    abstract B self();

    /** Default: {@link BackendKind#AUTO}. */
    public B backend(BackendKind kind) {
        backend = given(kind, "backend");
        return self();
    }

    /** The OpenCL device. Default: {@link Device#defaultDevice()}. */
    public B device(Device d) {
        device = given(d, "device");
        return self();
    }

    /**
     * Overrides of the OpenCL backend's kernel sizes and weight layout (e.g. {@code inputMajor=false} for dense
     * inputs), which change its speed, never its results. Default: {@link DeviceTuning#DEFAULT}, none.
     */
    public B tuning(DeviceTuning t) {
        tuning = given(t, "tuning");
        return self();
    }

    final BackendChoice backends() {
        return new BackendChoice(backend.id(), device.selector(), tuning);
    }

    static <T> T given(T value, String field) {
        if (value == null) {
            throw new SettingException("{" + field + "} must not be null");
        }
        return value;
    }
}
