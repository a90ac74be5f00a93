package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Position tokens: the text form shared by the subscription API, the HTTP feed and SSE ids. */
class PositionTest {

    @Test
    void aTokenListsPartitionsInOrderAndParsesBackToTheSamePosition() {
        final Position position = Position.of(Map.of(2, 7L, 0, 124L, 1, 46L));

        assertThat(position.token()).isEqualTo("0:124,1:46,2:7");
        assertThat(Position.parse(position.token())).isEqualTo(position);
        assertThat(Position.parse(" 0:124,1:46,2:7 ")).isEqualTo(position);
    }

    @Test
    void theEmptyTokenIsTheBeginningAndAnUnnamedPartitionStartsAtZero() {
        assertThat(Position.parse("")).isEqualTo(Position.beginning());
        assertThat(Position.beginning().token()).isEmpty();
        assertThat(Position.parse("3:9").nextOffset(1)).isZero();
    }

    @Test
    void afterAnEventThePositionNamesTheNextOffset() {
        assertThat(Position.parse("0:5").after(1, 9).token()).isEqualTo("0:5,1:10");
        assertThat(Position.parse("0:5").after(0, 5).token()).isEqualTo("0:6");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0                | '0' in position token '0' is not partition:nextOffset",
                "0:               | '0:' in position token '0:' is not partition:nextOffset",
                ":5               | ':5' in position token ':5' is not partition:nextOffset",
                "0:1,,1:2         | '' in position token '0:1,,1:2' is not partition:nextOffset",
                "0:1,             | '' in position token '0:1,' is not partition:nextOffset",
                "a:1              | 'a:1' in position token 'a:1' is not partition:nextOffset with whole numbers",
                "0:1.5            | '0:1.5' in position token '0:1.5' is not partition:nextOffset with whole numbers",
                "0:99999999999999999999 | '0:99999999999999999999' in position token '0:99999999999999999999' is not partition:nextOffset with whole numbers",
                "0:-1             | '0:-1' in position token '0:-1' has a negative number",
                "-1:0             | '-1:0' in position token '-1:0' has a negative number",
                "0:1,0:2          | partition 0 appears twice in position token '0:1,0:2'",
            })
    void aBadTokenIsRefusedSayingWhatIsWrong(final String token, final String message) {
        assertThatThrownBy(() -> Position.parse(token))
                .isInstanceOf(InvalidPositionException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void noTokenAndAnOverlongTokenAreRefused() {
        assertThatThrownBy(() -> Position.parse(null))
                .isInstanceOf(InvalidPositionException.class)
                .hasMessage("no position token");
        assertThatThrownBy(() -> Position.parse("0:1,".repeat(5_000) + "1:1"))
                .isInstanceOf(InvalidPositionException.class)
                .hasMessageEndingWith("characters is too long");
    }
}
