package dev.jconvex.it.dashboard;

import dev.jconvex.it.Vitest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's value codec ({@code values.js}: int64, bytes, special floats, its notation and
 * validator text) agrees with the official npm {@code convex/values}: {@code conformance/dashboard}
 * run by vitest, no server needed.
 */
class DashboardValuesIT {

    @Test
    void dashboardCodec_matchesConvexValues() throws Exception {
        Vitest.forSuite("dashboard").runAndAssertPassed("dashboard/vitest.config.mjs", Map.of());
    }
}
