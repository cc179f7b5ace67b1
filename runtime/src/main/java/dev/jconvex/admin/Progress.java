package dev.jconvex.admin;

/**
 * Hears how far a long import or export is: {@code done} of {@code total} documents in {@code phase}
 * ({@code "checked"}, {@code "written"}, {@code "exported"}); {@code total} is -1 when unknown.
 */
@FunctionalInterface
public interface Progress {
    void update(String phase, long done, long total);

    /** Ignores everything. */
    static Progress none() {
        return (phase, done, total) -> {};
    }
}
