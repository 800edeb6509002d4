package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LoCoMo as prepared in {@code locomo10_turn_corpus.jsonl} (one line per dialogue turn, 5,882) and
 * {@code locomo10_qrels.jsonl} (one line per question, evidence normalised to dia_ids), read from
 * the folder given with {@code --data} (never copied into the repository).
 */
final class LocomoData {

    /** The dev split (tuning only); the other seven conversations are the test split. */
    static final Set<String> DEV = Set.of("conv-26", "conv-30", "conv-41");

    static final List<String> FORMATS = List.of("date-speaker", "rag", "speaker", "text");

    /** One turn: its conversation, dia_id ("D3:7"), session number, session date as written and as an instant. */
    record Turn(String conv, String diaId, int session, String dateText, Instant date, String speaker, String text) {}

    /** One question with its normalised evidence dia_ids and category (1 multi-hop … 5 adversarial). */
    record Question(String conv, String qid, String question, int category, List<String> evidence) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** "1:56 pm on 8 May, 2023" (upper- or lower-case am/pm). */
    private static final DateTimeFormatter SESSION_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy")
            .toFormatter(Locale.ENGLISH);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    static boolean inSplit(String conv, String split) {
        return switch (split) {
            case "dev" -> DEV.contains(conv);
            case "test" -> !DEV.contains(conv);
            default -> true;
        };
    }

    /** The session date as an instant; LoCoMo gives no zone, so it is read as UTC. */
    static Instant parseDate(String text) {
        return LocalDateTime.parse(text.trim(), SESSION_DATE).toInstant(ZoneOffset.UTC);
    }

    static List<Turn> turns(Path folder) throws IOException {
        List<Turn> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("locomo10_turn_corpus.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode t = JSON.readTree(line);
            String date = t.path("session_date_time").asText();
            out.add(new Turn(
                    t.path("conv").asText(),
                    t.path("dia_id").asText(),
                    t.path("session").asInt(),
                    date,
                    parseDate(date),
                    t.path("speaker").asText(),
                    t.path("text").asText()));
        }
        return out;
    }

    static List<Question> questions(Path folder) throws IOException {
        List<Question> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("locomo10_qrels.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode q = JSON.readTree(line);
            List<String> evidence = new ArrayList<>();
            q.path("evidence").forEach(e -> evidence.add(e.asText()));
            out.add(new Question(
                    q.path("conv").asText(),
                    q.path("qid").asText(),
                    q.path("question").asText(),
                    q.path("category").asInt(),
                    List.copyOf(evidence)));
        }
        return out;
    }

    /**
     * The text indexed as a memory's content. {@code date-speaker} (the default): "[8 May 2023]
     * Caroline: text" — the day of the session and who spoke, so BM25 can match a name or a month;
     * {@code rag}: the LoCoMo RAG baseline's "(1:56 pm on 8 May, 2023) Caroline said, \"text\""
     * (the reference script's {@code --fmt rag}); {@code speaker}: "Caroline: text"; {@code text}:
     * the turn alone. Image turns already carry "[shares &lt;caption&gt;]" in the corpus text.
     */
    static String content(Turn t, String format) {
        return switch (format) {
            case "rag" -> "(" + t.dateText() + ") " + t.speaker() + " said, \"" + t.text() + "\"";
            case "speaker" -> t.speaker() + ": " + t.text();
            case "text" -> t.text();
            default -> "[" + DAY.format(t.date().atOffset(ZoneOffset.UTC)) + "] " + t.speaker() + ": " + t.text();
        };
    }

    private LocomoData() {}
}
