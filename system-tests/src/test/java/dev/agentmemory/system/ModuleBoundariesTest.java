package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Services depend on the contracts and the shared runtime only, never on each other. */
class ModuleBoundariesTest {

    private static final Set<String> ALLOWED = Set.of("schemas", "service-runtime");

    @ParameterizedTest
    @ValueSource(
            strings = {"ingest-api", "embedder-worker", "indexer-worker", "query-api", "service-runtime", "schemas"})
    void aServiceDependsOnlyOnSchemasAndTheRuntime(String module) throws Exception {
        Path pom = Path.of("..", module, "pom.xml");
        assertTrue(Files.exists(pom), pom + " exists");
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList dependencies = document.getElementsByTagName("dependency");
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String group = dependency
                    .getElementsByTagName("groupId")
                    .item(0)
                    .getTextContent()
                    .trim();
            if (group.equals("dev.agentmemory")) {
                ours.add(dependency
                        .getElementsByTagName("artifactId")
                        .item(0)
                        .getTextContent()
                        .trim());
            }
        }
        List<String> forbidden = ours.stream()
                .filter(a -> !ALLOWED.contains(a) || a.equals(module))
                .toList();
        assertEquals(List.of(), forbidden, module + " depends on another service");
    }
}
