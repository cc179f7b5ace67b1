package dev.jconvex.database.internal;

import java.util.Optional;

/**
 * One document written by a transaction: its version before (in the transaction's snapshot) and
 * after; empty before is an insert, empty after a delete.
 */
record DocumentWrite(TableInfo table, String id, Optional<StoredDocument> before, Optional<StoredDocument> after) {}
