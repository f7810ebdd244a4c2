package dev.crystal.settlement.freeplay.domain;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Locale;

/**
 * Why a bonus cannot be redeemed now: the closed set of refusals, each with the code the caller gets and a sentence
 * saying the figures behind it. Immutable values.
 */
public sealed interface RedemptionRefusal {

    /** The stable refusal code ({@code BonusRefused.code}). */
    String code();

    /** The refusal explained with its figures ({@code BonusRefused.detail}). */
    String detail();

    /** The bonus is not active (issuing, redeemed, expiring or expired). */
    record NotActive(Bonus.Status status) implements RedemptionRefusal {
        @Override
        public String code() {
            return "BONUS_NOT_ACTIVE";
        }

        @Override
        public String detail() {
            return "bonus is " + status.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The bonus's time ran out. */
    record Expired(Instant expiresAt) implements RedemptionRefusal {
        @Override
        public String code() {
            return "BONUS_EXPIRED";
        }

        @Override
        public String detail() {
            return "bonus expired at " + expiresAt;
        }
    }

    /** Less than the wagering requirement has been wagered. */
    record WageringNotMet(Money wagered, Money required, long requirement, Money amount) implements RedemptionRefusal {
        @Override
        public String code() {
            return "WAGERING_NOT_MET";
        }

        @Override
        public String detail() {
            return "wagered " + wagered + " of the required " + required + " (" + requirement + "x " + amount + ")";
        }
    }

    /** The amount asked for is not positive or more than what remains. */
    record AmountExceedsRemaining(Money asked, Money remaining) implements RedemptionRefusal {
        @Override
        public String code() {
            return "AMOUNT_EXCEEDS_REMAINING";
        }

        @Override
        public String detail() {
            return "asked for " + asked + " but " + remaining + " remains";
        }
    }
}
