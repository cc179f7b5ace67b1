package dev.jconvex.it.http;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Raw HTTP calls to a jconvex server with REST Assured, answers read as Jackson trees. */
final class HttpClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Sends bodies exactly as given: no charset appended to the content type. */
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private final String url;

    HttpClient(String url) {
        this.url = url;
    }

    /** A request with no headers yet. */
    RequestSpecification request() {
        return given().config(RAW).baseUri(url);
    }

    /** POSTs {@code body} (serialized to JSON) as {@code application/json}. */
    Reply post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** POSTs {@code body} (serialized to JSON) as {@code application/json} with extra headers. */
    Reply post(String path, Object body, Map<String, String> headers) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.of(request()
                .headers(headers)
                .contentType("application/json")
                .body(text)
                .post(path));
    }

    /** A {@code /api/mutation} call in the npm client's shape ({@code args: [obj]}, encoded JSON). */
    Reply mutation(String path, Map<String, ?> args) {
        return post(
                "/api/mutation",
                Map.of("path", path, "args", java.util.List.of(args), "format", "convex_encoded_json"));
    }

    /** A {@code /api/query} call in the npm client's shape. */
    Reply query(String path, Map<String, ?> args) {
        return post(
                "/api/query", Map.of("path", path, "args", java.util.List.of(args), "format", "convex_encoded_json"));
    }

    /** An answer: status, headers and body, with the body parsed when it is JSON. */
    record Reply(int status, Response raw, String body) {
        static Reply of(Response response) {
            return new Reply(response.statusCode(), response, response.asString());
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.header(name);
        }

        /** The success value, failing with the body when the call did not succeed. */
        JsonNode value() {
            JsonNode json = json();
            if (status != 200 || !"success".equals(json.path("status").asText())) {
                throw new AssertionError("expected a success envelope, got " + status + " " + body);
            }
            return json.get("value");
        }
    }
}
