package dev.jconvex.admin;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What to import and how, as {@code npx convex import} names it ({@code finish_upload}'s {@code
 * import} object: {@code {tableName?, mode, format}}).
 *
 * @param format the file's format
 * @param mode what happens to documents already in the tables
 * @param table the table a single-table format goes to; empty for a ZIP
 */
public record ImportRequest(Format format, Mode mode, Optional<String> table) {

    public ImportRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(table, "table");
        if (format == Format.ZIP && table.isPresent()) {
            throw new ConvexException(ErrorCode.InvalidArgument, "The `--table` option is not allowed for format zip");
        }
        if (format != Format.ZIP && table.isEmpty()) {
            throw new ConvexException(
                    ErrorCode.InvalidArgument, "The `--table` option is required for format " + format.wireName());
        }
    }

    /** The formats, by the names the CLI sends. */
    public enum Format {
        ZIP("zip"),
        JSON_LINES("jsonLines"),
        JSON_ARRAY("jsonArray"),
        CSV("csv");

        private final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The format named {@code name} ({@code zip}, {@code jsonLines}, {@code jsonArray}, {@code csv}). */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            throw new ConvexException(ErrorCode.InvalidArgument, "Unknown import format: " + name);
        }

        /** The format a file name's extension implies ({@code .zip}, {@code .jsonl}, {@code .json}, {@code .csv}). */
        public static Optional<Format> ofFileName(String fileName) {
            String lower = fileName.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".zip")) {
                return Optional.of(ZIP);
            }
            if (lower.endsWith(".jsonl")) {
                return Optional.of(JSON_LINES);
            }
            if (lower.endsWith(".json")) {
                return Optional.of(JSON_ARRAY);
            }
            if (lower.endsWith(".csv")) {
                return Optional.of(CSV);
            }
            return Optional.empty();
        }
    }

    /**
     * {@code requireEmpty} (the default: every target table must be empty), {@code append} (add to
     * what is there), {@code replace} (empty each table the file holds first), {@code replaceAll}
     * (empty every table first).
     */
    public enum Mode {
        REQUIRE_EMPTY("requireEmpty"),
        APPEND("append"),
        REPLACE("replace"),
        REPLACE_ALL("replaceAll");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Mode parse(String name) {
            for (Mode m : values()) {
                if (m.wireName.equals(name)) {
                    return m;
                }
            }
            throw new ConvexException(ErrorCode.InvalidArgument, "Unknown import mode: " + name);
        }
    }
}
