package dev.agentmemory.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.VisibleText;
import java.io.IOException;

/**
 * Turns request bodies into validated ingest events: the event's JSON schema, no fields the service
 * assigns, content with something visible, metadata within {@code ingest.max_metadata_bytes}. Every failure is a 400 saying why.
 * Thread-safe.
 */
final class IngestRequests {

    private final EventCodec codec;
    private final ObjectMapper mapper;
    private final MemoryConfig.Ingest limits;

    IngestRequests(EventCodec codec, MemoryConfig.Ingest limits) {
        this.codec = codec;
        this.mapper = codec.mapper();
        this.limits = limits;
    }

    /** One memory: the whole body is an ingest event. */
    IngestEvent single(byte[] body) {
        try {
            return checked(codec.decodeIngest(body));
        } catch (InvalidEventException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    /** A JSON object body, or 400. */
    JsonNode object(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ProblemException.badRequest("the body must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable body: " + e.getMessage());
        }
    }

    /** One item of a batch; it inherits the batch's tenant and may not name another. */
    IngestEvent item(JsonNode item, String tenantId) {
        if (!item.isObject()) {
            throw ProblemException.badRequest("each item must be a JSON object");
        }
        ObjectNode withTenant = ((ObjectNode) item).deepCopy();
        JsonNode named = withTenant.get("tenant_id");
        if (named != null && !tenantId.equals(named.asText())) {
            throw ProblemException.badRequest(
                    "an item names tenant '" + named.asText() + "', the batch is for '" + tenantId + "'");
        }
        withTenant.put("tenant_id", tenantId);
        try {
            return single(mapper.writeValueAsBytes(withTenant));
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("unreadable item");
        }
    }

    private IngestEvent checked(IngestEvent event) {
        if (event.memoryId() != null || event.acceptedAt() != null) {
            throw ProblemException.badRequest("memory_id and accepted_at are assigned by the service; leave them out");
        }
        if (VisibleText.isEmpty(event.content())) {
            throw ProblemException.badRequest(
                    "content has nothing visible: only spaces, control or invisible format characters");
        }
        String overLimit = codec.metadataOverLimit(event, limits.maxMetadataBytes());
        if (overLimit != null) {
            throw ProblemException.badRequest(overLimit);
        }
        return event;
    }
}
