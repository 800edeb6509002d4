package dev.agentmemory.runtime.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/**
 * A model whose every input text is preceded by a fixed prefix, the marker an asymmetric retrieval
 * model was trained with ("query: ", "passage: "). Thread-safe when the delegate is.
 */
final class PrefixedEmbeddingModel implements EmbeddingModel {

    private final String prefix;
    private final EmbeddingModel delegate;

    private PrefixedEmbeddingModel(String prefix, EmbeddingModel delegate) {
        this.prefix = prefix;
        this.delegate = delegate;
    }

    /** The delegate itself when there is no prefix. */
    static EmbeddingModel of(String prefix, EmbeddingModel delegate) {
        return prefix.isEmpty() ? delegate : new PrefixedEmbeddingModel(prefix, delegate);
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return delegate.embedAll(segments.stream()
                .map(s -> TextSegment.from(prefix + s.text(), s.metadata()))
                .toList());
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }
}
