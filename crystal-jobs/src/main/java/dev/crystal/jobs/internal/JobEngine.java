package dev.crystal.jobs.internal;

import dev.crystal.jobs.FlowProducer;
import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobEvents;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobSchedules;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.spi.StalledJob;
import io.micrometer.core.instrument.Counter;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Jobs} implementation. Its maintenance thread owns the periodic work (stalled-job sweeps,
 * schedule firing); workers own their own threads; the maps here are concurrent.
 */
public final class JobEngine implements Jobs {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);

    private final JobsConfig config;
    private final EngineServices services;
    private final NewJobs newJobs;
    private final ConcurrentHashMap<String, EngineQueue> queues = new ConcurrentHashMap<>();
    private final List<QueueWorkerAgent> workers = new CopyOnWriteArrayList<>();
    private final EngineFlowProducer flows;
    private final ScheduleFirer schedules;
    private final ScheduledExecutorService maintenance;
    private final ScheduledExecutorService timeouts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final QueueEvents queueEvents;
    private final List<SandboxedProcessor> sandboxes = new CopyOnWriteArrayList<>();

    private JobEngine(JobStore store, JobsConfig config) {
        this.config = config;
        JsonCodec codec = new JsonCodec(config.objectMapper());
        this.timeouts = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("crystal-jobs-timeouts").daemon(true).factory());
        this.services = new EngineServices(store, config.clock(), codec, new LocalJobEvents(), new QueueWakeups(),
                config.meterRegistry(), config.metricsRefresh(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), timeouts);
        this.newJobs = new NewJobs(codec);
        this.queueEvents = QueueEvents.of(store.eventLog());
        this.flows = new EngineFlowProducer(services, newJobs);
        this.schedules = new ScheduleFirer(services);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("crystal-jobs-maintenance").daemon(true).factory());
    }

    /** Starts an engine over {@code store}; see {@link Jobs#open}. */
    public static JobEngine start(JobStore store, JobsConfig config) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(config, "config");
        JobEngine engine = new JobEngine(store, config);
        long stalledMillis = config.stalledInterval().toMillis();
        engine.maintenance.scheduleWithFixedDelay(engine::checkStalledQuietly, 0, stalledMillis, TimeUnit.MILLISECONDS);
        engine.maintenance.execute(engine::fireSchedulesAndReschedule);
        return engine;
    }

    @Override
    public JobQueue queue(String name) {
        return queues.computeIfAbsent(name, queue -> new EngineQueue(queue, services, newJobs));
    }

    @Override
    public List<String> queueNames() {
        return services.store().inspector().queueNames();
    }

    @Override
    public JobWorker worker(String queue, JobProcessor processor, WorkerOptions options) {
        NewJobs.requireQueueName(queue);
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(options, "options");
        if (closed.get()) {
            throw new IllegalStateException("jobs engine is closed");
        }
        SandboxedProcessor sandbox = null;
        if (options.sandbox() != null) {
            sandbox = new SandboxedProcessor(sandboxClass(processor), options.sandbox(),
                    Counter.builder("crystal.jobs.sandbox.restarts")
                            .description("sandbox child JVMs started to replace one that exited, ran out of memory "
                                    + "or timed out")
                            .tag("queue", queue).register(config.meterRegistry()));
            sandboxes.add(sandbox);
        }
        QueueWorkerAgent worker = new QueueWorkerAgent(queue, sandbox == null ? processor : sandbox, options, services);
        worker.start();
        services.wakeups().register(worker);
        workers.add(worker);
        return sandbox == null ? worker : new SandboxedWorker(worker, sandbox);
    }

    /** The class name a child JVM loads: a public, named class with a public no-argument constructor. */
    private static String sandboxClass(JobProcessor processor) {
        Class<?> type = processor.getClass();
        boolean named = !type.isSynthetic() && !type.isHidden() && !type.isAnonymousClass() && !type.isLocalClass()
                && (!type.isMemberClass() || Modifier.isStatic(type.getModifiers()))
                && Modifier.isPublic(type.getModifiers());
        if (!named) {
            throw new IllegalArgumentException("a sandboxed processor must be a public named class that a child JVM "
                    + "can load by name (not a lambda or an anonymous, local or inner class), was " + type.getName());
        }
        try {
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("a sandboxed processor needs a public no-argument constructor: "
                    + type.getName());
        }
        return type.getName();
    }

    /** A worker whose processor runs in child JVMs: closing it also ends the children. */
    private record SandboxedWorker(QueueWorkerAgent agent, SandboxedProcessor sandbox) implements JobWorker {
        @Override
        public String queue() {
            return agent.queue();
        }

        @Override
        public int running() {
            return agent.running();
        }

        @Override
        public void close() {
            try {
                agent.close();
            } finally {
                sandbox.close();
            }
        }
    }

    @Override
    public FlowProducer flows() {
        return flows;
    }

    @Override
    public JobSchedules schedules() {
        return schedules;
    }

    @Override
    public JobEvents events() {
        return services.events();
    }

    @Override
    public QueueEvents queueEvents() {
        return queueEvents;
    }

    @Override
    public int checkStalled() {
        List<StalledJob> stalled = services.store().stalls().recoverStalled(services.clock().instant(),
                config.maxStalledCount());
        for (StalledJob job : stalled) {
            services.meters(job.ref().queue()).stalled.increment();
            if (job.movedTo() == JobState.FAILED) {
                services.meters(job.ref().queue()).failed.increment();
            }
            services.events().emit(new JobEvent.Stalled(job.ref(), job.movedTo()));
            services.wakeups().wake(job.ref().queue());
            for (JobRef parent : job.readied()) {
                services.wakeups().wake(parent.queue());
            }
            services.reportFailedParents(job.failedParents());
        }
        return stalled.size();
    }

    private void checkStalledQuietly() {
        try {
            checkStalled();
        } catch (RuntimeException e) {
            LOG.error("stalled-job sweep failed; will try again", e);
        }
    }

    private void fireSchedulesAndReschedule() {
        long delay = config.scheduleInterval().toMillis();
        try {
            schedules.fireDue();
            delay = schedules.millisUntilNextSlot(delay);
        } catch (RuntimeException e) {
            LOG.error("schedule firing failed; will try again", e);
        }
        try {
            maintenance.schedule(this::fireSchedulesAndReschedule, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the engine is closing
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (QueueWorkerAgent worker : workers) {
            worker.close();
        }
        for (SandboxedProcessor sandbox : sandboxes) {
            sandbox.close();
        }
        maintenance.shutdownNow();
        timeouts.shutdownNow();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
