package dev.jconvex.database;

import java.util.Optional;

/** {@code paginate({numItems, cursor})}: an empty cursor starts at the beginning. */
public record PaginationOptions(int numItems, Optional<String> cursor) {}
