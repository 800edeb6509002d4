package dev.agentmemory.consistency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The consistency engine's topology, a function of its inputs (no I/O): reads {@code topics.input}
 * (EmbeddedEvent JSON, key {@code <tenant>/<user>}), keeps each user's facts in the persistent,
 * changelogged store {@value #FACTS} (key {@code <tenant>/<user>/<memory_id>}, {@link Fact} JSON),
 * writes decisions to {@code topics.decisions} (ConsistencyEvent JSON, same key) and invalid
 * records to {@code topics.deadLetter}; it reads {@code topics.decisions} back for operators'
 * settlements of contradictions ({@link ResolutionProcessor}). With {@code exactly_once_v2} a
 * decision and the store change behind it commit together.
 */
final class ConsistencyTopology {

    /** Topic names (tests use their own). */
    record TopicNames(String input, String decisions, String deadLetter) {}

    static final String FACTS = "facts";
    static final String DECISIONS = "decisions";
    static final String DEAD_LETTERS = "dead-letters";
    private static final String SOURCE = "embedded";
    private static final String DECIDE = "decide";
    private static final String RESOLUTIONS = "resolutions";
    private static final String RESOLVE = "resolve";

    private ConsistencyTopology() {}

    static Topology build(
            TopicNames topics,
            Supersession supersession,
            MemoryConfig.Decay decay,
            String modelId,
            int dimensions,
            MeterRegistry registry) {
        DecaySweep.schedule(decay.sweepSchedule()); // a bad expression stops the start, naming the key
        EventCodec codec = new EventCodec();
        Counter deadLetters = Counter.builder("memory_dead_letter_total")
                .description("records sent to the dead-letter topic")
                .tag("stage", "consistency")
                .register(registry);
        DecisionMetrics metrics = new DecisionMetrics(registry);
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.input());
        topology.addProcessor(
                DECIDE,
                () -> new FactProcessor(
                        codec,
                        supersession,
                        new DecaySweep(decay, registry),
                        modelId,
                        dimensions,
                        metrics::count,
                        deadLetters::increment),
                SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FACTS), Serdes.String(), factSerde(codec.mapper())),
                DECIDE);
        topology.addSink(
                DECISIONS,
                topics.decisions(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                DECIDE);
        // decisions made outside the stream (an operator settling a contradiction) come back through
        // the same topic, partitioned like the memories, into the same store
        topology.addSource(
                RESOLUTIONS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.decisions());
        topology.addProcessor(RESOLVE, () -> new ResolutionProcessor(codec.mapper()), RESOLUTIONS);
        topology.connectProcessorAndStateStores(RESOLVE, FACTS);
        topology.addSink(
                DEAD_LETTERS,
                topics.deadLetter(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                DECIDE);
        return topology;
    }

    /**
     * A fact in the store: its fields as JSON, then its vector as raw floats. Each new memory reads
     * all of its user's facts, and parsing hundreds of decimal floats per fact dominated the
     * stream's CPU: {@code [json length][json without the vector][float32 × dimensions]}.
     */
    static Serde<Fact> factSerde(ObjectMapper mapper) {
        return Serdes.serdeFrom(
                (topic, fact) -> {
                    if (fact == null) {
                        return null;
                    }
                    try {
                        byte[] json = mapper.writeValueAsBytes(fact.withVector(null));
                        float[] vector = fact.vector() == null ? new float[0] : fact.vector();
                        ByteBuffer out = ByteBuffer.allocate(4 + json.length + 4 * vector.length);
                        out.putInt(json.length).put(json);
                        out.asFloatBuffer().put(vector);
                        return out.array();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        ByteBuffer in = ByteBuffer.wrap(bytes);
                        int length = in.getInt();
                        Fact fact = mapper.readValue(bytes, 4, length, Fact.class);
                        in.position(4 + length);
                        float[] vector = new float[in.remaining() / 4];
                        in.asFloatBuffer().get(vector);
                        return fact.withVector(vector.length == 0 ? null : vector);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The decision counters the reference's consistency alerts read. Thread-safe. */
    static final class DecisionMetrics {
        private final Counter superseded;
        private final Counter contradictions;
        private final Counter merged;

        DecisionMetrics(MeterRegistry registry) {
            superseded = Counter.builder("memory_supersession_events_total")
                    .description("facts superseded by a newer (or, with most_frequent, a more frequent) fact")
                    .register(registry);
            contradictions = Counter.builder("memory_contradiction_detected_total")
                    .description("pairs of a user's facts found to contradict each other")
                    .register(registry);
            merged = Counter.builder("memory_merge_events_total")
                    .description("near-duplicate memories folded into an existing fact")
                    .register(registry);
        }

        void count(ConsistencyEvent decision) {
            switch (decision.kind()) {
                case SUPERSEDED -> superseded.increment();
                case CONTRADICTION_DETECTED -> contradictions.increment();
                case MERGED -> merged.increment();
                case DECAYED -> {} // memory_decay_sweep_updates_total
            }
        }
    }
}
