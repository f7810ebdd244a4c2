package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** How failures and sentences map onto the closed set of dead-letter reasons. Stateless. */
class DeadLetterReasonTest {

    @Test
    void handlerFailuresAreCategorisedThroughTheirCauses() {
        assertThat(DeadLetterReason.ofHandlerFailure(new IllegalStateException("db locked")))
                .isEqualTo(DeadLetterReason.HANDLER_FAILED);
        assertThat(DeadLetterReason.ofHandlerFailure(new RuntimeException("call", new TimeoutException("slow"))))
                .isEqualTo(DeadLetterReason.TIMEOUT);
        assertThat(DeadLetterReason.ofHandlerFailure(new IllegalArgumentException("INVALID_MESSAGE: amount < 0")))
                .isEqualTo(DeadLetterReason.VALIDATION_FAILED);
        assertThat(DeadLetterReason.ofHandlerFailure(new RuntimeException("x", new RuntimeException("MALFORMED_BODY: y"))))
                .isEqualTo(DeadLetterReason.DECODE_FAILED);
    }

    @Test
    void sentencesOfEarlierLettersAreCategorised() {
        assertThat(DeadLetterReason.classify("mailbox full (1000)")).isEqualTo(DeadLetterReason.MAILBOX_FULL);
        assertThat(DeadLetterReason.classify("worker crashed: OutOfMemoryError")).isEqualTo(DeadLetterReason.WORKER_CRASHED);
        assertThat(DeadLetterReason.classify("worker balance failed: x")).isEqualTo(DeadLetterReason.WORKER_FAILED);
        assertThat(DeadLetterReason.classify("EXPIRED: time-to-live 5 ms")).isEqualTo(DeadLetterReason.EXPIRED);
        assertThat(DeadLetterReason.classify("inbound X is not a Y")).isEqualTo(DeadLetterReason.DECODE_FAILED);
        assertThat(DeadLetterReason.classify("handler failed after 3 attempts: boom"))
                .isEqualTo(DeadLetterReason.HANDLER_FAILED);
    }

    @Test
    void aReasonIsParsedInAnyCaseAndAnUnknownOneNamesTheValidOnes() {
        assertThat(DeadLetterReason.parse("handler_failed")).isEqualTo(DeadLetterReason.HANDLER_FAILED);
        assertThatThrownBy(() -> DeadLetterReason.parse("NOPE")).hasMessageContaining("TIMEOUT")
                .hasMessageContaining("MAILBOX_FULL");
    }
}
