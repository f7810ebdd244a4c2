package dev.crystal.server.chaos;

import java.net.URI;
import java.util.Optional;

/**
 * A fresh platform a fault is injected into: started before the load, audited through its stores, removed after.
 * Thread ownership: the chaos run's thread.
 */
sealed interface ChaosTarget extends AutoCloseable permits EmbeddedTarget, ClusterTarget {
    /** Starts every process; returns once the platform answers. */
    void start();

    /** Where the load goes. */
    URI loadUrl();

    /** An admin key of the platform. */
    String apiKey();

    /** The process running the collections domain now (the lease holder in a cluster). */
    ServeNode holder();

    /** Starts {@code node} again on its port, data directory and configuration. */
    void restart(ServeNode node);

    /** Read connections to the domain stores. */
    StoreAudit.Stores stores();

    /** The cluster's Redis, when there is one. */
    Optional<RedisChild> redis();

    /** Delivery faults below HTTP (cluster: the domain streams), when the mode has them. */
    Optional<StreamFaults> streams();

    /** Stops every process it started. */
    @Override
    void close();

    /** After {@link #close()}, removes what it created outside its directory (the cluster's PostgreSQL schemas). */
    void removeData();
}
