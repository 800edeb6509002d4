package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The models the worker can run, the name recorded on each memory, and the start-up checks. */
class EmbeddingModelsTest {

    @Test
    void anInProcessModelIsNamedWithTheVersionOfItsArtifact() {
        var minilm = EmbeddingModels.create(inProcess("all-minilm-l6-v2-q", 384));
        assertEquals("all-minilm-l6-v2-q@1.19.0-beta29", minilm.id());

        var bge = EmbeddingModels.create(inProcess("bge-small-en-v15-q", 384));
        assertEquals("bge-small-en-v15-q@1.18.1-beta28", bge.id());
        assertEquals(384, bge.queries().embed("dark mode").content().vector().length);

        var e5 = EmbeddingModels.create(inProcess("e5-small-v2-q", 384));
        assertEquals("e5-small-v2-q@1.11.0-beta19", e5.id());
    }

    @Test
    void anAsymmetricModelMarksQueriesAndPassagesAsItsCardPrescribes() {
        var e5 = EmbeddingModels.create(inProcess("e5-small-v2-q", 384));
        var plain = new E5SmallV2QuantizedEmbeddingModel();
        assertArrayEquals(
                plain.embed("query: where does alice live").content().vector(),
                e5.queries().embed("where does alice live").content().vector());
        assertArrayEquals(
                plain.embed("passage: Alice lives in Berlin").content().vector(),
                e5.passages()
                        .embedAll(List.of(TextSegment.from("Alice lives in Berlin")))
                        .content()
                        .get(0)
                        .vector());

        var minilm = EmbeddingModels.create(inProcess("all-minilm-l6-v2-q", 384));
        assertSame(minilm.passages(), minilm.queries());
    }

    @Test
    void anInProcessModelOfAnotherSizeStopsTheStart() {
        var error = assertThrows(
                IllegalStateException.class, () -> EmbeddingModels.create(inProcess("all-minilm-l6-v2-q", 768)));
        assertTrue(error.getMessage().contains("embedding.dimensions is 768"), error.getMessage());
        assertTrue(error.getMessage().contains("produces 384-dimensional"), error.getMessage());
    }

    @Test
    void anUnknownInProcessModelIsRefusedNamingTheKnownOnes() {
        var error =
                assertThrows(IllegalArgumentException.class, () -> EmbeddingModels.create(inProcess("e5-large", 384)));
        assertTrue(
                error.getMessage().contains("all-minilm-l6-v2-q, bge-small-en-v15-q, e5-small-v2-q"),
                error.getMessage());
    }

    @Test
    void theRemoteModelIsCheckedWithoutCallingTheApi() throws Exception {
        try (var api = OpenAiStandIn.start(8)) {
            var model = EmbeddingModels.create(
                    TestConfig.openAi(api.baseUrl(), 8, Map.of()).embedding());

            assertEquals("openai:" + TestConfig.MODEL, model.id());
            assertEquals(8, model.passages().dimension());

            var tooLarge = assertThrows(
                    IllegalStateException.class,
                    () -> EmbeddingModels.create(remote(api, "text-embedding-3-small", 3072)));
            assertTrue(tooLarge.getMessage().contains("produces 1536-dimensional"), tooLarge.getMessage());
            var notShortenable = assertThrows(
                    IllegalStateException.class,
                    () -> EmbeddingModels.create(remote(api, "text-embedding-ada-002", 512)));
            assertTrue(notShortenable.getMessage().contains("produces 1536-dimensional"), notShortenable.getMessage());
            assertEquals(
                    "openai:text-embedding-3-large",
                    EmbeddingModels.create(remote(api, "text-embedding-3-large", 1024))
                            .id());

            assertEquals(0, api.calls());
        }
    }

    private static dev.agentmemory.runtime.config.MemoryConfig.Embedding inProcess(String model, int dimensions) {
        return TestConfig.load(Map.of(
                        "EMBEDDING_PROVIDER",
                        "in_process",
                        "EMBEDDING_MODEL",
                        model,
                        "EMBEDDING_DIMENSIONS",
                        Integer.toString(dimensions)))
                .embedding();
    }

    private static dev.agentmemory.runtime.config.MemoryConfig.Embedding remote(
            OpenAiStandIn api, String model, int dimensions) {
        return TestConfig.load(Map.of(
                        "EMBEDDING_PROVIDER",
                        "openai",
                        "EMBEDDING_MODEL",
                        model,
                        "EMBEDDING_DIMENSIONS",
                        Integer.toString(dimensions),
                        "EMBEDDING_API_BASE_URL",
                        api.baseUrl()))
                .embedding();
    }
}
