package org.spikecoder.run;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The fields in which two records of the same type differ, for "checkpoint does not match" messages. */
final class ConfigDiff {
    private ConfigDiff() {
    }

    /** A record component that differs: its name and both values. */
    record Difference(String field, Object saved, Object wanted) {
    }

    static List<Difference> between(Record saved, Record wanted) {
        List<Difference> out = new ArrayList<>();
        try {
            for (RecordComponent c : saved.getClass().getRecordComponents()) {
                Object a = c.getAccessor().invoke(saved);
                Object b = c.getAccessor().invoke(wanted);
                if (!Objects.equals(a, b)) {
                    out.add(new Difference(c.getName(), a, b));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
