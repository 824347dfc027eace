package org.spikecoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of src/main/java uses a package on a higher floor (docs/DESIGN.md, "Layers"). Reads every source file,
 * comments and string literals left out, and checks each {@code org.spikecoder...} name it uses, in imports and in
 * code, against the floors below. A package without a floor fails too: a new package must be placed.
 */
class LayeringTest {
    /** Top to bottom; a package may use its own floor and those below. Sub-packages share their parent's floor. */
    static final List<List<String>> FLOORS = List.of(
            List.of("cli"),
            List.of("api"),
            List.of("run", "sweep"),
            List.of("cpu", "opencl", "audiocoder", "ann"),
            List.of("engine"),
            List.of("data", "audio"),
            List.of("io"),
            List.of("model", "rng"),
            List.of("")); // the root package: SpikecoderException, SettingException, IoErrors

    private static final Pattern PACKAGE = Pattern.compile("^package org\\.spikecoder((?:\\.[a-z]\\w*)*);",
            Pattern.MULTILINE);
    /** A qualified name in org.spikecoder: its package is the lower-case segments before the first type name. */
    private static final Pattern USE = Pattern.compile("\\borg\\.spikecoder((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    @Test
    void noPackageUsesAHigherFloor() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(root.relativize(f).toString(), Files.readString(f));
            }
        }
        assertTrue(sources.size() > 100, "found only " + sources.size() + " sources under " + root.toAbsolutePath());
        List<String> problems = violations(sources);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The checker itself finds a use that runs upward, a fully qualified one, and a package without a floor. */
    @Test
    void theCheckFindsWhatItLooksFor() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("a", "package org.spikecoder.io;\nimport org.spikecoder.engine.EvalResult;\n");
        sources.put("b", "package org.spikecoder.data.download;\n class X { Object o = new org.spikecoder.run"
                + ".RunArtifacts(null); }\n");
        sources.put("c", "package org.spikecoder.engine;\nimport org.spikecoder.io.Checkpoint;\n"
                + "import org.spikecoder.SpikecoderException;\n// org.spikecoder.cli.Main in a comment\n"
                + "class Y { String s = \"org.spikecoder.api.Autoencoder\"; }\n");
        sources.put("d", "package org.spikecoder.gadgets;\n");
        List<String> problems = violations(sources);
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("a: io (floor 7 from the top) uses engine (floor 5)"), problems.get(0));
        assertTrue(problems.get(1).startsWith("b: data.download"), problems.get(1));
        assertTrue(problems.get(2).contains("gadgets has no floor"), problems.get(2));
    }

    static List<String> violations(Map<String, String> sources) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String code = COMMENTS_AND_STRINGS.matcher(e.getValue()).replaceAll(" ");
            Matcher p = PACKAGE.matcher(code);
            if (!p.find()) {
                out.add(e.getKey() + ": no org.spikecoder package");
                continue;
            }
            String own = name(p.group(1));
            int ownFloor = floor(own);
            if (ownFloor < 0) {
                out.add(e.getKey() + ": package " + own + " has no floor in LayeringTest.FLOORS");
                continue;
            }
            Matcher u = USE.matcher(code.substring(p.end()));
            while (u.find()) {
                String used = name(u.group(1));
                int usedFloor = floor(used);
                if (usedFloor < 0 || usedFloor < ownFloor) {
                    out.add(e.getKey() + ": " + describe(own) + " (floor " + (ownFloor + 1) + " from the top) uses "
                            + describe(used) + (usedFloor < 0 ? " (no floor)" : " (floor " + (usedFloor + 1) + ")"));
                }
            }
        }
        return out;
    }

    /* "" for the root package, "data.download" for org.spikecoder.data.download. */
    private static String name(String dotted) {
        return dotted.isEmpty() ? "" : dotted.substring(1);
    }

    private static String describe(String pkg) {
        return pkg.isEmpty() ? "the root package" : pkg;
    }

    /** 0 is the top floor; -1 for a package on none. */
    static int floor(String pkg) {
        String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        for (int i = 0; i < FLOORS.size(); i++) {
            if (FLOORS.get(i).contains(top)) {
                return i;
            }
        }
        return -1;
    }
}
