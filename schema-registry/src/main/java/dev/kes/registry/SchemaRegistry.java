package dev.kes.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations, in Confluent's terms: register (an identical schema gets its existing id and version
 * back; a new one is checked against the subject's compatibility level first), look up, check, configure.
 * Writes are one at a time and start by reading the topic to its end, so that ids and versions follow what any
 * registry on the same topic wrote before.
 */
final class SchemaRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    /** When another registry on the same topic took the id or version this one was about to write: read, try again. */
    private static final int WRITE_ATTEMPTS = 3;

    private final RegistryState state;
    private final SchemaLog log;
    private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

    SchemaRegistry(final RegistryState state, final SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    /** A registration or lookup request: the schema text, its type (null = AVRO) and its references. */
    record Request(String schema, String schemaType, List<SchemaReference> references) {
        Request {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    /** The id of {@code request}'s schema under {@code subject}, registering it as the next version if new. */
    synchronized StoredSchema register(final String subject, final Request request) {
        requireAvro(request);
        for (int attempt = 1; ; attempt++) {
            log.syncToEnd();
            final ParsedSchema parsed = parse(request);
            final Optional<StoredSchema> existing = state.find(subject, parsed.content());
            if (existing.isPresent()) {
                return existing.get();
            }
            final List<String> problems = state.levelFor(subject).problems(parsed.schema(), earlier(subject));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, problems.toString());
            }
            final int id = state.idOf(parsed.content()).orElse(state.maxId() + 1);
            final StoredSchema wanted = new StoredSchema(subject, state.nextVersion(subject), id, parsed.content());
            log.append(StorageFormat.schemaKey(subject, wanted.version()), StorageFormat.schemaValue(wanted));
            if (state.version(subject, wanted.version()).filter(wanted::equals).isPresent()) {
                LOG.info("registered schema id {} as version {} of subject {}", id, wanted.version(), subject);
                return wanted;
            }
            if (attempt == WRITE_ATTEMPTS) {
                throw RegistryException.storeError("another registry on the same topic keeps taking the id or "
                        + "version of subject '" + subject + "'; retry");
            }
            LOG.warn(
                    "another registry wrote version {} of {} or id {} first; trying again",
                    wanted.version(),
                    subject,
                    id);
        }
    }

    /** The version of {@code subject} holding {@code request}'s schema (POST /subjects/{subject}). */
    StoredSchema lookup(final String subject, final Request request) {
        requireAvro(request);
        final ParsedSchema parsed = parse(request);
        if (!state.hasSubject(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
        return state.find(subject, parsed.content()).orElseThrow(() -> RegistryException.schemaNotFound("Schema"));
    }

    /** The schema with {@code id}; reads the topic to its end once before saying it does not exist. */
    SchemaContent schema(final int id) {
        final Optional<SchemaContent> known = state.schema(id);
        if (known.isPresent()) {
            return known.get();
        }
        // written through another registry on the same topic a moment ago, perhaps
        log.syncToEnd();
        return state.schema(id).orElseThrow(() -> RegistryException.schemaNotFound("Schema " + id));
    }

    List<StoredSchema> usages(final int id) {
        schema(id);
        return state.usages(id);
    }

    List<String> subjects() {
        return state.subjects();
    }

    List<StoredSchema> versions(final String subject) {
        final List<StoredSchema> versions = state.versions(subject);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    /** {@code version} is a number, {@code latest} or -1 (the latest). */
    StoredSchema version(final String subject, final String version) {
        final int number = versionNumber(version);
        if (!state.hasSubject(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
        final Optional<StoredSchema> found = number == -1 ? state.latest(subject) : state.version(subject, number);
        return found.orElseThrow(() -> RegistryException.versionNotFound(number));
    }

    List<Integer> referencedBy(final String subject, final String version) {
        final StoredSchema target = version(subject, version);
        return state.referencedBy(subject, target.version());
    }

    /**
     * Why {@code request}'s schema may not be registered next under {@code subject}: against one version when
     * {@code version} names one, against what the subject's level checks when it is {@code latest} or null.
     */
    List<String> compatibilityProblems(final String subject, final String version, final Request request) {
        requireAvro(request);
        final CompatibilityLevel level = state.levelFor(subject);
        if (version != null && versionNumber(version) != -1) {
            final StoredSchema against = version(subject, version);
            return level.problems(parse(request).schema(), List.of(parsed(against)));
        }
        if (version != null && !state.hasSubject(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
        return level.problems(parse(request).schema(), earlier(subject));
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    /** The subject's own level; with {@code defaultToGlobal} the global one when it has none, else a 40408. */
    CompatibilityLevel subjectLevel(final String subject, final boolean defaultToGlobal) {
        final Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return state.globalLevel();
        }
        throw RegistryException.subjectLevelConfigNotFound(subject);
    }

    /** Sets the global level ({@code subject} null) or a subject's. */
    synchronized void setLevel(final String subject, final CompatibilityLevel level) {
        log.append(StorageFormat.configKey(subject), StorageFormat.configValue(level));
        LOG.info("compatibility of {} set to {}", subject == null ? "the registry" : "subject " + subject, level);
    }

    private List<Schema> earlier(final String subject) {
        return state.versions(subject).stream().map(this::parsed).toList();
    }

    private Schema parsed(final StoredSchema stored) {
        return parsedById.computeIfAbsent(
                stored.id(),
                id -> AvroSchemas.parse(
                                stored.content().schema(), stored.content().references(), state::version)
                        .schema());
    }

    private ParsedSchema parse(final Request request) {
        return AvroSchemas.parse(request.schema(), request.references(), state::version);
    }

    private static void requireAvro(final Request request) {
        if (request.schemaType() != null && !"AVRO".equals(request.schemaType().toUpperCase(Locale.ROOT))) {
            throw RegistryException.invalidSchema(
                    "schema type " + request.schemaType() + " is not supported: this registry serves AVRO only");
        }
    }

    /** -1 for {@code latest} or -1; a version from 1; else a 42202 error. */
    static int versionNumber(final String version) {
        if ("latest".equals(version)) {
            return -1;
        }
        try {
            final int number = Integer.parseInt(version);
            if (number == -1 || number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RegistryException.invalidVersion(version);
    }
}
