package dev.jconvex.client.store;

import dev.jconvex.client.ValueMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the operations of one atomic {@link MutableStore#transaction}:
 *
 * <pre>{@code
 * store.transaction(tx -> tx.decrement("inventory", "widgets", 1).increment("orders", "count", 1));
 * }</pre>
 *
 * Values are converted like function arguments ({@link ValueMapper}).
 */
public final class Transaction {
    private final ValueMapper mapper;
    private final List<TransactionOp> ops = new ArrayList<>();

    Transaction(ValueMapper mapper) {
        this.mapper = mapper;
    }

    public Transaction set(String namespace, String key, Object value) {
        ops.add(new TransactionOp.Set(namespace, key, mapper.toValue(value)));
        return this;
    }

    public Transaction update(String namespace, String key, Object value) {
        ops.add(new TransactionOp.Update(namespace, key, mapper.toValue(value)));
        return this;
    }

    public Transaction delete(String namespace, String key) {
        ops.add(new TransactionOp.Delete(namespace, key));
        return this;
    }

    public Transaction increment(String namespace, String key, double amount) {
        ops.add(new TransactionOp.Increment(namespace, key, amount));
        return this;
    }

    public Transaction decrement(String namespace, String key, double amount) {
        ops.add(new TransactionOp.Decrement(namespace, key, amount));
        return this;
    }

    /** The operations added so far, in order. */
    public List<TransactionOp> operations() {
        return List.copyOf(ops);
    }
}
