package dev.kes.projection.query;

import java.util.List;

/** The JSON body of {@code GET /accounts/{id}/monthly-snapshots?year=}. */
public record MonthlySnapshotsResponse(String accountId, int year, List<MonthResponse> months) {
    public MonthlySnapshotsResponse {
        months = List.copyOf(months);
    }
}
