package dev.agentmemory.consistency;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.ConsistencyEvent.Evidence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decay sweep of one stream task: when {@code consistency.decay.sweep_schedule} (cron, UTC) is
 * due, walks the task's facts in steps of {@code batch_size} (one step per wall-clock punctuation,
 * so a sweep never holds up new memories for long), recomputes each active fact's weight
 * max(min_weight, 0.5^(age / half_life_days)) and, where it moved by at least {@value #STEP} since
 * last recorded, stores it and emits a {@code decayed} decision. Reports the facts processed and updated, and
 * how long each sweep took. Used by one stream thread.
 */
final class DecaySweep {

    private static final Logger log = LoggerFactory.getLogger(DecaySweep.class);
    /**
     * Smaller changes are not recorded: from 1 down to the floor (0.1) a fact's weight is then
     * recorded about 18 times in its life, not 90 (each a row of its history). Retrieval computes
     * the exact weight at query time, so a recorded weight is behind by less than this.
     */
    static final double STEP = 0.05;

    private final MemoryConfig.Decay decay;
    private final ExecutionTime schedule;
    private final Counter processed;
    private final Counter updated;
    private final Timer duration;
    private Instant nextRun;
    private String cursor;
    private Instant started;
    private long sweepProcessed;
    private long sweepUpdated;

    /** The decisions of one step. */
    record Step(List<Fact> puts, List<ConsistencyEvent> events) {}

    DecaySweep(MemoryConfig.Decay decay, MeterRegistry registry) {
        this.decay = decay;
        this.schedule = schedule(decay.sweepSchedule());
        this.processed = Counter.builder("memory_decay_sweep_records_total")
                .description("facts the decay sweep looked at")
                .register(registry);
        this.updated = Counter.builder("memory_decay_sweep_updates_total")
                .description("facts whose decay weight the sweep changed")
                .register(registry);
        this.duration = Timer.builder("memory_decay_sweep_duration_seconds")
                .description("time from the start to the end of a decay sweep (one stream task)")
                .register(registry);
    }

    /** Parses a Unix cron expression, or fails naming the key. */
    static ExecutionTime schedule(String expression) {
        try {
            return ExecutionTime.forCron(
                    new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(expression));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "consistency.decay.sweep_schedule is not a cron expression: '" + expression + "' (" + e.getMessage()
                            + ")",
                    e);
        }
    }

    /** One step of the sweep if one is due or running; nothing otherwise. */
    Step step(KeyValueStore<String, Fact> facts, Instant now, String modelId) {
        if (!decay.enabled()) {
            return new Step(List.of(), List.of());
        }
        if (cursor == null) {
            if (nextRun == null) {
                nextRun = next(now);
            }
            if (now.isBefore(nextRun)) {
                return new Step(List.of(), List.of());
            }
            cursor = "";
            started = now;
            sweepProcessed = 0;
            sweepUpdated = 0;
            nextRun = next(now);
        }
        List<Fact> puts = new ArrayList<>();
        List<ConsistencyEvent> events = new ArrayList<>();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, Fact> it = cursor.isEmpty() ? facts.all() : facts.range(cursor, null)) {
            while (it.hasNext() && seen < decay.batchSize()) {
                KeyValue<String, Fact> entry = it.next();
                if (entry.key.equals(cursor)) {
                    continue;
                }
                seen++;
                last = entry.key;
                Fact fact = entry.value;
                if (!fact.active()) {
                    continue;
                }
                double weight = decay.weight(MemoryConfig.Decay.ageDays(fact.effectiveAt(), now));
                if (Math.abs(weight - fact.weight()) >= STEP) {
                    puts.add(fact.weighing(weight));
                    events.add(decayed(fact, weight, now, modelId));
                }
            }
        }
        sweepProcessed += seen;
        sweepUpdated += events.size();
        processed.increment(seen);
        updated.increment(events.size());
        if (seen < decay.batchSize()) {
            Duration took = Duration.between(started, now);
            duration.record(took);
            log.info(
                    "decay sweep: {} facts processed, {} weights updated, in {} ms",
                    sweepProcessed,
                    sweepUpdated,
                    took.toMillis());
            cursor = null;
        } else {
            cursor = last;
        }
        return new Step(puts, events);
    }

    private Instant next(Instant now) {
        return schedule.nextExecution(now.atZone(ZoneOffset.UTC))
                .map(t -> t.toInstant())
                .orElse(Instant.MAX);
    }

    private ConsistencyEvent decayed(Fact fact, double weight, Instant now, String modelId) {
        return new ConsistencyEvent(
                ConsistencyEvent.SCHEMA_VERSION,
                ConsistencyEvent.decisionId(ConsistencyEvent.Kind.DECAYED, fact.memoryId(), "sweep-" + started),
                ConsistencyEvent.Kind.DECAYED,
                fact.tenantId(),
                fact.userId(),
                fact.memoryId(),
                null,
                null,
                null,
                Math.round(weight * 10_000) / 10_000.0,
                now,
                new Evidence(
                        "decay_sweep",
                        null,
                        null,
                        String.format(
                                java.util.Locale.ROOT,
                                "age %.1f days, half-life %s days, floor %s",
                                MemoryConfig.Decay.ageDays(fact.effectiveAt(), now),
                                decay.halfLifeDays(),
                                decay.minWeight()),
                        modelId,
                        null));
    }
}
