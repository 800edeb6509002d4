package dev.agentmemory.runtime.kafka;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the catalogue's topics that do not exist yet (brokers run with auto-create off). Idempotent:
 * existing topics are left as they are. Run as a command: {@code java -cp <service jar>
 * dev.agentmemory.runtime.kafka.TopicProvisioner [config.yaml]}.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {}

    public static void main(String[] args) throws Exception {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            List<String> created = provision(admin, Topics.ALL);
            System.out.println(created.isEmpty() ? "topics: all present" : "topics: created " + created);
        }
    }

    /** Creates the missing topics and answers their names. */
    public static List<String> provision(Admin admin, List<Topics.Spec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = specs.stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) -1)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(spec.retention().toMillis()))))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
