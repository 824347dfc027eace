package org.spikecoder.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/**
 * A grid of command-line option values: the cartesian product of its axes, each run being the base arguments plus
 * one value per axis.
 *
 * @param command the training command every run calls
 * @param axes    swept options, in the order given
 * @param base    arguments common to every run
 */
public record SweepGrid(String command, List<Axis> axes, List<String> base) {

    /** One swept option. On/off options take the values "on" and "off" and become --name / --no-name. */
    public record Axis(String name, List<String> values) {
        public boolean isSwitch() {
            return values.stream().allMatch(v -> v.equals("on") || v.equals("off"));
        }

        List<String> arguments(String value) {
            if (isSwitch()) {
                return List.of(value.equals("on") ? "--" + name : "--no-" + name);
            }
            return List.of("--" + name, value);
        }

        /** Position of a value on a plot's x axis: the number itself, or 1/0 for on/off, or its index. */
        public double numericValue(String value) {
            if (isSwitch()) {
                return value.equals("on") ? 1 : 0;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return values.indexOf(value);
            }
        }
    }

    /** One point of the grid. */
    public record Run(String command, Map<String, String> values, List<Axis> axes, List<String> base) {
        /** Folder name, e.g. "leak-0.1_steps-15". */
        public String folderName() {
            List<String> parts = new ArrayList<>();
            values.forEach((k, v) -> parts.add(k + "-" + v));
            return String.join("_", parts).replaceAll("[^A-Za-z0-9._=-]", "_");
        }

        /** The command and its options, without --out and --progress: what makes this run what it is. */
        public List<String> options() {
            List<String> args = new ArrayList<>();
            args.add(command);
            args.addAll(base);
            for (Axis a : axes) {
                args.addAll(a.arguments(values.get(a.name())));
            }
            return args;
        }

        /** Full argument list of this run, writing into {@code out}. */
        public List<String> arguments(Path out, boolean progress) {
            List<String> args = options();
            args.add("--out");
            args.add(out.toString());
            if (!progress) {
                args.add("--no-progress");
            }
            return args;
        }
    }

    /** Parses "--grid name=v1,v2" strings. */
    public static SweepGrid parse(String command, List<String> grid, List<String> base) {
        List<Axis> axes = new ArrayList<>();
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new SpikecoderException("--grid " + g + ": expected OPTION=V1,V2,... (e.g. leak=0,0.1)");
            }
            String name = g.substring(0, eq).replaceFirst("^--", "");
            List<String> values = List.of(g.substring(eq + 1).split(","));
            if (values.stream().anyMatch(String::isBlank)) {
                throw new SpikecoderException("--grid " + g + ": empty value");
            }
            if (axes.stream().anyMatch(a -> a.name().equals(name))) {
                throw new SpikecoderException("--grid " + name + " is given twice");
            }
            axes.add(new Axis(name, values));
        }
        for (String b : base) {
            for (Axis a : axes) {
                if (b.equals("--" + a.name()) || b.equals("--no-" + a.name()) || b.startsWith("--" + a.name() + "=")) {
                    throw new SpikecoderException("--" + a.name() + " is both swept and passed to every run");
                }
            }
            if (b.equals("--out") || b.startsWith("--out=")) {
                throw new SpikecoderException("--out of a run is chosen by the sweep; give the sweep's own --out");
            }
        }
        return new SweepGrid(command, List.copyOf(axes), List.copyOf(base));
    }

    /** Every combination of the axes' values, the last axis varying fastest. */
    public List<Run> runs() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : a.values()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(a.name(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Run> runs = new ArrayList<>();
        for (Map<String, String> c : combos) {
            runs.add(new Run(command, c, axes, base));
        }
        return runs;
    }
}
