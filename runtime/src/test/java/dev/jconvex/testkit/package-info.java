/**
 * Test fixtures shared with the other modules' tests through the runtime's test-jar: the storage
 * engines a suite can run on ({@link dev.jconvex.testkit.TestEngine}) and the PostgreSQL server of
 * the tests ({@link dev.jconvex.testkit.TestPostgres}). A package of its own, found in no main
 * module, so that modules with a descriptor can compile their tests against it (a class of the
 * test-jar in one of the runtime's packages is hidden from them by the runtime module itself).
 */
package dev.jconvex.testkit;
