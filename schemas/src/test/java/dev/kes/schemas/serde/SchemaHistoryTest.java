package dev.kes.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaParser;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the schema history is out of step with the generated classes or breaks
 * compatibility.
 *
 * <p>Why: records stay on topics forever and producers and consumers are deployed
 * independently, so (a) a changed .avsc must be published as a new version, (b) every version
 * must be FULL_TRANSITIVE compatible (each version reads every earlier one and vice versa), and
 * (c) INDEX must list exactly the files in {@code src/main/resources/schema-history} (the
 * catalog loads the history through INDEX). Run with {@code -Dschemas.publish=true} to write the
 * missing {@code v<N+1>.avsc} files and INDEX; publishing refuses incompatible versions.
 */
class SchemaHistoryTest {

    /** Surefire runs in the module directory; the test checks the source tree, not the jar. */
    private static final Path HISTORY = Path.of("src/main/resources/schema-history");

    private static final Path INDEX = HISTORY.resolve("INDEX");
    private static final String INDEX_HEADER = """
      # Every file under schema-history/, one path per line, relative to schema-history/.
      # SchemaCatalog loads the history through this list; SchemaHistoryTest keeps it complete.
      # Publish new versions with: ./mvnw -pl schemas test -Dschemas.publish=true
      """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void publishIfAsked() throws IOException {
        if (!Boolean.getBoolean("schemas.publish")) {
            return;
        }
        Map<String, List<Schema>> history = historyOnDisk();
        List<Path> written = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : ShippedTypes.all()) {
            Schema current = published(SchemaCatalog.schemaOf(type));
            List<Schema> versions = history.getOrDefault(current.getFullName(), List.of());
            if (!versions.isEmpty() && sameSchema(versions.get(versions.size() - 1), current)) {
                continue;
            }
            for (int i = 0; i < versions.size(); i++) {
                String problem = incompatibility(versions.get(i), current);
                if (problem != null) {
                    fail("not publishing %s: incompatible with v%d: %s", current.getFullName(), i + 1, problem);
                }
            }
            Path file = HISTORY.resolve(current.getFullName()).resolve("v" + (versions.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
            written.add(file);
        }
        List<String> paths = filesOnDisk().stream()
                .map(SchemaHistory.Entry::parse)
                .sorted(SchemaHistory.Entry.ORDER)
                .map(SchemaHistory.Entry::path)
                .toList();
        Files.writeString(INDEX, INDEX_HEADER + String.join("\n", paths) + "\n", StandardCharsets.UTF_8);
        if (!written.isEmpty()) {
            // this run's classpath still has the old INDEX: stop, so no jar with a stale history is built
            fail("published %s and updated %s; build again without -Dschemas.publish and commit them", written, INDEX);
        }
    }

    @Test
    void latestVersionOfEveryShippedTypeIsItsGeneratedSchema() throws IOException {
        Map<String, List<Schema>> history = historyOnDisk();
        for (Class<? extends SpecificRecord> type : ShippedTypes.all()) {
            Schema current = published(SchemaCatalog.schemaOf(type));
            List<Schema> versions = history.getOrDefault(current.getFullName(), List.of());
            String hint = " (publish it: ./mvnw -pl schemas test -Dschemas.publish=true writes "
                    + HISTORY.resolve(current.getFullName()).resolve("v" + (versions.size() + 1) + ".avsc") + ")";
            assertThat(versions)
                    .as("published versions of " + current.getFullName() + hint)
                    .isNotEmpty();
            Schema latest = versions.get(versions.size() - 1);
            assertThat(latest.toString())
                    .as(current.getFullName() + " changed since v" + versions.size() + hint)
                    .isEqualTo(current.toString());
            assertThat(latest).isEqualTo(current);
        }
    }

    @Test
    void everyVersionIsCompatibleWithEveryEarlierVersionInBothDirections() throws IOException {
        List<String> problems = new ArrayList<>();
        historyOnDisk().forEach((name, versions) -> {
            for (int later = 1; later < versions.size(); later++) {
                for (int earlier = 0; earlier < later; earlier++) {
                    String problem = incompatibility(versions.get(earlier), versions.get(later));
                    if (problem != null) {
                        problems.add(name + " v" + (later + 1) + " vs v" + (earlier + 1) + ": " + problem);
                    }
                }
            }
        });
        assertThat(problems).as("FULL_TRANSITIVE compatibility").isEmpty();
    }

    @Test
    void theCheckRejectsAnIncompatibleVersion() throws IOException {
        // the check that guards publishing: MoneyWithdrawn v2 with balanceAfter required (no default) cannot read v1
        List<Schema> versions = historyOnDisk().get("dev.kes.schemas.event.MoneyWithdrawn");
        assertThat(incompatibility(versions.get(0), versions.get(1)))
                .as("the published, optional v2")
                .isNull();
        ObjectNode required = (ObjectNode) JSON.readTree(versions.get(1).toString());
        for (JsonNode field : required.withArray("fields")) {
            if (field.get("name").asText().equals("balanceAfter")) {
                ((ObjectNode) field).remove("default");
                ((ObjectNode) field).set("type", field.get("type").get(1));
            }
        }
        assertThat(incompatibility(versions.get(0), SchemaParser.parseSingle(required.toString())))
                .contains("newer cannot read older")
                .contains("READER_FIELD_MISSING_DEFAULT");
    }

    @Test
    void renamedRecordsReadEveryVersionOfTheirOldNames() throws IOException {
        Map<String, List<Schema>> history = historyOnDisk();
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : ShippedTypes.all()) {
            Schema current = SchemaCatalog.schemaOf(type);
            for (String alias : current.getAliases()) {
                for (Schema old : history.getOrDefault(alias, List.of())) {
                    var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
                    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                        problems.add(current.getFullName() + " cannot read " + alias + ": " + describe(result));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void indexListsExactlyTheFilesUnderSchemaHistory() throws IOException {
        List<String> indexed = SchemaHistory.parseIndex(Files.readString(INDEX, StandardCharsets.UTF_8)).stream()
                .map(SchemaHistory.Entry::path)
                .toList();
        assertThat(indexed).as("INDEX has no duplicates").doesNotHaveDuplicates();
        assertThat(indexed).as("INDEX vs files in " + HISTORY).containsExactlyInAnyOrderElementsOf(filesOnDisk());
    }

    @Test
    void shippedCatalogLoadsTheWholeHistoryFromTheClasspath() throws IOException {
        SchemaCatalog catalog = SchemaCatalog.shipped();
        Map<String, List<Schema>> onDisk = historyOnDisk();
        assertThat(catalog.historyNames()).containsExactlyInAnyOrderElementsOf(onDisk.keySet());
        onDisk.forEach((name, versions) -> assertThat(catalog.versions(name)).isEqualTo(versions));
        for (Class<? extends SpecificRecord> type : ShippedTypes.all()) {
            Schema schema = SchemaCatalog.schemaOf(type);
            assertThat(catalog.currentClass(schema.getFullName())).contains(type);
            assertThat(catalog.writerSchema(SchemaCatalog.fingerprint(schema))).isPresent();
        }
    }

    /** The generated schema as published: without the Java-only {@code avro.java.string} hints. */
    static Schema published(Schema generated) {
        try {
            JsonNode json = JSON.readTree(generated.toString());
            stripJavaStringHints(json);
            return SchemaParser.parseSingle(json.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stripJavaStringHints(JsonNode schema) {
        if (schema instanceof ArrayNode union) {
            union.forEach(SchemaHistoryTest::stripJavaStringHints);
        } else if (schema instanceof ObjectNode node) {
            node.remove("avro.java.string");
            switch (node.path("type").asText()) {
                case "record", "error" -> node.path("fields").forEach(f -> stripJavaStringHints(f.path("type")));
                case "array" -> stripJavaStringHints(node.path("items"));
                case "map" -> stripJavaStringHints(node.path("values"));
                default -> {}
            }
        }
    }

    private static boolean sameSchema(Schema a, Schema b) {
        return a.equals(b) && a.toString().equals(b.toString());
    }

    /** Null if each schema can read data written with the other, else what breaks. */
    private static String incompatibility(Schema earlier, Schema later) {
        var newReadsOld = SchemaCompatibility.checkReaderWriterCompatibility(later, earlier);
        var oldReadsNew = SchemaCompatibility.checkReaderWriterCompatibility(earlier, later);
        List<String> problems = new ArrayList<>();
        if (newReadsOld.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("newer cannot read older: " + describe(newReadsOld));
        }
        if (oldReadsNew.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("older cannot read newer: " + describe(oldReadsNew));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Paths of all files under schema-history except INDEX, relative, with '/' separators. */
    private static List<String> filesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(HISTORY)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> HISTORY.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(p -> !p.equals("INDEX"))
                    .sorted()
                    .toList();
        }
    }

    /** The history in the source tree by record name, versions in order (checked: 1..N, names). */
    private static Map<String, List<Schema>> historyOnDisk() throws IOException {
        List<SchemaHistory.Entry> entries = filesOnDisk().stream()
                .map(SchemaHistory.Entry::parse)
                .sorted(SchemaHistory.Entry.ORDER)
                .toList();
        SchemaHistory.check(entries);
        Map<String, List<Schema>> history = new LinkedHashMap<>();
        for (SchemaHistory.Entry e : entries) {
            String json = Files.readString(HISTORY.resolve(e.path()), StandardCharsets.UTF_8);
            history.computeIfAbsent(e.fullName(), n -> new ArrayList<>()).add(SchemaHistory.parse(e, json));
        }
        return history.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, x -> List.copyOf(x.getValue()), (a, b) -> a, LinkedHashMap::new));
    }
}
