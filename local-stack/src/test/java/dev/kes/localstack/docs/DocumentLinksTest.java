package dev.kes.localstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown resolves inside a clone: a reader who follows the README must
 * not land on a file that only exists on the machine it was written on.
 */
class DocumentLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)]*)?\\)");

    @Test
    void everyRelativeMarkdownLinkPointsAtAFileOfTheRepository() throws IOException {
        final Path root = repositoryRoot();
        final List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path file :
                    files.filter(DocumentLinksTest::isOwnMarkdown).toList()) {
                final Matcher link = LINK.matcher(Files.readString(file));
                while (link.find()) {
                    final String target = link.group(1);
                    if (target.contains("://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    final Path resolved = file.getParent().resolve(target).normalize();
                    if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                        broken.add(root.relativize(file) + " -> " + target);
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    private static boolean isOwnMarkdown(final Path file) {
        final String path = file.toString();
        return path.endsWith(".md")
                && !path.contains("/target/")
                && !path.contains("/node_modules/")
                && !path.contains("/.git/");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
