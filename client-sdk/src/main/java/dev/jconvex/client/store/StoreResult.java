package dev.jconvex.client.store;

/** One element of a {@link TransactionResult}: the entry an operation wrote, or what it deleted. */
public sealed interface StoreResult permits MutableEntry, DeleteResult {}
