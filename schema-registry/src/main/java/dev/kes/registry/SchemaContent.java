package dev.kes.registry;

import java.util.List;

/**
 * What makes two registrations the same schema, and so gives them the same id: the schema in canonical form
 * (Avro's own JSON, whitespace and attribute order normalised, docs and defaults kept) and its references.
 */
public record SchemaContent(String schema, List<SchemaReference> references) {
    public SchemaContent {
        references = List.copyOf(references);
    }
}
