package dev.kes.admin.cli;

/** The services' default application ids (their consumer group ids), as the tool's option defaults. */
public final class ApplicationIds {
    /** {@code CommandServiceConfig.DEFAULTS} "application.id"; a test keeps the two equal. */
    public static final String COMMAND_SERVICE = "kes-command-service";

    private ApplicationIds() {}
}
