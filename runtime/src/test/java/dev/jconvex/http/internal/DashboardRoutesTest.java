package dev.jconvex.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server side of the dashboard on a real server on port 0: its files, the deployment route,
 * and the {@code _system/dashboard/} functions as the app calls them (the browser itself is driven
 * by {@code DashboardIT} in {@code functions}).
 */
class DashboardRoutesTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static JconvexServer server;
    static String admin;

    @BeforeAll
    static void start() {
        server = JconvexServer.start(
                ServerConfig.inMemoryOnFreePort(),
                JconvexServer.Extensions.none().withModules(new StoreModule()));
        admin = "Convex " + server.adminKey().value();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls a function with the admin key; the envelope. */
    static JsonNode call(String path, String argsJson) throws Exception {
        return callAs(admin, path, argsJson);
    }

    static JsonNode callAs(String authorization, String path, String argsJson) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/api/function"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"" + path + "\",\"args\":" + argsJson + ",\"format\":\"json\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Json.MAPPER.readTree(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString())
                .body());
    }

    // ---- the app's files

    @Test
    void dashboardWithoutSlash_redirectsToTheApp() throws Exception {
        HttpResponse<String> response = get("/dashboard");
        assertThat(response.statusCode()).isEqualTo(308);
        assertThat(response.headers().firstValue("Location")).contains("/dashboard/");
    }

    @Test
    void files_haveTheirTypes_revalidateByETag_andAllowOnlyThisOrigin() throws Exception {
        HttpResponse<String> index = get("/dashboard/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\">");
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self';")
                .contains("connect-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        assertThat(get("/dashboard/app.js").headers().firstValue("Content-Type"))
                .contains("text/javascript; charset=utf-8");
        assertThat(get("/dashboard/style.css").headers().firstValue("Content-Type"))
                .contains("text/css; charset=utf-8");
        assertThat(get("/dashboard/favicon.svg").headers().firstValue("Content-Type"))
                .contains("image/svg+xml");

        String etag = get("/dashboard/values.js").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/dashboard/values.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void unknownPathsUnderTheDashboard_answerTheApp() throws Exception {
        HttpResponse<String> deep = get("/dashboard/data/entries/some-id");
        assertThat(deep.statusCode()).isEqualTo(200);
        assertThat(deep.body()).isEqualTo(get("/dashboard/").body());
        assertThat(get("/dashboards").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethods_areNotAllowed() throws Exception {
        HttpResponse<String> post = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/dashboard/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET,HEAD");
    }

    // ---- the deployment route

    @Test
    void deployment_requiresTheAdminKey() throws Exception {
        HttpResponse<String> none = get("/api/jconvex/deployment");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(none.body()).get("code").asText()).isEqualTo("BadDeployKey");
        HttpResponse<String> wrong = get("/api/jconvex/deployment", "Authorization", "Convex jconvex|nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(wrong.body()).get("message").asText())
                .isEqualTo("The provided admin key was invalid for this instance");
    }

    @Test
    void deployment_answersEngineLocationVersionAndLiveQueries() throws Exception {
        JsonNode body = Json.MAPPER.readTree(
                get("/api/jconvex/deployment", "Authorization", admin).body());
        assertThat(body.get("engine").asText()).isEqualTo("in-memory");
        assertThat(body.get("location").isNull()).isTrue();
        assertThat(body.get("version").asText()).isEqualTo(get("/version").body());
        assertThat(body.get("startedAt").asLong()).isPositive();
        assertThat(body.get("liveQueries").asInt()).isZero(); // no sync route in this server
        assertThat(body.get("subscriptions").asInt()).isZero();
        assertThat(body.get("subscriptionsByFunction").size()).isZero();
    }

    // ---- the _system/dashboard functions

    @Test
    void dashboardFunctions_areNotFound_forAnyoneButAnAdmin() throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/query"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"path\":\"_system/dashboard/tables:list\",\"args\":{}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Json.MAPPER.readTree(response.body()).get("errorMessage").asText())
                .contains("Could not find public function for '_system/dashboard/tables:list'");
    }

    @Test
    void documents_areInsertedCountedPagedByIndexReplacedAndRemoved() throws Exception {
        String a = call(
                        "_system/dashboard/documents:insert",
                        "{\"table\":\"entries\",\"document\":{\"key\":\"a\",\"value\":1}}")
                .get("value")
                .asText();
        call("_system/dashboard/documents:insert", "{\"table\":\"entries\",\"document\":{\"key\":\"b\",\"value\":2}}");

        JsonNode tables = call("_system/dashboard/tables:list", "{}").get("value");
        JsonNode entries = tables.get(0);
        assertThat(entries.get("name").asText()).isEqualTo("entries");
        assertThat(entries.get("documents").asInt()).isEqualTo(2);
        assertThat(entries.get("indexes").toString())
                .isEqualTo("[{\"fields\":[\"_creationTime\"],\"name\":\"by_creation_time\"},"
                        + "{\"fields\":[\"_id\"],\"name\":\"by_id\"},"
                        + "{\"fields\":[\"key\",\"_creationTime\"],\"name\":\"by_key\"}]");

        JsonNode page = call(
                        "_system/dashboard/tables:page",
                        "{\"table\":\"entries\",\"index\":\"by_key\",\"values\":[\"a\"],"
                                + "\"paginationOpts\":{\"numItems\":10,\"cursor\":null}}")
                .get("value");
        assertThat(page.get("page")).hasSize(1);
        assertThat(page.get("page").get(0).get("_id").asText()).isEqualTo(a);
        assertThat(page.get("idTables").get(a).asText()).isEqualTo("entries");
        assertThat(page.get("isDone").asBoolean()).isTrue();

        JsonNode desc = call(
                        "_system/dashboard/tables:page",
                        "{\"table\":\"entries\",\"order\":\"desc\",\"paginationOpts\":{\"numItems\":1,\"cursor\":null}}")
                .get("value");
        assertThat(desc.get("page").get(0).get("key").asText()).isEqualTo("b");
        assertThat(desc.get("isDone").asBoolean()).isFalse();

        call(
                "_system/dashboard/documents:replace",
                "{\"id\":\"" + a + "\",\"document\":{\"_id\":\"" + a + "\",\"key\":\"a\",\"value\":10}}");
        JsonNode replaced = call(
                        "_system/dashboard/tables:page",
                        "{\"table\":\"entries\",\"index\":\"by_id\",\"values\":[\"" + a
                                + "\"],\"paginationOpts\":{\"numItems\":10,\"cursor\":null}}")
                .get("value")
                .get("page")
                .get(0);
        assertThat(replaced.get("value").asInt()).isEqualTo(10);

        assertThat(call("_system/dashboard/documents:remove", "{\"ids\":[\"" + a + "\",\"" + a + "\"]}")
                        .get("value")
                        .asInt())
                .isEqualTo(1);
        assertThat(call("_system/dashboard/tables:list", "{}")
                        .get("value")
                        .get(0)
                        .get("documents")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void badFilters_andForeignSystemFields_areRefusedWithAReason() throws Exception {
        JsonNode unknownIndex = call(
                "_system/dashboard/tables:page",
                "{\"table\":\"entries\",\"index\":\"by_nothing\",\"paginationOpts\":{\"numItems\":10,\"cursor\":null}}");
        assertThat(unknownIndex.get("status").asText()).isEqualTo("error");
        assertThat(unknownIndex.get("errorData").asText()).isEqualTo("Index entries.by_nothing not found.");

        JsonNode tooMany = call(
                "_system/dashboard/tables:page",
                "{\"table\":\"entries\",\"index\":\"by_key\",\"values\":[\"a\",1,2],"
                        + "\"paginationOpts\":{\"numItems\":10,\"cursor\":null}}");
        assertThat(tooMany.get("errorData").asText())
                .isEqualTo("Index entries.by_key has 2 field(s) [key, _creationTime] but 3 values were given");

        String id = call("_system/dashboard/documents:insert", "{\"table\":\"entries\",\"document\":{\"key\":\"z\"}}")
                .get("value")
                .asText();
        JsonNode moved = call(
                "_system/dashboard/documents:replace",
                "{\"id\":\"" + id + "\",\"document\":{\"_creationTime\":1,\"key\":\"z\"}}");
        assertThat(moved.get("errorData").asText()).isEqualTo("The document's _creationTime cannot be changed");

        JsonNode notAnObject = call("_system/dashboard/documents:insert", "{\"table\":\"entries\",\"document\":[1]}");
        assertThat(notAnObject.get("errorData").asText()).isEqualTo("document must be an object");
    }
}
