package dev.crystal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.dsl.ProducerType;
import dev.crystal.runtime.IdleStrategy;
import dev.crystal.runtime.Reply;
import org.junit.jupiter.api.Test;

/** Runs every benchmark body once outside JMH, so a broken benchmark fails the build, not the night's run. */
class BenchmarksSmokeTest {

    @Test
    void hopBenchmarksDeliverEveryMessage() throws Exception {
        HopBenchmark bench = new HopBenchmark();
        HopBenchmark.CrystalHop crystal = new HopBenchmark.CrystalHop();
        crystal.setUp();
        bench.crystal(crystal);
        crystal.tearDown();
        assertThat(crystal.done.seen()).isEqualTo(HopBenchmark.BATCH);

        HopBenchmark.JctoolsHop jctools = new HopBenchmark.JctoolsHop();
        jctools.setUp();
        bench.jctoolsMpsc(jctools);
        jctools.tearDown();

        HopBenchmark.AgronaHop agrona = new HopBenchmark.AgronaHop();
        agrona.setUp();
        bench.agronaMpsc(agrona);
        agrona.tearDown();

        HopBenchmark.BlockingQueueHop abq = new HopBenchmark.BlockingQueueHop();
        abq.setUp();
        bench.arrayBlockingQueue(abq);
        abq.tearDown();

        HopBenchmark.DisruptorHop disruptor = new HopBenchmark.DisruptorHop();
        disruptor.producer = ProducerType.MULTI;
        disruptor.setUp();
        bench.disruptor(disruptor);
        disruptor.tearDown();

        HopBenchmark.VertxHop vertx = new HopBenchmark.VertxHop();
        vertx.setUp();
        bench.vertxEventBus(vertx);
        vertx.tearDown();

        HopBenchmark.PekkoHop pekko = new HopBenchmark.PekkoHop();
        pekko.setUp();
        bench.pekkoActor(pekko);
        pekko.tearDown();
    }

    @Test
    void pipelineAndFanOutBenchmarksComplete() throws Exception {
        PipelineBenchmark pipeline = new PipelineBenchmark();
        PipelineBenchmark.CrystalPipeline crystal = new PipelineBenchmark.CrystalPipeline();
        crystal.setUp();
        pipeline.crystal(crystal);
        crystal.tearDown();
        PipelineBenchmark.JctoolsPipeline jctools = new PipelineBenchmark.JctoolsPipeline();
        jctools.setUp();
        pipeline.jctoolsMpsc(jctools);
        jctools.tearDown();
        PipelineBenchmark.DisruptorPipeline disruptor = new PipelineBenchmark.DisruptorPipeline();
        disruptor.setUp();
        pipeline.disruptor(disruptor);
        disruptor.tearDown();

        FanOutBenchmark fanOut = new FanOutBenchmark();
        FanOutBenchmark.CrystalFanOut crystalFan = new FanOutBenchmark.CrystalFanOut();
        crystalFan.setUp();
        fanOut.crystal(crystalFan);
        crystalFan.tearDown();
        FanOutBenchmark.DisruptorFanOut disruptorFan = new FanOutBenchmark.DisruptorFanOut();
        disruptorFan.setUp();
        fanOut.disruptor(disruptorFan);
        disruptorFan.tearDown();
        FanOutBenchmark.VertxFanOut vertxFan = new FanOutBenchmark.VertxFanOut();
        vertxFan.setUp();
        fanOut.vertxEventBus(vertxFan);
        vertxFan.tearDown();
    }

    @Test
    void requestReplyBenchmarksGetAnswers() throws Exception {
        RequestReplyBenchmark bench = new RequestReplyBenchmark();
        RequestReplyBenchmark.CrystalResponder crystal = new RequestReplyBenchmark.CrystalResponder();
        crystal.idle = IdleStrategy.BACKOFF_PARK;
        crystal.setUp();
        assertThat(bench.crystal(crystal)).isEqualTo(Reply.success(1L));
        crystal.tearDown();

        RequestReplyBenchmark.QueueResponder queue = new RequestReplyBenchmark.QueueResponder();
        queue.setUp();
        assertThat(bench.spinningQueue(queue)).isEqualTo(1L);
        queue.tearDown();

        RequestReplyBenchmark.VertxResponder vertx = new RequestReplyBenchmark.VertxResponder();
        vertx.setUp();
        assertThat(bench.vertxEventBus(vertx)).isEqualTo(1L);
        vertx.tearDown();

        RequestReplyBenchmark.PekkoResponder pekko = new RequestReplyBenchmark.PekkoResponder();
        pekko.setUp();
        assertThat(bench.pekkoAsk(pekko)).isEqualTo(1L);
        pekko.tearDown();
    }
}
