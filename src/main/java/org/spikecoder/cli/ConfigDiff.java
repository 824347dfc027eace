package org.spikecoder.cli;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Names the fields in which two records of the same type differ, for "checkpoint does not match" messages. */
final class ConfigDiff {
    private ConfigDiff() {
    }

    static String describe(Record saved, Record wanted) {
        List<String> out = new ArrayList<>();
        try {
            for (RecordComponent c : saved.getClass().getRecordComponents()) {
                Object a = c.getAccessor().invoke(saved);
                Object b = c.getAccessor().invoke(wanted);
                if (!Objects.equals(a, b)) {
                    out.add(c.getName() + " " + a + " (checkpoint) vs " + b + " (now)");
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return String.join(", ", out);
    }
}
