package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The consumer the worker asks for. */
class EmbedderWorkerTest {

    @Test
    void aPollIsOneBatchThatLingersAtMostLingerMs() {
        var config = TestConfig.withBatchSize(TestConfig.load(Map.of()), 64);

        var settings = EmbedderWorker.consumerSettings(config, "g");

        assertEquals(64, settings.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals(config.embedding().lingerMs(), settings.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals(64 * 1024, settings.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertEquals(false, settings.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    }

    @Test
    void withoutLingerTheBrokerAnswersAsSoonAsThereIsARecord() {
        var settings = EmbedderWorker.consumerSettings(TestConfig.withLinger(TestConfig.load(Map.of()), 0), "g");

        assertFalse(settings.containsKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertFalse(settings.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    }

    @Test
    void aBatchRetryingForItsWholeBudgetIsNotTakenForADeadConsumer() {
        var patient = TestConfig.withRetries(TestConfig.load(Map.of()), 20, 500, 60_000, 30_000);

        int interval =
                (int) EmbedderWorker.consumerSettings(patient, "g").get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);

        assertTrue(interval > EmbedderWorker.retryBudgetMs(patient.embedding()), Integer.toString(interval));
    }

    @Test
    void aBatchBisectedDownToOneRefusedTextIsNotTakenForADeadConsumerEither() {
        var config = TestConfig.load(Map.of()); // batch_size 128: the halves of 7 levels, and the first call
        long oneCall = EmbedderWorker.retryBudgetMs(config.embedding());

        int interval =
                (int) EmbedderWorker.consumerSettings(config, "g").get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);

        assertEquals(15 * oneCall, EmbedderWorker.batchBudgetMs(config.embedding()));
        assertTrue(interval > 15 * oneCall, Integer.toString(interval));
    }
}
