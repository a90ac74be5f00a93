package dev.kes.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @Test
    void visibleAsciiIdsGoIntoTheMdcForTheScopeOnly() {
        try (LogContext.Scope ignored = LogContext.command("cmd-1", "corr~2")) {
            assertThat(MDC.get(LogContext.COMMAND_ID)).isEqualTo("cmd-1");
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr~2");
        }
        assertThat(MDC.get(LogContext.COMMAND_ID)).isNull();
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
    }

    @Test
    void idsThatCouldForgeLogLinesAreLeftOut() {
        for (final String unsafe :
                new String[] {"", "a b", "a\nINFO forged", "tab\there", "caf\u00e9", "\u0000", "x".repeat(129)}) {
            try (LogContext.Scope ignored = LogContext.command(unsafe, "ok")) {
                assertThat(MDC.get(LogContext.COMMAND_ID)).as("'%s'", unsafe).isNull();
                assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("ok");
            }
        }
        try (LogContext.Scope ignored = LogContext.command("x".repeat(128), null)) {
            assertThat(MDC.get(LogContext.COMMAND_ID)).hasSize(128);
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
        }
    }
}
