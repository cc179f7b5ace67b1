package dev.jconvex.client.store;

import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexTest;

/** The store contract against a real server on a free port, calls over HTTP. */
@JconvexTest(mode = EmulatorMode.SERVER, resetBetweenTests = true)
class MutableStoreOverHttpTest extends MutableStoreContract {}
