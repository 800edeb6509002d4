package dev.agentmemory.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ConsistencyStreamMainTest {

    private static final String TRANSACTION_TIMEOUT =
            StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    private static MemoryConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("MEMORY_ADMIN_KEY", "0123456789abcdef-admin");
        return ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
    }

    @Test
    void withTheBuiltinJudgeExactlyOnceKeepsItsDefaultTransactionTimeout() {
        var settings = ConsistencyStreamMain.settings(config(Map.of()));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertNull(settings.get(TRANSACTION_TIMEOUT));
    }

    @Test
    void theLlmJudgesRetryBudgetFitsInsideTheTransactionAndThePollInterval() {
        MemoryConfig config = config(Map.of("SUPERSESSION_JUDGE_PROVIDER", "openai"));
        var settings = ConsistencyStreamMain.settings(config);
        long budget = ConsistencyStreamMain.judgeBudgetMs(
                config.consistency().supersession().judge().openai());
        assertEquals(34_000, budget, "3 attempts of 10 s and 2 backoffs of at most 2 s (config/memory.yaml)");
        int transaction = (int) settings.get(TRANSACTION_TIMEOUT);
        assertTrue(transaction >= 2 * budget && transaction <= 900_000, "transaction timeout " + transaction);
        int poll = (int) settings.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
        assertTrue(poll > transaction, "max.poll.interval.ms " + poll);
    }
}
