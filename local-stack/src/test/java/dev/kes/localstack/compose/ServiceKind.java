package dev.kes.localstack.compose;

import dev.kes.command.CommandServiceConfig;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.Settings;
import dev.kes.transfer.TransferManagerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A service a compose file may run: the module that builds its jar, the keys its configuration class reads, and how
 * that class reads an environment (so values are checked by the service's own parsing, defaults included).
 */
record ServiceKind(String module, ConfigKeys keys, Function<Map<String, String>, Endpoint> endpoint) {

    /** What the other services and the host need to know of an instance. advertisedHost: null when not forwarded to. */
    record Endpoint(String applicationId, String httpHost, int httpPort, String advertisedHost) {}

    static final ServiceKind COMMAND = new ServiceKind("command-service", CommandServiceConfig.keys(), env -> {
        final CommandServiceConfig config = CommandServiceConfig.from(
                Settings.load(CommandServiceConfig.DEFAULTS, withoutConfigFile(env), Map.of()));
        return new Endpoint(config.applicationId(), config.httpHost(), config.httpPort(), null);
    });

    static final ServiceKind PROJECTION = new ServiceKind("projection-service", ProjectionServiceConfig.keys(), env -> {
        final ProjectionServiceConfig config = ProjectionServiceConfig.from(
                Settings.load(ProjectionServiceConfig.DEFAULTS, withoutConfigFile(env), Map.of()));
        return new Endpoint(config.applicationId(), config.httpHost(), config.httpPort(), config.advertisedHost());
    });

    static final ServiceKind TRANSFER = new ServiceKind("transfer-manager", TransferManagerConfig.keys(), env -> {
        final TransferManagerConfig config = TransferManagerConfig.from(
                Settings.load(TransferManagerConfig.DEFAULTS, withoutConfigFile(env), Map.of()));
        return new Endpoint(config.applicationId(), config.httpHost(), config.httpPort(), null);
    });

    /** The file {@value Settings#FILE_ENV} names is inside the container: not here to read. */
    private static Map<String, String> withoutConfigFile(final Map<String, String> env) {
        final Map<String, String> copy = new LinkedHashMap<>(env);
        copy.remove(Settings.FILE_ENV);
        return copy;
    }

    /**
     * The runnable jars the build produces for the services, as a compose file beside the root pom mounts them
     * ({@code ./<module>/target/<name>.jar}), each with its kind; the paths are read from the modules' poms (the
     * shade plugin's {@code outputFile}, else {@code finalName}).
     */
    static Map<String, ServiceKind> byBuiltJar(final Path repositoryRoot) {
        final Map<String, ServiceKind> jars = new LinkedHashMap<>();
        for (final ServiceKind kind : new ServiceKind[] {COMMAND, PROJECTION, TRANSFER}) {
            final String jar = runnableJar(repositoryRoot.resolve(kind.module()).resolve("pom.xml"));
            jars.put("./" + kind.module() + "/" + jar, kind);
        }
        return jars;
    }

    /** The runnable jar's path relative to the module, e.g. {@code target/command-service.jar}. */
    private static String runnableJar(final Path pom) {
        final String outputFile = single(pom, "outputFile");
        if (outputFile != null) {
            return outputFile.replace("${project.build.directory}", "target");
        }
        final String finalName = single(pom, "finalName");
        if (finalName == null) {
            throw new IllegalStateException(pom + " names no runnable jar (shade outputFile or finalName)");
        }
        return "target/" + finalName + ".jar";
    }

    private static String single(final Path pom, final String element) {
        try {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            final Document document;
            try (var in = Files.newInputStream(pom)) {
                document = factory.newDocumentBuilder().parse(in);
            }
            final NodeList found = document.getElementsByTagName(element);
            if (found.getLength() > 1) {
                throw new IllegalStateException(pom + " has more than one <" + element + ">");
            }
            return found.getLength() == 0
                    ? null
                    : found.item(0).getTextContent().strip();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }
}
