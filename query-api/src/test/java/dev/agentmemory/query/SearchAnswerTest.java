package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.agentmemory.schemas.EventCodec;
import org.junit.jupiter.api.Test;

class SearchAnswerTest {

    /** An answer as OpenSearch writes it: everything a retrieval does not read is skipped. */
    private static final String ANSWER = """
            {"took":5,"responses":[
              {"took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
               "hits":{"total":{"value":2,"relation":"eq"},"max_score":0.93,"hits":[
                 {"_index":"memory-t-v1","_id":"m1","_score":0.93,"_source":{
                   "memory_id":"m1","tenant_id":"t","user_id":"u","content":"I prefer dark mode",
                   "type":"preference","key":"ui.theme","metadata":{"source":"chat","n":2},
                   "created_at":"2026-10-03T16:54:18.076927369Z","occurred_at":null,
                   "embedding_model":"e5-small-v2-q@1.11.0-beta19","superseded_by":"m2",
                   "superseded_at":"2026-10-04T00:00:00Z","mention_count":3,"decay_weight":0.8}},
                 {"_index":"memory-t-v1","_id":"m2","_score":0.5,"_source":{
                   "memory_id":"m2","tenant_id":"t","user_id":"u","content":"light mode now","type":"preference",
                   "metadata":{},"created_at":"2026-10-04T00:00:00Z","occurred_at":"2026-10-03T00:00:00Z"}}]},
               "status":200},
              {"error":{"root_cause":[],"type":"index_not_found_exception","reason":"no such index"},"status":404}]}
            """;

    @Test
    void bindsHitsAndErrorsSkippingTheRest() throws Exception {
        SearchAnswer answer = EventCodec.newMapper().readValue(ANSWER, SearchAnswer.class);

        var hits = answer.responses().get(0).hits().hits();
        assertEquals(2, hits.size());
        Fusion.Hit first = hits.get(0);
        assertEquals("m1", first.id());
        assertEquals(0.93, first.score());
        StoredMemory stored = first.source();
        assertEquals("m1", stored.memoryId());
        assertEquals("t", stored.tenantId());
        assertEquals("u", stored.userId());
        assertEquals("I prefer dark mode", stored.content());
        assertEquals("preference", stored.type());
        assertEquals("ui.theme", stored.key());
        assertEquals("chat", stored.metadata().path("source").asText());
        assertEquals("2026-10-03T16:54:18.076927369Z", stored.createdAt());
        assertNull(stored.occurredAt());
        assertEquals("m2", stored.supersededBy());
        assertEquals("2026-10-04T00:00:00Z", stored.supersededAt());
        assertEquals(3, stored.mentionCount());

        StoredMemory second = hits.get(1).source();
        assertNull(second.key());
        assertNull(second.mentionCount());
        assertEquals("2026-10-03T00:00:00Z", second.occurredAt());

        SearchAnswer.Leg failed = answer.responses().get(1);
        assertNull(failed.hits());
        assertEquals("index_not_found_exception", failed.error().type());
    }
}
