import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

/**
 * Preloads mutable entries through the public HTTP API, as fast as the server takes them: keys
 * {@code <prefix><from>} .. {@code <prefix><to - 1>} of one namespace, written by {@code mutable:transaction}
 * calls of {@code batch} {@code set} operations each, {@code parallel} calls in flight. The value of
 * key {@code <prefix>i} is the number {@code i}. Every answer must be {@code "status":"success"}; the
 * first failure stops the load with exit code 1.
 *
 * <p>Run by {@code bench/run} with the JDK's source launcher (no build step):
 * {@code java bench/Preload.java URL NAMESPACE FROM TO [BATCH] [PARALLEL] [PREFIX]}.
 */
public final class Preload {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java Preload.java URL NAMESPACE FROM TO [BATCH=1000] [PARALLEL=4] [PREFIX=k]");
            System.exit(2);
        }
        URI uri = URI.create(args[0].replaceAll("/+$", "") + "/api/mutation");
        String namespace = args[1];
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int parallel = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        String prefix = args.length > 6 ? args[6] : "k";

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicLong next = new AtomicLong(from);
        AtomicLong written = new AtomicLong();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        long start = next.getAndAdd(batch);
                        if (start >= to) {
                            return null;
                        }
                        long end = Math.min(to, start + batch);
                        String body = body(namespace, prefix, start, end);
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofMinutes(2))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().startsWith("{\"status\":\"success\"")) {
                            String text = response.body();
                            throw new IllegalStateException("preload batch " + start + ".." + end + " failed: HTTP "
                                    + response.statusCode() + " " + text.substring(0, Math.min(300, text.length())));
                        }
                        written.addAndGet(end - start);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.println(e.getCause().getMessage());
                    System.exit(1);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("preloaded %d entries into %s in %.1f s (%.0f/s)%n",
                written.get(), namespace, seconds, written.get() / seconds);
    }

    private static String body(String namespace, String prefix, long start, long end) {
        StringBuilder b = new StringBuilder(64 + (int) (end - start) * 64);
        b.append("{\"path\":\"mutable:transaction\",\"format\":\"convex_encoded_json\",\"args\":[{\"operations\":[");
        for (long i = start; i < end; i++) {
            if (i > start) {
                b.append(',');
            }
            b.append("{\"op\":\"set\",\"namespace\":\"").append(namespace)
                    .append("\",\"key\":\"").append(prefix).append(i)
                    .append("\",\"value\":").append(i).append('}');
        }
        return b.append("]}]}").toString();
    }
}
