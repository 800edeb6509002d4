package dev.agentmemory.query;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads memories from the document store for the browsing endpoints: one memory by id, and a
 * user's memories newest first in pages with an opaque cursor. Always within the caller's tenant.
 * Thread-safe.
 */
final class MemoryBrowser {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;
    /** The most versions a history shows (a fact restated every day for months is still one answer). */
    private static final int MAX_CHAIN = 50;

    private final MemoryReads reads;

    MemoryBrowser(MemoryReads reads) {
        this.reads = reads;
    }

    MemoryReads.StoredMemory memory(String tenantId, String memoryId) {
        if (!UUID.matcher(memoryId).matches()) {
            throw notFound(memoryId);
        }
        return reads.find(tenantId, memoryId).orElseThrow(() -> notFound(memoryId));
    }

    /**
     * A memory's history: the memory, its status now ({@code current}, {@code superseded} or {@code
     * merged}), the chain of versions of the fact oldest first (the memories it replaced and those
     * that replaced it, following supersessions both ways), and every decision about it with its
     * evidence.
     */
    Map<String, Object> history(String tenantId, String memoryId) {
        MemoryReads.StoredMemory memory = memory(tenantId, memoryId);
        List<MemoryReads.Decision> decisions = reads.decisions(tenantId, memoryId);
        String status = "current";
        for (MemoryReads.Decision d : decisions) {
            if (d.memoryId().equals(memoryId) && d.kind().equals("superseded")) {
                status = "superseded";
            } else if (d.memoryId().equals(memoryId) && d.kind().equals("merged")) {
                status = "merged";
            }
        }
        LinkedList<String> chain = new LinkedList<>(List.of(memoryId));
        for (String id = replaced(tenantId, memoryId, true); id != null && chain.size() < MAX_CHAIN; ) {
            chain.addFirst(id);
            id = replaced(tenantId, id, true);
        }
        for (String id = replaced(tenantId, memoryId, false); id != null && chain.size() < MAX_CHAIN; ) {
            chain.addLast(id);
            id = replaced(tenantId, id, false);
        }
        List<MemoryReads.StoredMemory> versions = chain.stream()
                .map(id -> reads.find(tenantId, id).orElse(null))
                .filter(Objects::nonNull)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("memory", memory);
        body.put("status", status);
        body.put("versions", versions);
        body.put("decisions", decisions);
        return body;
    }

    /** The memory {@code id} replaced ({@code backwards}) or was replaced by; null if none. */
    private String replaced(String tenantId, String id, boolean backwards) {
        for (MemoryReads.Decision d : reads.decisions(tenantId, id)) {
            if (!d.kind().equals("superseded")) {
                continue;
            }
            if (backwards && id.equals(d.otherMemoryId())) {
                return d.memoryId();
            }
            if (!backwards && id.equals(d.memoryId())) {
                return d.otherMemoryId();
            }
        }
        return null;
    }

    Map<String, Object> page(String tenantId, String userId, String limitParam, String cursor) {
        RetrievalRequest.requireUserId(userId);
        int limit = limit(limitParam);
        Instant afterCreated = null;
        String afterId = null;
        if (cursor != null) {
            String[] parts = decode(cursor);
            afterCreated = Instant.parse(parts[0]);
            afterId = parts[1];
        }
        // one more than a page: a next page exists only when there is more to read
        List<MemoryReads.StoredMemory> rows = reads.page(tenantId, userId, afterCreated, afterId, limit + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("memories", rows.subList(0, Math.min(limit, rows.size())));
        if (rows.size() > limit) {
            var last = rows.get(limit - 1);
            body.put("next_cursor", encode(last.createdAt() + "|" + last.memoryId()));
        }
        return body;
    }

    private static int limit(String param) {
        if (param == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(param);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + MAX_PAGE);
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2 && UUID.matcher(parts[1]).matches()) {
                Instant at = Instant.parse(parts[0]);
                if (!at.isBefore(RetrievalRequest.EARLIEST) && !at.isAfter(RetrievalRequest.LATEST)) {
                    return parts;
                }
            }
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            // answered below
        }
        throw ProblemException.badRequest("cursor is not one this service issued");
    }

    private static ProblemException notFound(String memoryId) {
        return new ProblemException(
                Problem.of(404, "memory-not-found", "Memory not found", "no memory '" + memoryId + "' in this tenant"),
                null);
    }
}
