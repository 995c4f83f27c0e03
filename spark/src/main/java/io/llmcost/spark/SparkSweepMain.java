package io.llmcost.spark;

import io.llmcost.cli.Main;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of {@code spark-submit spark/target/llmcost-spark.jar SPEC --out DIR [options]}: {@code llmcost
 * sweep --engine spark} with the same options and outputs; the master and the executors come from spark-submit.
 */
public final class SparkSweepMain {
    private SparkSweepMain() {}

    public static void main(String[] args) {
        int code = Main.commandLine().execute(sweepArguments(args));
        // Returning normally lets a cluster manager (YARN cluster mode) record success.
        if (code != Main.EXIT_OK) {
            System.exit(code);
        }
    }

    /** The command line of {@code llmcost} that this entry point runs. */
    static String[] sweepArguments(String... args) {
        List<String> sweep = new ArrayList<>(List.of("sweep", "--engine", SparkSweep.ENGINE));
        sweep.addAll(List.of(args));
        return sweep.toArray(new String[0]);
    }
}
