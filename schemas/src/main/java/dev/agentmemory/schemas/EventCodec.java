package dev.agentmemory.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes the pipeline's events as JSON, validating every incoming record against its JSON
 * schema before it is bound to a record. Thread-safe; build one and share it.
 */
public final class EventCodec {

    private final ObjectMapper mapper = newMapper();
    private final Schema ingestSchema;
    private final Schema embeddedSchema;
    private final Schema consistencySchema;

    /** The ingest event's schema id: the embedded event's {@code memory} refers to it. */
    private static final String INGEST_SCHEMA_ID = "urn:agentmemory:schema:ingest-event:v1";

    public EventCodec() {
        String ingest = resource("/schemas/ingest-event.v1.schema.json");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(INGEST_SCHEMA_ID, ingest)));
        this.ingestSchema = registry.getSchema(ingest, InputFormat.JSON);
        this.embeddedSchema = registry.getSchema(resource("/schemas/embedded-event.v1.schema.json"), InputFormat.JSON);
        this.consistencySchema =
                registry.getSchema(resource("/schemas/consistency-event.v1.schema.json"), InputFormat.JSON);
    }

    /** The JSON mapper every service uses for events and HTTP bodies (ISO-8601 dates, strict). */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public IngestEvent decodeIngest(byte[] json) throws InvalidEventException {
        return decode(json, ingestSchema, IngestEvent.class);
    }

    public IngestEvent decodeIngest(String json) throws InvalidEventException {
        return decodeIngest(json.getBytes(StandardCharsets.UTF_8));
    }

    public EmbeddedEvent decodeEmbedded(byte[] json) throws InvalidEventException {
        return decode(json, embeddedSchema, EmbeddedEvent.class);
    }

    public ConsistencyEvent decodeConsistency(byte[] json) throws InvalidEventException {
        return decode(json, consistencySchema, ConsistencyEvent.class);
    }

    /**
     * Why the memory's metadata is over {@code maxBytes} as JSON (the {@code ingest.max_metadata_bytes}
     * limit), or null when it is within it. The ingest API answers 400 with it; the embedder
     * dead-letters a directly produced record with it, so that no store is sent metadata the API
     * would have refused (an over-long value is more than the index keeps as one term).
     */
    public String metadataOverLimit(IngestEvent memory, int maxBytes) {
        int size = encode(memory.metadata()).length;
        return size <= maxBytes ? null : "metadata is " + size + " bytes as JSON; at most " + maxBytes + " are allowed";
    }

    public byte[] encode(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    private <T> T decode(byte[] json, Schema schema, Class<T> type) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty record value");
        }
        String text = new String(json, StandardCharsets.UTF_8);
        List<Error> errors;
        try {
            errors = schema.validate(text, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException("schema violation: "
                    + errors.stream().map(Error::toString).limit(5).collect(Collectors.joining("; ")));
        }
        rejectUnstorable(json);
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new InvalidEventException("cannot bind " + type.getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * What no store keeps as sent: a NUL (U+0000) or an unpaired surrogate in any string or field
     * name, or a number beyond a double's range. PostgreSQL keeps no NUL in text or jsonb: such an
     * event would fail every write of its batch for ever. An unpaired surrogate is no character at
     * all and would be stored as '?' (a user id "\\udc00" would become the user "?"); 1e400 would
     * become the text "Infinity". Refused here, where every topic's events are read: the ingest API's
     * 400, the workers' dead-letter topic.
     */
    private void rejectUnstorable(byte[] json) throws InvalidEventException {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String problem = null;
                if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                    String text = unstorable(parser.getText());
                    problem = text == null ? null : "text may not contain " + text;
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
                    problem = "a number is beyond the range of a double (" + parser.getText() + ")";
                }
                if (problem != null) {
                    String field = parser.currentName();
                    throw new InvalidEventException(problem + (field == null ? "" : ": in '" + field + "'"));
                }
            }
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    /** What in the text cannot be stored, or null. */
    private static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "U+0000 (NUL)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ")";
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String resource(String name) {
        try (InputStream in = EventCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
