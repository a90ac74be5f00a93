package dev.kes.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/**
 * Reads the published schema versions from the classpath.
 *
 * <p>Why an INDEX file: resources inside a jar cannot be listed portably, so {@code
 * schema-history/INDEX} names every {@code <full.Name>/v<N>.avsc} file, one per line (blank
 * lines and lines starting with {@code #} are ignored). The schema history test keeps INDEX and
 * the directory in sync.
 */
final class SchemaHistory {

    static final String ROOT = "schema-history/";
    static final String INDEX = ROOT + "INDEX";

    private static final Pattern PATH =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)/v([1-9][0-9]{0,8})\\.avsc");

    /** One history file, identified by its path relative to {@link #ROOT}. */
    record Entry(String fullName, int version, String path) {

        static final Comparator<Entry> ORDER =
                Comparator.comparing(Entry::fullName).thenComparingInt(Entry::version);

        static Entry parse(String path) {
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "schema history path '" + path + "' is not of the form <full.Name>/v<N>.avsc");
            }
            return new Entry(m.group(1), Integer.parseInt(m.group(2)), path);
        }
    }

    private SchemaHistory() {}

    /** The INDEX entries, sorted by name and version. */
    static List<Entry> index(ClassLoader loader) {
        return parseIndex(read(loader, INDEX));
    }

    /** Parses the content of an INDEX file, sorted by name and version. */
    static List<Entry> parseIndex(String content) {
        List<Entry> entries = new ArrayList<>();
        for (String line : content.split("\n")) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                entries.add(Entry.parse(path));
            }
        }
        entries.sort(Entry.ORDER);
        return entries;
    }

    /** Every schema listed in INDEX, ordered by name, then version; see {@link #check}. */
    static List<Schema> load(ClassLoader loader) {
        List<Entry> entries = index(loader);
        check(entries);
        List<Schema> schemas = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            schemas.add(parse(e, read(loader, ROOT + e.path())));
        }
        return schemas;
    }

    /** Versions of each name must be exactly 1..N, without duplicates. */
    static void check(List<Entry> sortedEntries) {
        var byName = sortedEntries.stream()
                .collect(Collectors.groupingBy(
                        Entry::fullName, Collectors.mapping(Entry::version, Collectors.toList())));
        byName.forEach((name, versions) -> {
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i) != i + 1) {
                    throw new IllegalStateException("schema history of " + name + " must be v1..v" + versions.size()
                            + " without gaps, found " + versions);
                }
            }
        });
    }

    /** Parses one history file and checks that it defines the record its directory is named after. */
    static Schema parse(Entry entry, String json) {
        Schema schema;
        try {
            schema = SchemaParser.parseSingle(json);
        } catch (SchemaParseException e) {
            throw new IllegalStateException(
                    "schema history file " + entry.path() + " does not parse: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD || !schema.getFullName().equals(entry.fullName())) {
            throw new IllegalStateException("schema history file " + entry.path() + " must define record "
                    + entry.fullName() + " but defines " + schema.getType() + " " + schema.getFullName());
        }
        return schema;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " is missing");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().collect(Collectors.joining("\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
