package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.Objects;

/**
 * One operation of {@link MutableStore#transaction}; all operations of a transaction commit together
 * or not at all (one {@code mutable:transaction} mutation). Build a list with {@link Transaction}.
 */
public sealed interface TransactionOp {

    String namespace();

    String key();

    /** Creates or overwrites the entry with {@code value}. */
    record Set(String namespace, String key, ConvexValue value) implements TransactionOp {
        public Set {
            Checks.namespace(namespace);
            Checks.key(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Overwrites the value of an existing entry (fails with {@code MUTABLE_KEY_NOT_FOUND: ns/key}). */
    record Update(String namespace, String key, ConvexValue value) implements TransactionOp {
        public Update {
            Checks.namespace(namespace);
            Checks.key(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Deletes an existing entry (fails with {@code MUTABLE_KEY_NOT_FOUND: ns/key}). */
    record Delete(String namespace, String key) implements TransactionOp {
        public Delete {
            Checks.namespace(namespace);
            Checks.key(key);
        }
    }

    /** Adds {@code amount} (finite, non-zero) to an existing numeric entry. */
    record Increment(String namespace, String key, double amount) implements TransactionOp {
        public Increment {
            Checks.namespace(namespace);
            Checks.key(key);
            Checks.amount(amount);
        }
    }

    /** Subtracts {@code amount} (finite, non-zero) from an existing numeric entry. */
    record Decrement(String namespace, String key, double amount) implements TransactionOp {
        public Decrement {
            Checks.namespace(namespace);
            Checks.key(key);
            Checks.amount(amount);
        }
    }
}
