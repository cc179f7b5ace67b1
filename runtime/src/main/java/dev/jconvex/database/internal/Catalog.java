package dev.jconvex.database.internal;

import dev.jconvex.schema.DerivedIndexDefinition;
import dev.jconvex.schema.IndexDefinition;
import dev.jconvex.schema.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables of the database: name ↔ table number (user tables from 10001 up, spec §4.5), their
 * indexes and validators from the schema. Tables are created when the database opens (the schema)
 * or implicitly on first insert (§3.3); creation runs under the committer's lock.
 *
 * <p>On a {@linkplain Persistence#shared() shared} engine other processes create tables too: a name
 * or number this catalog does not know is looked up in the engine (and registered with catalog
 * version 0, visible to every transaction: the engine's snapshots already hide documents written
 * after them), and a creation that races another process's for the same number is retried with the
 * engine's current tables ({@link Persistence.TableClaimed}).
 */
final class Catalog {

    static final int FIRST_USER_TABLE = 10_001;

    private final Persistence storage;
    private final Map<String, TableDefinition> schema;
    private final Map<String, TableInfo> byName = new ConcurrentHashMap<>();
    private final Map<Integer, TableInfo> byNumber = new ConcurrentHashMap<>();
    private volatile long version;

    Catalog(Persistence storage, List<TableDefinition> tables) {
        this.storage = storage;
        Map<String, TableDefinition> defs = new java.util.LinkedHashMap<>();
        for (TableDefinition t : tables) {
            defs.put(t.name(), t);
        }
        this.schema = Map.copyOf(defs);
        Map<String, Integer> existing = storage.tables();
        for (var e : existing.entrySet()) {
            TableInfo info = describe(e.getKey(), e.getValue(), 0);
            storage.reconcileIndexes(info);
            register(info);
        }
        for (TableDefinition t : tables) {
            if (!byName.containsKey(t.name())) {
                create(t.name());
            }
        }
    }

    Optional<TableInfo> byName(String name) {
        TableInfo t = byName.get(name);
        if (t == null && storage.shared()) {
            discover();
            t = byName.get(name);
        }
        return Optional.ofNullable(t);
    }

    Optional<TableInfo> byNumber(int number) {
        TableInfo t = byNumber.get(number);
        if (t == null && storage.shared()) {
            discover();
            t = byNumber.get(number);
        }
        return Optional.ofNullable(t);
    }

    /** Registers the tables other processes created in a shared engine since this catalog last looked. */
    private synchronized void discover() {
        for (var e : storage.tables().entrySet()) {
            if (!byName.containsKey(e.getKey())) {
                TableInfo info = describe(e.getKey(), e.getValue(), 0);
                storage.reconcileIndexes(info);
                register(info);
            }
        }
    }

    /** The current catalog version: a transaction sees tables with a version at most this. */
    long version() {
        return version;
    }

    /** The names of all tables. */
    java.util.Set<String> names() {
        return java.util.Set.copyOf(byName.keySet());
    }

    /** Creates a table; the caller holds the committer's write lock. */
    TableInfo create(String name) {
        return create(name, java.util.OptionalInt.empty());
    }

    /**
     * Creates a table with {@code preferred} as its number when that is a free user-table number,
     * else the next number after the highest; the caller holds the committer's write lock.
     */
    TableInfo create(String name, java.util.OptionalInt preferred) {
        TableInfo existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        if (storage.shared()) {
            for (int attempt = 0; ; attempt++) {
                discover();
                existing = byName.get(name);
                if (existing != null) {
                    return existing;
                }
                try {
                    return createHere(name, preferred);
                } catch (Persistence.TableClaimed e) {
                    if (attempt == 10) {
                        throw new IllegalStateException("cannot create table " + name + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return createHere(name, preferred);
    }

    private TableInfo createHere(String name, java.util.OptionalInt preferred) {
        int number = preferred.isPresent()
                        && preferred.getAsInt() >= FIRST_USER_TABLE
                        && !byNumber.containsKey(preferred.getAsInt())
                ? preferred.getAsInt()
                : byNumber.keySet().stream()
                                .mapToInt(Integer::intValue)
                                .filter(n -> n >= FIRST_USER_TABLE)
                                .max()
                                .orElse(FIRST_USER_TABLE - 1)
                        + 1;
        TableInfo info = describe(name, number, version + 1);
        storage.createTable(info);
        register(info);
        version = info.catalogVersion();
        return info;
    }

    private TableInfo describe(String name, int number, long catalogVersion) {
        List<IndexInfo> indexes = new ArrayList<>();
        indexes.add(IndexInfo.byId());
        indexes.add(IndexInfo.byCreationTime());
        TableDefinition def = schema.get(name);
        if (def != null) {
            for (IndexDefinition index : def.indexes()) {
                indexes.add(IndexInfo.user(index.name(), index.fields()));
            }
            for (DerivedIndexDefinition derived : def.derivedIndexes()) {
                indexes.add(IndexInfo.derived(derived));
            }
        }
        return new TableInfo(
                name, number, indexes, def == null ? Optional.empty() : def.documentValidator(), catalogVersion);
    }

    private void register(TableInfo info) {
        byName.put(info.name(), info);
        byNumber.put(info.number(), info);
    }
}
