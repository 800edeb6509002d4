package dev.agentmemory.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.text.StringSubstitutor;

/**
 * Loads the YAML config: the YAML is parsed first, then {@code ${NAME}} and {@code
 * ${NAME:-default}} in its values are replaced from the environment (once: a value is taken as it
 * is, quotes, backslashes and {@code ${…}} in a password included, and never appears in a parse
 * error), then the tree is bound strictly to {@link MemoryConfig}. Stateless.
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
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: not valid YAML: " + e.getOriginalMessage(), e);
        }
        StringSubstitutor substitutor = new StringSubstitutor(environment);
        substitutor.setEnableUndefinedVariableException(true);
        substitutor.setDisableSubstitutionInValues(true);
        try {
            tree = substitute(tree, substitutor);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + e.getMessage() + " (set it in the environment)", e);
        }
        try {
            return mapper.treeToValue(tree, MemoryConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("config: unknown key '" + keyOf(e, e.getPropertyName()) + "'", e);
        } catch (JsonMappingException e) {
            throw new ConfigException("config: invalid key '" + keyOf(e, null) + "': " + reason(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The tree with every text value's variables replaced. */
    private static JsonNode substitute(JsonNode node, StringSubstitutor substitutor) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitutor.replace(node.textValue()));
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, substitute(object.get(name), substitutor));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), substitutor));
            }
        }
        return node;
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
