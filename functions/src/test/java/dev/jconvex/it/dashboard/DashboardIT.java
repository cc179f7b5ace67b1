package dev.jconvex.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard ({@code /dashboard}) end to end: a real server on port 0 and Debian's headless
 * Chromium driven by Selenium through {@code /usr/bin/chromedriver} (never a downloaded browser or
 * driver). One browser session for the class; the tests run in order, each starting from a URL.
 *
 * <p>Screenshots of the main views go to {@code target/dashboard-screenshots/}, and also to the
 * directory named by {@code -Djconvex.dashboard.screenshots} (how {@code docs/dashboard/*.png} are
 * refreshed, see docs/dashboard.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDirectory;

    private final HttpClient http = HttpClient.newHttpClient();
    private JconvexServer server;
    private WebDriver driver;
    private WebDriverWait wait;
    private String dashboard;
    private String userId;

    @BeforeAll
    void start() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "DashboardIT skipped: no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        server = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build(),
                JconvexServer.Extensions.standard().withModules(new DashboardTestModule()));
        dashboard = server.url() + "/dashboard/";
        var db = RuntimeAccess.admin(server.runtime()).database();
        userId = db.mutate(tx -> tx.insert("users", ConvexValue.obj(Map.of("name", ConvexValue.str("Ada")))))
                .value();
        db.mutate(tx -> {
            tx.insert("notes", ConvexValue.obj(Map.of("text", ConvexValue.str("alpha"))));
            tx.insert(
                    "notes",
                    ConvexValue.obj(Map.of(
                            "text", ConvexValue.str("beta"),
                            "count", ConvexValue.int64(123),
                            "data", ConvexValue.bytes(new byte[] {1, 2, 3}),
                            "author", ConvexValue.str(userId))));
            tx.insert("notes", ConvexValue.obj(Map.of("text", ConvexValue.str("gamma"))));
            return null;
        });

        // Selenium Manager stays out: the driver and the browser are both given by path.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + dataDirectory.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        http.close();
    }

    @Test
    @Order(1)
    void login_refusesAWrongKey_thenShowsTablesWithDocumentCounts() {
        driver.get(dashboard);
        logIn("jconvex|0000000000000000000000000000000000000000000000000000000000000000");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("The provided admin key was invalid for this instance");
        screenshot("login");

        logIn(server.adminKey().value());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.table[data-table='notes']")));
        assertThat(countOf("notes")).isEqualTo("3");
        assertThat(countOf("users")).isEqualTo("1");
        assertThat(countOf("mutable")).isEqualTo("0");
    }

    @Test
    @Order(2)
    void dataBrowser_showsConvexTypes_andFiltersByIndex() {
        open("#/data/notes");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 3));
        cell("beta").click();
        WebElement document = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("document-value")));
        assertThat(document.findElement(By.cssSelector("[title='int64']")).getText())
                .isEqualTo("123n");
        assertThat(document.findElement(By.cssSelector(".value-bytes")).getText())
                .isEqualTo("Bytes(\"AQID\")");
        WebElement author = document.findElement(By.cssSelector("a.value-id[title='Id<\"users\">']"));
        assertThat(author.getText()).isEqualTo("\"" + userId + "\"");
        screenshot("data");

        new Select(driver.findElement(By.id("index"))).selectByValue("by_text");
        WebElement value = driver.findElement(By.cssSelector("input.index-value[data-field='text']"));
        value.sendKeys("gamma");
        driver.findElement(By.id("apply-filter")).click();
        WebElement unquoted =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#browser .error")));
        assertThat(unquoted.getText())
                .isEqualTo("text: unexpected 'g' at line 1, column 1 (a string needs quotes: \"text\")");
        value = driver.findElement(By.cssSelector("input.index-value[data-field='text']"));
        value.clear();
        value.sendKeys("\"gamma\"");
        driver.findElement(By.id("apply-filter")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 1));
        assertThat(driver.findElement(By.cssSelector("tr.document td[data-field='text']"))
                        .getText())
                .isEqualTo("\"gamma\"");

        // an id is a link to its document
        open("#/data/notes");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 3));
        row("beta")
                .findElement(By.cssSelector("td[data-field='author'] a.value-id"))
                .click();
        wait.until(ExpectedConditions.urlContains("#/data/users/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("document-value"), "\"Ada\""));
    }

    @Test
    @Order(3)
    void insertEditDelete_areMutationsThatTheBrowserShows() {
        open("#/data/notes");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 3));
        driver.findElement(By.id("new-document")).click();
        type(By.id("document-editor"), "{ text: \"delta\", count: 7n }");
        driver.findElement(By.id("save-document")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 4));
        wait.until(d -> countOf("notes").equals("4"));
        assertThat(storedNote("delta")).map(n -> n.get("count")).contains(ConvexValue.int64(7));

        cell("delta").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("edit-document")))
                .click();
        type(By.id("document-editor"), "{ text: \"delta\", count: 8n, data: Bytes(\"/w==\") }");
        driver.findElement(By.id("save-document")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("document-value"), "8n"));
        assertThat(storedNote("delta")).map(n -> n.get("data")).contains(ConvexValue.bytes(new byte[] {(byte) 0xff}));

        // a document the schema refuses is not written, and the validator's message is shown
        driver.findElement(By.id("edit-document")).click();
        type(By.id("document-editor"), "{ text: 5 }");
        driver.findElement(By.id("save-document")).click();
        WebElement refused =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#document .error")));
        assertThat(refused.getText())
                .contains(
                        "Failed to insert or update a document in table \"notes\" because it does not match the schema");
        assertThat(storedNote("delta")).isPresent();

        open("#/data/notes");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 4));
        cell("delta").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-document")))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.document"), 3));
        wait.until(d -> countOf("notes").equals("3"));
        assertThat(storedNote("delta")).isEmpty();
    }

    @Test
    @Order(4)
    void functionRunner_showsTheResult_andAConvexErrorInConvexForm() {
        open("#/functions/notes:add");
        WebElement validator = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("function-validator")));
        assertThat(validator.getText()).isEqualTo("v.object({ text: v.string() })");
        type(By.id("function-args"), "{ \"text\": \"from the runner\" }");
        driver.findElement(By.id("run-function")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-value")));
        ConvexValue id = storedNote("from the runner").orElseThrow().get("_id");
        assertThat(result.getText()).isEqualTo("\"" + ((ConvexValue.Str) id).value() + "\"");
        assertThat(driver.findElement(By.id("function-result")).getText())
                .contains("[LOG] 'adding note' 'from the runner'");

        open("#/functions/notes:fail");
        wait.until(ExpectedConditions.textToBe(By.id("function-validator"), "v.object({ limit: v.int64() })"));
        type(By.id("function-args"), "{ limit: 10n }");
        driver.findElement(By.id("run-function")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-error")));
        assertThat(error.getText())
                .matches("(?s)\\[Request ID: [0-9a-f]{16}\\] Server Error\\nUncaught ConvexError: .*");
        assertThat(driver.findElement(By.id("result-error-data")).getText())
                .contains("\"reason\": \"TOO_MANY_NOTES\"")
                .contains("\"limit\": 10n");
        screenshot("functions");

        type(By.id("function-args"), "{ limit: 10 }");
        driver.findElement(By.id("run-function")).click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("result-error"), "ArgumentValidationError"));
    }

    @Test
    @Order(5)
    void logsAndLiveQueries_showWhatHappensWithoutAReload() throws Exception {
        open("#/logs");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-list")));
        String text = "logged at " + System.nanoTime();
        callMutation("notes:add", "{\"text\":\"" + text + "\"}");
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//li[contains(@class,'log-entry') and contains(., \"" + text + "\")]")));
        assertThat(entry.getText()).contains("notes:add").contains("[LOG] 'adding note' '" + text + "'");
        screenshot("logs");

        // a client subscribed over the sync protocol, as ConvexClient subscribes
        WebSocket socket = subscribe("mutable:count", "{\"namespace\":\"inventory\"}");
        try {
            open("#/deployment");
            wait.until(ExpectedConditions.textToBe(By.id("live-queries"), "1 (1 subscription)"));
            assertThat(driver.findElement(By.id("live-query-table")).getText()).contains("mutable:count 1");
            assertThat(driver.findElement(By.id("deployment-engine")).getText()).isEqualTo("embedded (MVStore)");
            assertThat(driver.findElement(By.id("deployment-location")).getText())
                    .isEqualTo(dataDirectory.toAbsolutePath().toString());
            assertThat(driver.findElement(By.id("deployment-version")).getText())
                    .startsWith("jconvex-");
            screenshot("deployment");
        } finally {
            socket.abort();
        }
        // the page polls: the subscription's end shows without a reload
        wait.until(ExpectedConditions.textToBe(By.id("live-queries"), "0 (0 subscriptions)"));
    }

    // ---- helpers

    /** Loads the dashboard afresh at {@code hash} (a new page even when only the hash differs). */
    private void open(String hash) {
        driver.get("about:blank");
        driver.get(dashboard + hash);
    }

    private void logIn(String key) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private String countOf(String table) {
        return driver.findElement(By.cssSelector("li.table[data-table='" + table + "'] .count"))
                .getText();
    }

    private WebElement row(String text) {
        return driver.findElements(By.cssSelector("tr.document")).stream()
                .filter(r -> r.findElement(By.cssSelector("td[data-field='text']"))
                        .getText()
                        .equals("\"" + text + "\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row with text " + text));
    }

    /** The text cell of a row: a click there selects the row (its id cells are links). */
    private WebElement cell(String text) {
        return row(text).findElement(By.cssSelector("td[data-field='text']"));
    }

    /** Replaces a textarea's content. */
    private void type(By by, String text) {
        WebElement area = wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        area.clear();
        area.sendKeys(text);
    }

    private Optional<ConvexValue.Obj> storedNote(String text) {
        try (var tx = RuntimeAccess.admin(server.runtime()).database().beginRead()) {
            List<ConvexValue.Obj> found = new java.util.ArrayList<>();
            tx.forEachDocument("notes", doc -> {
                if (doc.get("text").equals(ConvexValue.str(text))) {
                    found.add(doc);
                }
                return true;
            });
            return found.stream().findFirst();
        }
    }

    private void callMutation(String path, String argsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/mutation"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"path\":\"" + path + "\",\"args\":" + argsJson + ",\"format\":\"json\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"status\":\"success\"");
    }

    /** Opens a sync session that subscribes to one query and waits for its first Transition. */
    private WebSocket subscribe(String path, String argsJson) {
        java.util.concurrent.CompletableFuture<Void> transition = new java.util.concurrent.CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http:", "ws:") + "/api/sync"), new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(
                            WebSocket ws, CharSequence data, boolean last) {
                        if (data.toString().contains("\"Transition\"")) {
                            transition.complete(null);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .join();
        socket.sendText(
                        "{\"type\":\"Connect\",\"sessionId\":\"" + java.util.UUID.randomUUID()
                                + "\",\"connectionCount\":0,\"lastCloseReason\":\"InitialConnect\"}",
                        true)
                .join();
        socket.sendText(
                        "{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":"
                                + "[{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"" + path + "\",\"args\":["
                                + argsJson + "]}]}",
                        true)
                .join();
        transition
                .orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .join();
        return socket;
    }

    private void screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            Path target = Path.of(System.getProperty("basedir", "."), "target", "dashboard-screenshots");
            Files.createDirectories(target);
            Files.write(target.resolve(name + ".png"), png);
            String docs = System.getProperty("jconvex.dashboard.screenshots");
            if (docs != null && !docs.isBlank()) {
                Files.createDirectories(Path.of(docs));
                Files.write(Path.of(docs, name + ".png"), png);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
