package dev.crystal.settlement.assembly;

import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.trace.TraceSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded domains. Immutable; {@link #defaults()} gives the documented defaults.
 *
 * @param settlementRetry          when failed collections are tried again
 * @param adjustmentApprovalLimit  adjustments above this amount need a second, different approver
 * @param noticeChannel            where notices go: {@code log}, {@code file:PATH} or {@code webhook:URL}
 * @param workflowsDir             extra workflow YAML files to load besides the shipped ones, or null
 * @param trace                    what the trace log keeps (on, off, sampled; retention)
 */
public record DomainSettings(RetryPolicy settlementRetry, Money adjustmentApprovalLimit, String noticeChannel,
                             Path workflowsDir, TraceSettings trace) {

    public static final Money DEFAULT_APPROVAL_LIMIT = Money.of("1000.00");

    public DomainSettings {
        Objects.requireNonNull(settlementRetry, "settlementRetry");
        Objects.requireNonNull(adjustmentApprovalLimit, "adjustmentApprovalLimit");
        if (adjustmentApprovalLimit.isNegative()) {
            throw new IllegalArgumentException("adjustment approval limit must not be negative");
        }
        Objects.requireNonNull(noticeChannel, "noticeChannel");
        Objects.requireNonNull(trace, "trace");
    }

    /** Settings with the default trace log. */
    public DomainSettings(RetryPolicy settlementRetry, Money adjustmentApprovalLimit, String noticeChannel,
                          Path workflowsDir) {
        this(settlementRetry, adjustmentApprovalLimit, noticeChannel, workflowsDir, TraceSettings.defaults());
    }

    public DomainSettings withTrace(TraceSettings settings) {
        return new DomainSettings(settlementRetry, adjustmentApprovalLimit, noticeChannel, workflowsDir, settings);
    }

    public static DomainSettings defaults() {
        return new DomainSettings(RetryPolicy.DEFAULT, DEFAULT_APPROVAL_LIMIT, "log", null);
    }

    public DomainSettings withSettlementRetry(RetryPolicy policy) {
        return new DomainSettings(policy, adjustmentApprovalLimit, noticeChannel, workflowsDir, trace);
    }

    public DomainSettings withNoticeChannel(String channel) {
        return new DomainSettings(settlementRetry, adjustmentApprovalLimit, channel, workflowsDir, trace);
    }

    public DomainSettings withWorkflowsDir(Path dir) {
        return new DomainSettings(settlementRetry, adjustmentApprovalLimit, noticeChannel, dir, trace);
    }

    public DomainSettings withAdjustmentApprovalLimit(Money limit) {
        return new DomainSettings(settlementRetry, limit, noticeChannel, workflowsDir, trace);
    }
}
