package dev.agentmemory.query;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.runtime.tenant.Authenticator;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.EventCodec;
import io.javalin.Javalin;
import java.time.Clock;

/** Starts the query API: config, metrics, model, stores, services, HTTP; one hook closes them in reverse. */
public final class QueryApiMain {

    private QueryApiMain() {}

    public static void main(String[] args) {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry("query-api");
        var mapper = EventCodec.newMapper();
        EmbeddingModels.Named model = EmbeddingModels.create(config.embedding());

        DocumentStore store = DocumentStore.open(config.storage().postgres(), "query-api", registry);
        OpenSearch search = OpenSearch.connect(config.storage().vectorDb(), mapper);
        var auth = Authenticator.backedBy(config.auth().adminKey(), store.jdbi().onDemand(TenantDirectory.class));
        var feedback = new RelevanceFeedback(registry);
        var retriever = new HybridRetriever(search, model, config, feedback, Clock.systemUTC(), registry);
        var browser = new MemoryBrowser(store.jdbi().onDemand(MemoryReads.class));
        Javalin http = QueryApi.create(config, mapper, auth, retriever, browser, feedback, registry);

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            search.close();
                            store.close();
                        },
                        "shutdown"));
        http.start();
    }
}
