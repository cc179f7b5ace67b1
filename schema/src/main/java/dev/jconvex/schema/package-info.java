/**
 * The {@code defineSchema}/{@code defineTable} equivalent: {@link dev.jconvex.schema.TableDefinition},
 * {@link dev.jconvex.schema.IndexDefinition} and {@link dev.jconvex.schema.SchemaDefinition}, validated
 * on construction and enforcing document validators on write (spec values-and-validation §5.6, §6.1).
 */
package dev.jconvex.schema;
