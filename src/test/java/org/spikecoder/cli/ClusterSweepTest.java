package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.sweep.cluster.ClusterSettings;
import org.spikecoder.sweep.cluster.HostPort;
import org.spikecoder.sweep.cluster.WorkerNode;
import org.spikecoder.sweep.cluster.WorkerSettings;

import com.hazelcast.core.Hazelcast;

/**
 * `sweep --cluster` on loopback workers: in-process members (each point still a child JVM, as on a real worker)
 * and, for a worker killed mid-point, a worker of its own process destroyed with SIGKILL. Each test has a cluster
 * name of its own, so nothing else on this machine can join it.
 */
class ClusterSweepTest {
    /** The JVM options Hazelcast asks for (the jar's manifest and surefire's argLine give them too). */
    private static final List<String> HAZELCAST_JVM = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");

    @TempDir
    Path tmp;

    private final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);

    private String[] sweep(Path data, Path out, int listen, String cluster, String... grid) {
        List<String> a = new ArrayList<>(List.of("sweep"));
        for (String g : grid) {
            a.addAll(List.of("--grid", g));
        }
        a.addAll(List.of("--out", out.toString(), "--no-progress"));
        if (cluster != null) {
            a.addAll(List.of("--cluster", cluster, "--cluster-listen", "127.0.0.1:" + listen, "--cluster-name", name,
                    "--heartbeat-timeout", "5", "--cluster-timeout", "60"));
        }
        a.addAll(List.of("--", "--backend", "cpu", "--data", data.toString(), "--hidden", "8", "--steps", "3",
                "--batch", "20", "--limit-train", "40", "--limit-test", "20", "--train-eval", "20"));
        return a.toArray(String[]::new);
    }

    private WorkerNode worker(int port, List<Integer> join, Path work, List<String> devices) {
        List<HostPort> members = join.stream().map(p -> new HostPort("127.0.0.1", p)).toList();
        return WorkerNode.start(new ClusterSettings(name, new HostPort("127.0.0.1", port), members, 5),
                new WorkerSettings(work, devices, WorkerCommand.launcher(), VersionProvider.version(),
                        WorkerSettings.DEFAULT_MAX_FILE_BYTES));
    }

    @Test
    void twoLoopbackWorkersRunEveryPointAsALocalSweepDoesAndAFailingPointIsNamed() throws IOException {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 40, 20);
        CliRunner.Result local = CliRunner.run(sweep(data, tmp.resolve("local"), 0, null, "leak=0,0.1", "mask=on,off"));
        assertEquals(0, local.code(), local.err());
        assertTrue(Hazelcast.getAllHazelcastInstances().isEmpty(), "a sweep without --cluster started a member");

        int[] ports = freePorts(3);
        Path w1 = tmp.resolve("w1");
        Path w2 = tmp.resolve("w2");
        try (WorkerNode one = worker(ports[0], List.of(), w1, List.of());
             WorkerNode two = worker(ports[1], List.of(ports[0]), w2, List.of("0", "1"))) {
            assertEquals(2, one.instance().getCluster().getMembers().size());
            Path out = tmp.resolve("cluster");
            String[] args = sweep(data, out, ports[2], "127.0.0.1:" + ports[1], "leak=0,0.1", "mask=on,off");
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.code(), r.err());

            // the same figures as the local sweep (seeded runs), train_seconds aside
            List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
            assertEquals(withoutLastColumn(Files.readAllLines(tmp.resolve("local").resolve("sweep.csv"))),
                    withoutLastColumn(csv));
            Path point = out.resolve("leak-0_mask-on");
            for (String f : new String[] {"metrics.json", "loss.csv", "reconstructions.png", "job.log", "worker.json"}) {
                assertTrue(Files.isRegularFile(point.resolve(f)), f);
            }
            assertTrue(pointsDone(w1) >= 1 && pointsDone(w2) >= 1 && pointsDone(w1) + pointsDone(w2) == 4,
                    "points per worker: " + pointsDone(w1) + ", " + pointsDone(w2));

            FileTime before = Files.getLastModifiedTime(point.resolve("metrics.json"));
            CliRunner.Result again = CliRunner.run(args);
            assertEquals(0, again.code(), again.err());
            assertEquals(before, Files.getLastModifiedTime(point.resolve("metrics.json")), "done points are skipped");
            assertEquals(csv, Files.readAllLines(out.resolve("sweep.csv")));

            // a point whose command fails is reported with its reason, once, and the other points still finish
            Path bad = tmp.resolve("bad");
            CliRunner.Result failed = CliRunner.run(sweep(data, bad, ports[2], "127.0.0.1:" + ports[0],
                    "leak=0,1"));
            assertEquals(1, failed.code(), failed.err());
            assertEquals(1, failed.err().strip().lines().count(), failed.err());
            assertTrue(failed.err().contains("1 of 2 sweep points failed") && failed.err().contains("leak-1: --leak must be in [0, 1)"),
                    failed.err());
            assertTrue(Files.exists(bad.resolve("leak-0").resolve("metrics.json")));
            assertFalse(Files.exists(bad.resolve("sweep.csv")));
        }
    }

    @Test
    void aWorkerKilledWhileItRunsAPointIsReplacedAndItsJobsStop() throws Exception {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 100, 20);
        int[] ports = freePorts(3);
        Path killedWork = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        cmd.addAll(HAZELCAST_JVM);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker", "--listen",
                "127.0.0.1:" + ports[1], "--members", "127.0.0.1:" + ports[0], "--work", killedWork.toString(),
                "--cluster-name", name, "--heartbeat-timeout", "5"));
        Path log = tmp.resolve("killed.log");
        try (WorkerNode survivor = worker(ports[0], List.of(), tmp.resolve("survivor"), List.of())) {
            Process killed = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                waitFor(() -> survivor.instance().getCluster().getMembers().size() == 2 || !killed.isAlive(), 60,
                        "the worker process did not join");
                assertTrue(killed.isAlive(), Files.readString(log));
                List<String> args = new ArrayList<>(List.of("sweep", "--grid", "leak=0,0.1", "--out",
                        tmp.resolve("sweep").toString(), "--no-progress", "--cluster", "127.0.0.1:" + ports[0],
                        "--cluster-listen", "127.0.0.1:" + ports[2], "--cluster-name", name, "--heartbeat-timeout",
                        "5", "--cluster-timeout", "60", "--", "--backend", "cpu", "--data", data.toString(), "--hidden",
                        "16", "--steps",
                        "4", "--batch", "10", "--epochs", "8", "--limit-test", "20", "--train-eval", "20"));
                CompletableFuture<CliRunner.Result> sweep = CompletableFuture.supplyAsync(
                        () -> CliRunner.run(args.toArray(String[]::new)));

                // the worker process has started a point: its job process is running
                waitFor(() -> killed.descendants().findAny().isPresent() || sweep.isDone(), 60,
                        "the worker process took no point");
                List<ProcessHandle> jobs = killed.descendants().toList();
                assertFalse(jobs.isEmpty(), "the sweep ended before the worker process took a point");
                killed.destroyForcibly(); // SIGKILL: no hook of the worker runs
                assertTrue(killed.waitFor(30, TimeUnit.SECONDS));

                CliRunner.Result r = sweep.get(180, TimeUnit.SECONDS);
                assertEquals(0, r.code(), r.err());
                assertEquals(3, Files.readAllLines(tmp.resolve("sweep").resolve("sweep.csv")).size());
                assertEquals(0, pointsDone(killedWork), "the killed worker finished its point");
                // its job process saw its stdin close and stopped as after SIGTERM
                for (ProcessHandle job : jobs) {
                    assertTrue(job.onExit().get(60, TimeUnit.SECONDS) != null && !job.isAlive());
                }
            } finally {
                killed.destroyForcibly();
            }
        }
    }

    @Test
    void withoutWorkersTheSweepGivesUpAfterItsTimeoutInOneLine() throws IOException {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 40, 20);
        int[] ports = freePorts(2);
        List<String> args = new ArrayList<>(List.of(sweep(data, tmp.resolve("none"), ports[1],
                "127.0.0.1:" + ports[0], "leak=0,0.1")));
        args.set(args.indexOf("--cluster-timeout") + 1, "1");
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("2 of 2 sweep points failed") && r.err().contains("leak-0: no worker took it")
                && r.err().contains("--cluster-timeout 1 s"), r.err());
    }

    @Test
    void badAddressesAndATakenPortAreOneLineErrors() throws IOException {
        Path work = tmp.resolve("work");
        CliRunner.Result r = CliRunner.run("worker", "--listen", "nohost", "--work", work.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: --listen nohost: expected HOST:PORT"), r.err());
        r = CliRunner.run("worker", "--listen", "127.0.0.1:5701", "--members", "127.0.0.1:99999", "--work",
                work.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--members 127.0.0.1:99999: the port must be between 1 and 65535"), r.err());
        r = CliRunner.run("sweep", "--grid", "leak=0,0.1", "--cluster", "a:1,,b:2", "--out", work.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--cluster a:1,,b:2: expected H1:P1,H2:P2"), r.err());
        r = CliRunner.run("sweep", "--grid", "leak=0,0.1", "--cluster-listen", "127.0.0.1:5701", "--out",
                work.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--cluster-listen is for a sweep on a cluster"), r.err());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            r = CliRunner.run("worker", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--work", work.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("port " + taken.getLocalPort() + " is in use"), r.err());
        }
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(Hazelcast.getAllHazelcastInstances().isEmpty());
    }

    private static List<String> withoutLastColumn(List<String> csv) {
        return csv.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /** Points a worker finished: the .done marks in its work folder. */
    private static long pointsDone(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".done")).count();
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private static void waitFor(java.util.function.BooleanSupplier done, int seconds, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
