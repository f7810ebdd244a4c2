package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.cluster.ClusterNode;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.server.Platform;
import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.auth.Role;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.PostgresSettings;
import dev.crystal.testsupport.InMemoryLeases;
import dev.crystal.testsupport.InMemoryTransport;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes of one cluster in one JVM: an in-memory transport and leases stand in for Redis, the domains' state is in
 * real PostgreSQL schemas (local server, dropped afterwards).
 */
class ClusterNodeTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final String schemaPrefix = "clustertest_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
            + "_";
    private final Transport transport = new InMemoryTransport(InstantSource.system(), 100_000);
    private final InMemoryLeases leases = new InMemoryLeases(Duration.ofSeconds(1));
    private final List<Platform> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        nodes.forEach(Platform::stop);
        transport.close();
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            for (String domain : Stream.concat(SettlementAssembly.ALL_DOMAINS.stream(), Stream.of("deadletters", "keys", "traces")).toList()) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private Platform start(String node, Set<String> domains) {
        ClusterSettings settings = new ClusterSettings(node, "redis://127.0.0.1:6379", "unused",
                PostgresSettings.of(URL, "postgres", ""), schemaPrefix, domains, CodecId.BINARY, CompressionId.NONE,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        ClusterBackends backends = new ClusterBackends() {
            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public Lease lease(String destination) {
                return leases.lease(destination, node);
            }

            @Override
            public JobStore openJobStore() {
                return SqliteJobStore.open(dir.resolve("jobs.db"));
            }

            @Override
            public String ping() {
                return "in-memory transport";
            }

            @Override
            public void close() {
                // the transport is shared by the test's nodes and closed by the test
            }
        };
        Platform platform = Platform.startNode(settings, backends, new SimpleMeterRegistry(), InstantSource.system(),
                Duration.ofSeconds(5), DomainSettings.defaults());
        nodes.add(platform);
        return platform;
    }

    private static <R> R value(Reply<R> reply) {
        assertThat(reply).isInstanceOf(Reply.Success.class);
        return ((Reply.Success<R>) reply).value();
    }

    @Test
    void aNodeWithoutDomainsReachesThemOnAnotherNode() {
        Platform core = start("core", SettlementAssembly.ALL_DOMAINS);
        Platform gateway = start("gateway", Set.of());

        var opened = value(gateway.runtime().request(Addresses.BALANCE,
                new BalanceCommand.OpenAccount("CUST_1", Money.of("100.00")), null, WAIT).join());
        assertThat(opened).isEqualTo(new BalanceReply.AccountOpened("CUST_1", Money.of("100.00")));

        SettlementOutcome outcome = value(gateway.runtime().request(Addresses.COLLECTIONS,
                new CollectionsCommand.ProcessSettlement(new SettlementRequest("S-1", "CUST_1", SettlementType.PAYOUT,
                        Money.of("25.00"), null, null, null, null, null, null)), "corr-s1", WAIT).join());
        assertThat(outcome).isInstanceOfSatisfying(SettlementOutcome.Completed.class, done -> {
            assertThat(done.balance()).isEqualTo(Money.of("125.00"));
            assertThat(done.correlationId()).isEqualTo("corr-s1");
        });

        var balance = value(core.runtime().request(Addresses.BALANCE, new BalanceCommand.GetBalance("CUST_1"), null,
                WAIT).join());
        assertThat(balance).isInstanceOfSatisfying(BalanceReply.CustomerBalance.class,
                b -> assertThat(b.balance()).isEqualTo(Money.of("125.00")));
        assertThat(leases.holderOf(ClusterNode.streamOf("balance"))).isEqualTo("core");
    }

    @Test
    void aStandbyNodeTakesOverADomainWhoseNodeStopped() {
        Platform first = start("first", SettlementAssembly.ALL_DOMAINS);
        Platform second = start("second", SettlementAssembly.ALL_DOMAINS);
        value(second.runtime().request(Addresses.BALANCE,
                new BalanceCommand.OpenAccount("CUST_2", Money.of("10.00")), null, WAIT).join());
        String holder = leases.holderOf(ClusterNode.streamOf("balance"));
        Platform active = holder.equals("first") ? first : second;
        Platform standby = active == first ? second : first;

        active.stop();
        nodes.remove(active);

        await().atMost(WAIT).untilAsserted(() -> assertThat(leases.holderOf(ClusterNode.streamOf("balance")))
                .isEqualTo(standby == first ? "first" : "second"));
        var balance = value(standby.runtime().request(Addresses.BALANCE, new BalanceCommand.GetBalance("CUST_2"),
                null, WAIT).join());
        assertThat(balance).isInstanceOfSatisfying(BalanceReply.CustomerBalance.class,
                b -> assertThat(b.balance()).isEqualTo(Money.of("10.00")));
    }

    @Test
    void aKeyMadeOnOneNodeWorksOnAnotherAndItsRevocationReachesItWithinTheRefreshInterval() {
        Platform one = start("keys-one", Set.of());
        Platform two = start("keys-two", Set.of());
        ApiKeys onOne = new ApiKeys(one.keyStore(), InstantSource.system());
        ApiKeys onTwo = new ApiKeys(two.keyStore(), InstantSource.system());
        assertThat(onOne.createFirstAdmin()).as("the shared schema is empty: one first admin key").isPresent();
        assertThat(onTwo.createFirstAdmin()).as("the other node makes none").isEmpty();

        ApiKeys.Created made = onOne.create("ops-shared", Role.OPERATOR, List.of());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onTwo.authenticate(made.secret()))
                .hasValueSatisfying(p -> assertThat(p.identity()).isEqualTo("ops-shared#" + made.key().id())));
        onOne.revoke(made.key().id());
        assertThat(onOne.authenticate(made.secret())).as("at once on the revoking node").isEmpty();
        await().atMost(ApiKeys.DEFAULT_REFRESH.plusSeconds(3)).until(() -> onTwo.authenticate(made.secret()).isEmpty());
    }
}
