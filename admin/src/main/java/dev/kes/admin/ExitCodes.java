package dev.kes.admin;

import picocli.CommandLine.Model.CommandSpec;

/** The exit codes of es-admin, stable for scripts. */
public final class ExitCodes {
    /** Done; for verify-snapshots: every snapshot matches the events. */
    public static final int OK = 0;
    /** The check ran and found problems (snapshot mismatches, event-store anomalies). */
    public static final int PROBLEMS_FOUND = 1;
    /** Bad command line: unknown command or option, a missing or malformed value. */
    public static final int USAGE = 2;
    /** Refused for safety before anything was changed (the application is running, …). */
    public static final int REFUSED = 3;
    /** Failed: Kafka unreachable or refusing, a topic missing, I/O error. */
    public static final int FAILED = 4;

    private ExitCodes() {}

    /** A group of commands called without one: says which there are, on stderr. */
    public static int missingCommand(final CommandSpec spec) {
        spec.commandLine().getErr().println("Missing command.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }
}
