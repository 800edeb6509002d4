package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The part of an {@code _msearch} answer a retrieval reads: per search, its hits or its error.
 * Jackson binds it straight from the response stream ({@code OpenSearch#msearch}); everything else
 * OpenSearch sends (took, shards, totals, each hit's index) is skipped. Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SearchAnswer(List<Leg> responses) {

    /** One search of the {@code _msearch}: hits, or an error (a tenant without an index has {@code index_not_found_exception}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Leg(Hits hits, Failure error) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hits(List<Fusion.Hit> hits) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failure(String type) {}
}
