package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {
    @Test
    void readsBackWhatInstantToStringWroteExactlyLikeInstantParse() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(InstantText.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void otherIsoFormsAndBadTextBehaveLikeInstantParse() {
        for (String text : new String[] {"2026-12-06T00:17:03.5Z", "2024-02-29T23:59:59Z", "+12026-01-01T00:00:00Z",
                "2026-12-06T01:17:03+01:00", "2026-12-06T24:00:00Z",
                "2026-12-06T00:00:00.Z", "2026-12-06T23:59:60Z"}) {
            assertThat(InstantText.parse(text)).isEqualTo(Instant.parse(text));
        }
        assertThat(InstantText.parse(null)).isNull();
        for (String bad : new String[] {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-06T23:60:00Z",
                "2026-04-31T00:00:00Z", "2026-12-06 00:00:00Z", "yesterday"}) {
            assertThatThrownBy(() -> InstantText.parse(bad)).isInstanceOf(DateTimeParseException.class);
        }
    }
}
