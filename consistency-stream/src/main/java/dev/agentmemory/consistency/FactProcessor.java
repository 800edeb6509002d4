package dev.agentmemory.consistency;

import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each embedded memory, what it does to its user's facts ({@link Supersession}),
 * writes the facts back to the {@value ConsistencyTopology#FACTS} store and forwards the decisions
 * to {@value ConsistencyTopology#DECISIONS}; a record that is not a valid embedded event goes to
 * {@value ConsistencyTopology#DEAD_LETTERS} unchanged, with the reason and origin in headers. A
 * memory already in the store (a redelivered event) is skipped: each memory is decided once. Every
 * second of wall-clock time it gives the {@link DecaySweep} a step. One instance per stream task,
 * used by one thread.
 */
final class FactProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(FactProcessor.class);

    private final EventCodec codec;
    private final Supersession supersession;
    private final DecaySweep sweep;
    private final String modelId;
    private final int dimensions;
    private final Consumer<ConsistencyEvent> decided;
    private final Runnable deadLettered;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Fact> facts;

    /**
     * @param decided told of every decision forwarded (metrics)
     * @param deadLettered told of every record dead-lettered (metrics)
     */
    FactProcessor(
            EventCodec codec,
            Supersession supersession,
            DecaySweep sweep,
            String modelId,
            int dimensions,
            Consumer<ConsistencyEvent> decided,
            Runnable deadLettered) {
        this.codec = codec;
        this.supersession = supersession;
        this.sweep = sweep;
        this.modelId = modelId;
        this.dimensions = dimensions;
        this.decided = decided;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.facts = context.getStateStore(ConsistencyTopology.FACTS);
        // wall-clock time: the sweep runs on schedule whether or not memories arrive
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    private void sweep(long now) {
        DecaySweep.Step step = sweep.step(facts, Instant.ofEpochMilli(now), modelId);
        step.puts().forEach(fact -> facts.put(fact.storeKey(), fact));
        step.events().forEach(decision -> publish(decision, now));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        EmbeddedEvent event;
        try {
            event = codec.decodeEmbedded(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (event.embedding().length != dimensions) {
            // the indexer refuses it too: decided here, it could replace a fact with a memory that
            // is never stored (cosine over vectors of two sizes compares only a part of them)
            deadLetter(
                    record,
                    "embedding has " + event.embedding().length + " dimensions, the index expects " + dimensions);
            return;
        }
        Fact incoming;
        try {
            incoming = Fact.of(event);
        } catch (RuntimeException e) { // the schema lets no such event through; never a crash loop
            deadLetter(record, "not a fact: " + e);
            return;
        }
        if (facts.get(incoming.storeKey()) != null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<Fact> known = userFacts(incoming);
        Supersession.Outcome outcome;
        try {
            outcome = supersession.decide(incoming, known, now);
        } catch (RuntimeException e) {
            // a bug deciding one memory (a judge failing on its text) must not stop the stream: thrown
            // from here it would fail the stream thread on this record after every restart. Deciding
            // is pure, so nothing was written; the memory stays searchable, undecided, and can be
            // replayed from the dead-letter topic once fixed.
            log.error("deciding memory {} failed; dead-lettered", incoming.memoryId(), e);
            deadLetter(record, "deciding it failed: " + e);
            return;
        }
        for (Fact fact : outcome.puts()) {
            facts.put(fact.storeKey(), fact);
        }
        outcome.events().forEach(decision -> publish(decision, record.timestamp()));
    }

    private void publish(ConsistencyEvent decision, long timestamp) {
        context.forward(
                new Record<>(decision.partitionKey(), codec.encode(decision), timestamp),
                ConsistencyTopology.DECISIONS);
        decided.accept(decision);
    }

    /** The user's facts in the store, active and retired. */
    private List<Fact> userFacts(Fact of) {
        List<Fact> known = new ArrayList<>();
        try (KeyValueIterator<String, Fact> it = facts.prefixScan(
                Fact.userPrefix(of.tenantId(), of.userId()), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, Fact> entry = it.next();
                // a user id may contain '/': the prefix of "u" is also that of "u/home"'s facts
                if (entry.value.userId().equals(of.userId())) {
                    known.add(entry.value);
                }
            }
        }
        return known;
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topics.DLQ_REASON, utf8(reason));
        headers.add(Topics.DLQ_STAGE, utf8(Topics.STAGE_CONSISTENCY));
        RecordMetadata origin = context.recordMetadata().orElse(null);
        if (origin != null) {
            headers.add(Topics.DLQ_SOURCE_TOPIC, utf8(origin.topic()));
            headers.add(Topics.DLQ_SOURCE_PARTITION, utf8(Integer.toString(origin.partition())));
            headers.add(Topics.DLQ_SOURCE_OFFSET, utf8(Long.toString(origin.offset())));
        }
        context.forward(record.withHeaders(headers), ConsistencyTopology.DEAD_LETTERS);
        deadLettered.run();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
