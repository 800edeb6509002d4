package dev.agentmemory.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.text.StringSubstitutor;

/**
 * Loads the YAML config: {@code ${NAME}} and {@code ${NAME:-default}} are replaced from the
 * environment first, then the text is bound strictly to {@link MemoryConfig}. Stateless.
 */
public final class ConfigLoader {

    /** Where a service looks when it is given no path. */
    public static final Path DEFAULT_PATH = Path.of("config", "memory.yaml");

    private ConfigLoader() {}

    /** The config named by the first argument, else {@code MEMORY_CONFIG}, else {@link #DEFAULT_PATH}. */
    public static MemoryConfig fromArgs(String[] args) {
        String env = System.getenv("MEMORY_CONFIG");
        Path path = args.length > 0 ? Path.of(args[0]) : env != null ? Path.of(env) : DEFAULT_PATH;
        return load(path, System.getenv());
    }

    public static MemoryConfig load(Path path, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path.toAbsolutePath() + ": " + e, e);
        }
        return parse(text, environment);
    }

    public static MemoryConfig parse(String yaml, Map<String, String> environment) {
        StringSubstitutor substitutor = new StringSubstitutor(environment);
        substitutor.setEnableUndefinedVariableException(true);
        String resolved;
        try {
            resolved = substitutor.replace(yaml);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + e.getMessage() + " (set it in the environment)", e);
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            return mapper.readValue(resolved, MemoryConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("config: unknown key '" + keyOf(e, e.getPropertyName()) + "'", e);
        } catch (JsonMappingException e) {
            throw new ConfigException("config: invalid key '" + keyOf(e, null) + "': " + reason(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static String keyOf(JsonMappingException e, String leaf) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (leaf != null && !path.endsWith(leaf)) {
            return path.isEmpty() ? leaf : path + "." + leaf;
        }
        return path.isEmpty() ? "(root)" : path;
    }

    private static String reason(JsonMappingException e) {
        Throwable cause = e.getCause();
        String message = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
