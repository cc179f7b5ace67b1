package dev.jconvex.sync;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper the sync package parses client messages with. */
final class SyncJson {

    static final ObjectMapper MAPPER = dev.jconvex.values.ConvexJson.newObjectMapper();

    private SyncJson() {}
}
