package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** ListenerCost end to end at a tiny size: both modes run in JVMs of their own and report a pair. */
class ListenerCostSmokeTest {

    @Test
    void runsOnePairOfJvms() throws Exception {
        String out = run("--pairs", "1", "--rows", "200", "--warmup", "0", "--seconds", "1");
        assertTrue(out.contains("| 1 | "), out);
        assertTrue(out.contains("trivial adds median"), out);
    }

    @Test
    void preparesAStatementPerSelectWhenAsked() throws Exception {
        String out = run("--pairs", "1", "--rows", "200", "--warmup", "0", "--seconds", "1", "--per-request");
        assertTrue(out.contains("a statement prepared per select"), out);
        assertTrue(out.contains("trivial adds median"), out);
    }

    @Test
    void runsAPairsJvmsAtOnceWhenAsked() throws Exception {
        String out = run("--pairs", "1", "--rows", "200", "--warmup", "0", "--seconds", "1", "--concurrent");
        assertTrue(out.contains("the pair's JVMs at the same time"), out);
        assertTrue(out.contains("| 1 | "), out);
    }

    private static String run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            ListenerCost.main(args);
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
