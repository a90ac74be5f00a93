package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.http.CommandRoutes;
import dev.kes.projection.http.QueryRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem type a service can answer with is named in its OpenAPI document: the types are collected from the
 * sources ({@code Problem.of(status, "kind", …)}), the shared server's in service-common counting for both services.
 */
class ProblemTypesDocumentedTest {
    private static final Pattern PROBLEM_OF = Pattern.compile("Problem\\.of\\(\\s*\\d{3},\\s*\"([a-z0-9-]+)\"");
    /** The types {@code Problem.forStatus} and {@code Problem.badRequest/notFound} give. */
    private static final Set<String> FRAMEWORK_TYPES = Set.of(
            "invalid-request",
            "not-found",
            "method-not-allowed",
            "payload-too-large",
            "uri-too-long",
            "header-fields-too-large",
            "server-error");

    @Test
    void commandServiceDocumentNamesEveryTypeItsCodeAnswers() {
        assertThat(documented(CommandRoutes.API_DOCUMENT)).containsAll(types("command-service"));
    }

    @Test
    void projectionServiceDocumentNamesEveryTypeItsCodeAnswers() {
        assertThat(documented(QueryRoutes.API_DOCUMENT)).containsAll(types("projection-service"));
    }

    private static Set<String> types(final String module) {
        final Set<String> types = new TreeSet<>(FRAMEWORK_TYPES);
        types.addAll(typesIn(Path.of("..", "service-common", "src", "main", "java")));
        types.addAll(typesIn(Path.of("..", module, "src", "main", "java")));
        assertThat(types).as("types found in " + module).hasSizeGreaterThan(FRAMEWORK_TYPES.size());
        return types;
    }

    private static Set<String> typesIn(final Path sources) {
        final Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (final Path file :
                    files.filter(f -> f.toString().endsWith(".java")).toList()) {
                final Matcher matcher = PROBLEM_OF.matcher(Files.readString(file));
                while (matcher.find()) {
                    types.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    private static Set<String> documented(final String resource) {
        final Set<String> types = new TreeSet<>();
        final Matcher matcher = Pattern.compile("urn:kes:problem:([a-z0-9-]+)")
                .matcher(OpenApiContract.load(resource).document().toString());
        while (matcher.find()) {
            types.add(matcher.group(1));
        }
        return types;
    }
}
