package dev.jconvex.protocol;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The path of a function: a module path and an export name, as in {@code dir/file:fn}.
 *
 * <p>{@code modulePath} is kept without the {@code .js} extension ({@code "mutable"},
 * {@code "dir/file"}); {@code functionName} is {@code "default"} for a module's default export. Two
 * spellings of one function ({@code mutable:set}, {@code mutable.js:set}) parse to equal values.
 *
 * <p>Rules (wire-protocol §1.4, Convex's {@code udf_path.rs}, {@code module_path.rs},
 * {@code path.rs}): the raw string is split at its last {@code :}; no colon means the default
 * export; the module must be relative, non-empty and have no extension other than {@code .js}; each
 * path component has at most 64 characters from {@code [A-Za-z0-9_.]}, at least one of them
 * alphanumeric; the function name is an identifier.
 */
public record FunctionPath(String modulePath, String functionName) {

    /** The export name of a module's default export. */
    public static final String DEFAULT_EXPORT = "default";

    private static final int MAX_COMPONENT_LENGTH = 64;

    /** The most spellings {@link #PARSED} holds before it starts over. */
    private static final int MAX_PARSED = 4096;

    /**
     * Parsed valid spellings: every call names its function by a string, and a deployment's callers use
     * a handful of them. Bounded, so arbitrary client strings cannot grow it: when full it is emptied,
     * and the spellings in use fill it again at once.
     */
    private static final ConcurrentHashMap<String, FunctionPath> PARSED = new ConcurrentHashMap<>();

    public FunctionPath {
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(functionName, "functionName");
    }

    /**
     * Parses a path as clients send it: {@code mutable:set}, {@code mutable.js:set}, {@code mutable}
     * (default export), {@code dir/file:fn}.
     *
     * @throws ConvexException with code {@code BadConvexFunctionIdentifier} and the message
     *     {@code "<raw> is not a valid path to a Convex function. <reason>"}
     */
    public static FunctionPath parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        FunctionPath known = PARSED.get(raw);
        if (known != null) {
            return known;
        }
        FunctionPath parsed = parseUncached(raw);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(raw, parsed);
        return parsed;
    }

    /** The path {@code raw} names, or empty if it is malformed (see {@link #parse}). */
    public static Optional<FunctionPath> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (ConvexException e) {
            return Optional.empty();
        }
    }

    private static FunctionPath parseUncached(String raw) {
        int colon = raw.lastIndexOf(':');
        String module = colon < 0 ? raw : raw.substring(0, colon);
        try {
            String modulePath = parseModule(module);
            String function = colon < 0 ? DEFAULT_EXPORT : checkIdentifier(raw.substring(colon + 1));
            return new FunctionPath(modulePath, function);
        } catch (InvalidPath e) {
            throw new ConvexException(
                    ErrorCode.BadConvexFunctionIdentifier,
                    raw + " is not a valid path to a Convex function. " + e.getMessage());
        }
    }

    /**
     * The form the npm client sends in a sync {@code Add} and uses to tell queries apart ({@code
     * canonicalizeUdfPath}): a trailing {@code .js} stripped from the module and {@code :default} added
     * when there is no export name, without checking anything else ({@code mutable.js:get} → {@code
     * mutable:get}, {@code dir/file} → {@code dir/file:default}; wire-protocol §1.4). A malformed path
     * passes through for the deployment to refuse.
     */
    public static String clientForm(String raw) {
        int colon = raw.lastIndexOf(':');
        String module = colon < 0 ? raw : raw.substring(0, colon);
        String function = colon < 0 ? DEFAULT_EXPORT : raw.substring(colon + 1);
        if (module.endsWith(".js")) {
            module = module.substring(0, module.length() - 3);
        }
        return module + ":" + function;
    }

    /** The canonical form, with {@code .js} and an explicit export name: {@code mutable.js:set}. */
    public String canonical() {
        return modulePath + ".js:" + functionName;
    }

    /**
     * The form Convex prints in "not found" messages: {@code mutable:set}, and just {@code mutable}
     * for a default export.
     */
    public String display() {
        return isDefaultExport() ? modulePath : modulePath + ":" + functionName;
    }

    /** Whether this is the module's default export. */
    public boolean isDefaultExport() {
        return functionName.equals(DEFAULT_EXPORT);
    }

    /** Whether the module lies under {@code _system/}, the directory of Convex's system functions. */
    public boolean isSystem() {
        return modulePath.equals("_system") || modulePath.startsWith("_system/");
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Returns the module path without its {@code .js} extension, or throws {@link InvalidPath}. */
    private static String parseModule(String p) {
        if (p.startsWith("/")) {
            if (p.chars().allMatch(c -> c == '/')) {
                throw new InvalidPath("Module path " + p + " doesn't have a filename.");
            }
            throw new InvalidPath("Module paths must be relative (" + p + " is absolute).");
        }
        List<String> components = new ArrayList<>();
        String[] segments = p.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".")) {
                if (i == 0) {
                    if (segments.length == 1) {
                        throw new InvalidPath("Module path " + p + " doesn't have a filename.");
                    }
                    throw new InvalidPath("Invalid path component CurDir in " + p + ".");
                }
                continue;
            }
            components.add(segment);
        }
        if (components.isEmpty()) {
            throw new InvalidPath("Module path " + p + " doesn't have a filename.");
        }
        String fileName = components.getLast();
        if (fileName.equals("..")) {
            throw new InvalidPath("Module path " + p + " doesn't have a filename.");
        }
        for (String component : components) {
            if (component.equals("..")) {
                throw new InvalidPath("Invalid path component ParentDir in " + p + ".");
            }
        }
        int dot = fileName.lastIndexOf('.');
        boolean hasExtension = dot > 0;
        if (hasExtension && !fileName.substring(dot + 1).equals("js")) {
            throw new InvalidPath("Module path (" + p + ") has an extension that isn't 'js'.");
        }
        String stem = hasExtension ? fileName.substring(0, dot) : fileName;
        components.set(components.size() - 1, stem + ".js");
        for (String component : components) {
            checkPathComponent(component);
        }
        components.set(components.size() - 1, stem);
        return String.join("/", components);
    }

    private static void checkPathComponent(String s) {
        if (s.length() > MAX_COMPONENT_LENGTH) {
            throw new InvalidPath("Path component is too long (" + s.length() + " > maximum " + MAX_COMPONENT_LENGTH
                    + "): " + s.substring(0, MAX_COMPONENT_LENGTH) + "...");
        }
        if (!s.chars().allMatch(c -> isAsciiAlphanumeric(c) || c == '_' || c == '.')) {
            throw new InvalidPath(
                    "Path component " + s + " can only contain alphanumeric characters, underscores, or periods.");
        }
        if (s.chars().noneMatch(FunctionPath::isAsciiAlphanumeric)) {
            throw new InvalidPath("Path component " + s + " must have at least one alphanumeric character.");
        }
    }

    /** Convex's {@code check_valid_identifier}, with its messages. */
    private static String checkIdentifier(String s) {
        if (s.isEmpty()) {
            throw new InvalidPath("Identifier cannot be empty");
        }
        int first = s.codePointAt(0);
        if (!isAsciiAlpha(first) && first != '_') {
            throw new InvalidPath("Invalid first character " + rustChar(first) + " in " + s
                    + ": Identifiers must start with an alphabetic character or underscore");
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!isAsciiAlphanumeric(c) && c != '_') {
                throw new InvalidPath("Identifier " + s + " has invalid character " + rustChar(c)
                        + ": Identifiers can only contain alphanumeric characters or underscores");
            }
            i += Character.charCount(c);
        }
        if (s.length() > MAX_COMPONENT_LENGTH) {
            throw new InvalidPath("Identifier is too long (" + s.length() + " > maximum " + MAX_COMPONENT_LENGTH + ")");
        }
        if (s.chars().allMatch(c -> c == '_')) {
            throw new InvalidPath("Identifier " + s + " cannot have exclusively underscores");
        }
        return s;
    }

    /** A character as Rust's {@code {:?}} prints it: {@code '-'}. */
    private static String rustChar(int codePoint) {
        return switch (codePoint) {
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            default -> "'" + Character.toString(codePoint) + "'";
        };
    }

    private static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return isAsciiAlpha(c) || (c >= '0' && c <= '9');
    }

    /** A parse failure inside {@link #parse}; its message is Convex's reason text. */
    private static final class InvalidPath extends RuntimeException {
        InvalidPath(String reason) {
            super(reason, null, false, false);
        }
    }
}
