package dev.medallion.batch;

import java.util.List;

/** One sub-command of the {@code batch} CLI (a job such as {@code hourly}); parses its own options. */
public interface BatchCommand {

    /** The sub-command's name on the command line. */
    String name();

    /** One line for the CLI's usage text. */
    String summary();

    /**
     * Runs the command.
     *
     * @return the process exit code: 0 when the job succeeded (and, for checks, passed)
     */
    int run(List<String> args) throws Exception;
}
