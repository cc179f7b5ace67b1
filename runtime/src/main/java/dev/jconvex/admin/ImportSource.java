package dev.jconvex.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The documents of an import file, read as a stream (never all in memory), in one of the formats
 * {@code npx convex import} sends: a snapshot ZIP (tables named by its entries, values in {@link
 * ExportJson}), JSON lines, a JSON array, or CSV (one table, named by {@code --table}).
 *
 * <p>Every read failure is a {@link ConvexException} that names the file part and line.
 */
final class ImportSource {

    /** One document as read: its table, and its body with {@code _id}/{@code _creationTime} if given. */
    record Document(String table, ConvexValue.Obj fields) {}

    /** Receives the documents in file order. */
    @FunctionalInterface
    interface Visitor {
        void accept(Document document);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final ImportRequest.Format format;
    private final Optional<String> table;

    ImportSource(Path file, ImportRequest.Format format, Optional<String> table) {
        this.file = file;
        this.format = format;
        this.table = table;
    }

    /**
     * The table numbers a ZIP's {@code _tables/documents.jsonl} lists (what the ids in it encode); for
     * other formats none.
     */
    Map<String, OptionalInt> tableNumbers() {
        Map<String, OptionalInt> numbers = new LinkedHashMap<>();
        if (format != ImportRequest.Format.ZIP) {
            numbers.put(table.orElseThrow(), OptionalInt.empty());
            return numbers;
        }
        try (ZipFile zip = open()) {
            ZipEntry tables = zip.getEntry("_tables/documents.jsonl");
            if (tables != null) {
                try (BufferedReader reader = reader(zip.getInputStream(tables))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        JsonNode row = MAPPER.readTree(line);
                        if (row.path("name").isTextual()) {
                            numbers.put(
                                    row.get("name").textValue(),
                                    row.path("id").canConvertToInt()
                                            ? OptionalInt.of(row.get("id").intValue())
                                            : OptionalInt.empty());
                        }
                    }
                }
            }
            for (String name : userTables(zip)) {
                numbers.putIfAbsent(name, OptionalInt.empty());
            }
            numbers.keySet().retainAll(userTables(zip));
            return numbers;
        } catch (IOException e) {
            throw bad("Could not read the ZIP file: " + e.getMessage());
        }
    }

    /** Reads every document in order. */
    void forEach(Visitor visitor) {
        try {
            switch (format) {
                case ZIP -> zip(visitor);
                case JSON_LINES -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        jsonLines(in, table.orElseThrow(), displayName(), false, visitor);
                    }
                }
                case JSON_ARRAY -> jsonArray(visitor);
                case CSV -> csv(visitor);
            }
        } catch (IOException e) {
            throw bad("Could not read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** The file as messages name it: an upload has no name of its own. */
    private String displayName() {
        String name = file.getFileName().toString();
        return name.endsWith(".upload") ? "the uploaded file" : name;
    }

    private ZipFile open() throws IOException {
        try {
            return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (java.util.zip.ZipException e) {
            throw bad("The file is not a valid ZIP archive: " + e.getMessage());
        }
    }

    /** The tables a ZIP holds: entries {@code <table>/documents.jsonl} whose name is not a system table. */
    private static List<String> userTables(ZipFile zip) {
        List<String> tables = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.startsWith("_components/")) {
                throw bad("Importing components is not supported by jconvex: " + name);
            }
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash).equals("/documents.jsonl") && !name.startsWith("_")) {
                tables.add(name.substring(0, slash));
            }
        }
        return tables;
    }

    private void zip(Visitor visitor) throws IOException {
        try (ZipFile zip = open()) {
            for (String name : userTables(zip)) {
                ZipEntry schema = zip.getEntry(name + "/generated_schema.jsonl");
                boolean uniform = true;
                if (schema != null) {
                    try (BufferedReader reader = reader(zip.getInputStream(schema))) {
                        String first = reader.readLine();
                        uniform = first == null
                                || first.isBlank()
                                || first.strip().equals("\"uniform\"");
                    }
                }
                if (!uniform) {
                    throw bad("Table " + name + " was exported in Convex's older format (a shape in " + name
                            + "/generated_schema.jsonl); export it again with a current Convex to import it");
                }
                try (InputStream in = zip.getInputStream(zip.getEntry(name + "/documents.jsonl"))) {
                    jsonLines(in, name, name + "/documents.jsonl", true, visitor);
                }
            }
        }
    }

    private static void jsonLines(InputStream in, String table, String where, boolean exportJson, Visitor visitor)
            throws IOException {
        BufferedReader reader = reader(in);
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw bad("Failed to parse line " + number + " of " + where + " as JSON: " + e.getOriginalMessage());
            }
            visitor.accept(new Document(table, document(node, exportJson, where + ":" + number)));
        }
    }

    private void jsonArray(Visitor visitor) throws IOException {
        String where = displayName();
        try (JsonParser parser = MAPPER.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw bad("Import of " + where + " failed: a JSON file must hold one array of objects");
            }
            long index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw bad("Import of " + where + " failed: the array is not closed");
                }
                JsonNode node = parser.readValueAsTree();
                visitor.accept(new Document(table.orElseThrow(), document(node, false, where + "[" + index++ + "]")));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad("Failed to parse " + where + " as JSON: " + e.getOriginalMessage());
        }
    }

    private void csv(Visitor visitor) throws IOException {
        String where = displayName();
        try (BufferedReader reader = reader(Files.newInputStream(file))) {
            Csv csv = new Csv(reader);
            List<String> header =
                    csv.next().orElseThrow(() -> bad("Import of " + where + " failed: the CSV file is empty"));
            long row = 1;
            for (Optional<List<String>> values = csv.next(); values.isPresent(); values = csv.next()) {
                row++;
                List<String> cells = values.get();
                if (cells.size() == 1 && cells.getFirst().isEmpty()) {
                    continue;
                }
                if (cells.size() != header.size()) {
                    throw bad("Import of " + where + " failed: row " + row + " has " + cells.size()
                            + " fields, the header has " + header.size());
                }
                Map<String, ConvexValue> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    fields.put(header.get(i), csvValue(cells.get(i)));
                }
                visitor.accept(new Document(table.orElseThrow(), object(fields, where + " row " + row)));
            }
        }
    }

    /** A CSV cell as Convex infers it: numbers are float64, {@code true}/{@code false} booleans, the rest strings. */
    private static ConvexValue csvValue(String cell) {
        if (cell.equals("true") || cell.equals("false")) {
            return ConvexValue.bool(cell.equals("true"));
        }
        if (!cell.isEmpty() && cell.matches("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            return ConvexValue.float64(Double.parseDouble(cell));
        }
        return ConvexValue.str(cell);
    }

    private static ConvexValue.Obj document(JsonNode node, boolean exportJson, String where) {
        if (!node.isObject()) {
            throw bad("Import failed at " + where + ": a document must be a JSON object, got " + kind(node));
        }
        try {
            ConvexValue value = exportJson ? ExportJson.read(node) : ExportJson.readPlain(node);
            return (ConvexValue.Obj) value;
        } catch (ConvexException | IllegalArgumentException e) {
            throw bad("Import failed at " + where + ": " + e.getMessage());
        }
    }

    private static ConvexValue.Obj object(Map<String, ConvexValue> fields, String where) {
        try {
            return ConvexValue.obj(fields);
        } catch (ConvexException | IllegalArgumentException e) {
            throw bad("Import failed at " + where + ": " + e.getMessage());
        }
    }

    private static String kind(JsonNode node) {
        return node.isArray()
                ? "an array"
                : node.isTextual()
                        ? "a string"
                        : node.isNumber()
                                ? "a number"
                                : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static ConvexException bad(String message) {
        return new ConvexException(ErrorCode.InvalidArgument, message);
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    private static final class Csv {
        private final BufferedReader reader;

        Csv(BufferedReader reader) {
            this.reader = reader;
        }

        Optional<List<String>> next() throws IOException {
            String line = reader.readLine();
            if (line == null) {
                return Optional.empty();
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            while (true) {
                if (i >= line.length()) {
                    if (quoted) {
                        String more = reader.readLine();
                        if (more == null) {
                            throw bad("CSV: a quoted field is not closed");
                        }
                        field.append('\n');
                        line = more;
                        i = 0;
                        continue;
                    }
                    fields.add(field.toString());
                    return Optional.of(fields);
                }
                char c = line.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
        }
    }
}
