package org.spikecoder.opencl;

import java.util.List;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@code spikecoder devices} lists it.
 *
 * @param index         position in the list of all devices of all platforms (what {@code --device N} selects)
 * @param platformName  CL_PLATFORM_NAME
 * @param name          CL_DEVICE_NAME
 * @param type          "CPU", "GPU", "ACCELERATOR" or "OTHER"
 * @param version       CL_DEVICE_VERSION
 * @param globalMemory  CL_DEVICE_GLOBAL_MEM_SIZE in bytes
 * @param maxAlloc      CL_DEVICE_MAX_MEM_ALLOC_SIZE in bytes
 * @param computeUnits  CL_DEVICE_MAX_COMPUTE_UNITS
 * @param maxWorkGroup  CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param fp64          whether cl_khr_fp64 is offered
 * @param correctlyRoundedDivSqrt whether CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT is in CL_DEVICE_SINGLE_FP_CONFIG
 * @param preferredFloatWidth CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT
 * @param localMemory   CL_DEVICE_LOCAL_MEM_SIZE in bytes (what the work-group tiles of the GPU shape may stage)
 * @param maxWorkItemSizes CL_DEVICE_MAX_WORK_ITEM_SIZES: the largest work-group extent along each dimension
 */
public record ClDeviceInfo(int index, String platformName, String name, String type, String version,
                           long globalMemory, long maxAlloc, int computeUnits, long maxWorkGroup, boolean fp64,
                           boolean correctlyRoundedDivSqrt, int preferredFloatWidth, long localMemory,
                           List<Long> maxWorkItemSizes, cl_platform_id platform, cl_device_id device) {

    public ClDeviceInfo {
        maxWorkItemSizes = List.copyOf(maxWorkItemSizes);
    }

    public boolean isCpu() {
        return "CPU".equals(type);
    }

    /** CL_DEVICE_MAX_WORK_ITEM_SIZES[dim], or the work-group limit for a dimension the device does not list. */
    public long maxWorkItemSize(int dim) {
        return dim < maxWorkItemSizes.size() ? maxWorkItemSizes.get(dim) : maxWorkGroup;
    }

    /** "0: pthread-skylake (Portable Computing Language, CPU)". */
    public String describe() {
        return index + ": " + name + " (" + platformName + ", " + type + ")";
    }
}
