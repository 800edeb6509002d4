package dev.agentmemory.consistency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.schemas.ConsistencyEvent;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the decision topic back for the decisions made outside the stream — an operator settling a
 * contradiction ({@code superseded} with rule {@code manual}) — and retires the memory that lost
 * from the {@value ConsistencyTopology#FACTS} store, so it is no longer compared with new facts.
 * Everything else on the topic is the stream's own and is skipped (the indexer dead-letters what it
 * cannot read). One instance per stream task, used by one thread.
 */
final class ResolutionProcessor implements Processor<String, byte[], Void, Void> {

    private final ObjectMapper mapper;
    private KeyValueStore<String, Fact> facts;

    ResolutionProcessor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.facts = context.getStateStore(ConsistencyTopology.FACTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ConsistencyEvent decision;
        try {
            decision = mapper.readValue(record.value(), ConsistencyEvent.class);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (decision.kind() != ConsistencyEvent.Kind.SUPERSEDED
                || decision.evidence() == null
                || !"manual".equals(decision.evidence().rule())) {
            return;
        }
        String key = Fact.userPrefix(decision.tenantId(), decision.userId()) + decision.memoryId();
        Fact loser = facts.get(key);
        if (loser != null && loser.active()) {
            facts.put(key, loser.retired());
        }
    }
}
