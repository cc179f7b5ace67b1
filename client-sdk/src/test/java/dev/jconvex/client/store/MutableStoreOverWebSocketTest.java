package dev.jconvex.client.store;

import dev.jconvex.client.CallRoute;
import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexTest;

/** The store contract against a real server on a free port, calls over the WebSocket sync session. */
@JconvexTest(mode = EmulatorMode.SERVER, callRoute = CallRoute.WEBSOCKET, resetBetweenTests = true)
class MutableStoreOverWebSocketTest extends MutableStoreContract {}
