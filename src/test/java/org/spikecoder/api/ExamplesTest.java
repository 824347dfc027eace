package org.spikecoder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.cli.TestData;

/** Every program in examples/ compiles against the library alone, and TrainSmallAutoencoder runs to its test MSE. */
class ExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void examplesCompileAndTheSmallAutoencoderRuns() throws Exception {
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no examples/*.java");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(sources, classes);

        Path data = TestData.mnistFolder(tmp.resolve("data"), 150, 40);
        Path out = tmp.resolve("out");
        String printed = runMain(classes, "TrainSmallAutoencoder", data.toString(), out.toString(), "120", "cpu");
        assertTrue(printed.matches("(?s).*test MSE \\d\\.\\d{4} \\(per-pixel \\d\\.\\d{4}\\).*"), printed);
        assertTrue(printed.contains("train done") && printed.contains("test done"), printed);
        assertTrue(Files.size(out.resolve("metrics.json")) > 0);
        assertTrue(Files.size(out.resolve("checkpoint.spk")) > 0);
    }

    /* javac with the test classpath: the library's classes and its dependencies, nothing of the tests needed. */
    private static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "-Xlint:all", "-Werror"));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "examples do not compile: " + diagnostics.toString(StandardCharsets.UTF_8));
    }

    private static String runMain(Path classes, String name, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ExamplesTest.class.getClassLoader());
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            System.setOut(out);
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
