package dev.kes.admin.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** ISO-8601 instants; a date or a date-time without offset is taken as UTC, like everything in kes. */
public final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(final String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new TypeConversionException("'" + value + "' is not an instant: use ISO-8601, e.g. "
                            + "2026-01-31T09:30:00Z, 2026-01-31T10:30:00+01:00 or 2026-01-31 (UTC midnight)");
                }
            }
        }
    }
}
