package dev.kes.admin.testing;

import dev.kes.admin.EsAdmin;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs es-admin in-process, as {@code java -jar es-admin.jar …} would, and keeps what it printed. */
public final class Cli {
    private Cli() {}

    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = EsAdmin.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
