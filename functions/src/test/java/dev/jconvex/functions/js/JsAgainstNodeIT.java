package dev.jconvex.functions.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Js} against live Node on random inputs, in one node process: {@code String(x)} of random
 * doubles (random bit patterns and decimal-looking values), {@code Number(s)} of random numeric-ish
 * strings, and the sign of {@code a.localeCompare(b)} for random strings of tricky characters.
 */
class JsAgainstNodeIT {

    private static final int N = 20_000;

    private static final String SCRIPT = """
            let input = "";
            process.stdin.on("data", (d) => (input += d));
            process.stdin.on("end", () => {
              const req = JSON.parse(input);
              const f64 = new Float64Array(1);
              const u64 = new BigUint64Array(f64.buffer);
              const bits = (x) => { f64[0] = x; return u64[0].toString(16); };
              const numbers = req.numbers.map((h) => { u64[0] = BigInt("0x" + h); return String(f64[0]); });
              const toNumber = req.strings.map((s) => bits(Number(s)));
              const compare = req.pairs.map(([a, b]) => Math.sign(a.localeCompare(b)));
              process.stdout.write(JSON.stringify({ numbers, toNumber, compare }));
            });
            """;

    private static final String[] PIECES = {
        "a", "A", "b", "á", "e", "e\u0301", "é", "-", " ", "_", "1", "2", "10", "😀", "ß", "ss", "ﬀ", "\u0000", "中",
        "ж", "Ж", "'", ".", "ı", "İ", "\u00a0", "Z", "z"
    };

    private static final String[] NUMERIC = {
        "0",
        "1",
        "7",
        "9",
        ".",
        "e",
        "E",
        "+",
        "-",
        "x",
        "X",
        "b",
        "o",
        " ",
        "\t",
        "\n",
        "\u00a0",
        "Infinity",
        "_",
        "a",
        "f",
        "0x",
        "\u2028"
    };

    @Test
    void numberToStringStringToNumberAndLocaleCompareAgreeWithNode() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<Double> numbers = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            numbers.add(
                    switch (i % 4) {
                        case 0 -> Double.longBitsToDouble(random.nextLong());
                        case 1 ->
                            random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L) / Math.pow(10, random.nextInt(30));
                        case 2 -> Math.pow(10, random.nextInt(-330, 310)) * (random.nextInt(9) + 1);
                        default -> random.nextDouble() * Math.pow(2, random.nextInt(-1074, 1024));
                    });
        }
        List<String> strings = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            strings.add(compose(random, NUMERIC, 5));
            pairs.add(new String[] {compose(random, PIECES, 4), compose(random, PIECES, 4)});
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode request = json.createObjectNode();
        ArrayNode n = request.putArray("numbers");
        numbers.forEach(d -> n.add(Long.toHexString(Double.doubleToRawLongBits(d))));
        ArrayNode s = request.putArray("strings");
        strings.forEach(s::add);
        ArrayNode p = request.putArray("pairs");
        pairs.forEach(pair -> p.addArray().add(pair[0]).add(pair[1]));

        Process node = new ProcessBuilder("node", "-e", SCRIPT).start();
        try (OutputStream in = node.getOutputStream()) {
            in.write(json.writeValueAsBytes(request));
        }
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue())
                .as(new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        JsonNode response = json.readTree(out);

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String expected = response.get("numbers").get(i).asText();
            String actual = Js.numberToString(numbers.get(i));
            if (!expected.equals(actual)) {
                mismatches.add("String(" + numbers.get(i) + "): node " + expected + ", java " + actual);
            }
            long expectedBits =
                    Long.parseUnsignedLong(response.get("toNumber").get(i).asText(), 16);
            double actualNumber = Js.stringToNumber(strings.get(i));
            if (Double.doubleToLongBits(Double.longBitsToDouble(expectedBits))
                    != Double.doubleToLongBits(actualNumber)) {
                mismatches.add("Number(" + json.writeValueAsString(strings.get(i)) + "): node "
                        + Double.longBitsToDouble(expectedBits) + ", java " + actualNumber);
            }
            int expectedSign = response.get("compare").get(i).asInt();
            String[] pair = pairs.get(i);
            if (Js.localeCompare(pair[0], pair[1]) != expectedSign) {
                mismatches.add("localeCompare(" + json.writeValueAsString(pair[0]) + ", "
                        + json.writeValueAsString(pair[1]) + "): node " + expectedSign);
            }
        }
        assertThat(mismatches).as("%d mismatches", mismatches.size()).isEmpty();
    }

    private static String compose(SplittableRandom random, String[] pieces, int maxPieces) {
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(maxPieces + 1);
        for (int i = 0; i < count; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
