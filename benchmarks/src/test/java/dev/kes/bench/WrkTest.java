package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void readsTheScriptsResultLine() {
        final Wrk.Outcome outcome = Wrk.parse(
                "{\"requests\":600,\"durationUs\":2000000,\"bytes\":1,"
                        + "\"connectErrors\":1,\"readErrors\":2,\"writeErrors\":3,\"non2xx3xx\":4,\"timeouts\":5,"
                        + "\"meanUs\":1500.5,\"stdevUs\":1.0,\"p50Us\":1000.0,\"p75Us\":1200.0,\"p90Us\":2000.0,"
                        + "\"p99Us\":9000.0,\"p999Us\":12000.0,\"maxUs\":15000.0}",
                "report");
        assertThat(outcome.perSecond()).isEqualTo(300.0);
        assertThat(outcome.non2xx()).isEqualTo(4);
        assertThat(outcome.socketErrors()).isEqualTo(11);
        assertThat(outcome.p99Us()).isEqualTo(9000.0);
        assertThat(outcome.text()).isEqualTo("report");
    }

    @Test
    void theScriptIsInTheJar() {
        assertThat(Wrk.class.getResource(Wrk.SCRIPT)).isNotNull();
    }
}
