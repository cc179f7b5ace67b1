package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value model's behaviour: immutability, Convex equality, object field order (values §1–§2). */
class ConvexValueTest {

    @Test
    void float64_equalityIsByBits() {
        assertThat(ConvexValue.float64(0.0)).isNotEqualTo(ConvexValue.float64(-0.0));
        assertThat(ConvexValue.float64(Double.NaN)).isEqualTo(ConvexValue.float64(Double.NaN));
        assertThat(ConvexValue.float64(Double.longBitsToDouble(0x7FF8_0000_0000_0001L)))
                .isNotEqualTo(ConvexValue.float64(Double.NaN));
        assertThat(ConvexValue.int64(1)).isNotEqualTo(ConvexValue.float64(1));
    }

    @Test
    void order_crossTypeFollowsSpec() {
        List<ConvexValue> ascending = List.of(
                ConvexValue.NULL,
                ConvexValue.int64(Long.MAX_VALUE),
                ConvexValue.float64(Double.longBitsToDouble(0xFFF8_0000_0000_0000L)),
                ConvexValue.float64(Double.NEGATIVE_INFINITY),
                ConvexValue.float64(-0.0),
                ConvexValue.float64(0.0),
                ConvexValue.float64(Double.POSITIVE_INFINITY),
                ConvexValue.float64(Double.NaN),
                ConvexValue.bool(false),
                ConvexValue.bool(true),
                ConvexValue.str(""),
                ConvexValue.str("\uffff"),
                ConvexValue.str("\ud83d\ude00"),
                ConvexValue.bytes(new byte[0]),
                ConvexValue.bytes(new byte[] {(byte) 0xFF}),
                ConvexValue.array(),
                ConvexValue.array(ConvexValue.NULL),
                ConvexValue.emptyObj(),
                ConvexValue.obj(Map.of("a", ConvexValue.float64(1))),
                ConvexValue.obj(Map.of("a", ConvexValue.float64(1), "b", ConvexValue.float64(0))),
                ConvexValue.obj(Map.of("a", ConvexValue.float64(5))),
                ConvexValue.obj(Map.of("ab", ConvexValue.float64(0))));
        List<ConvexValue> shuffled = new ArrayList<>(ascending);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(ValueOrder.COMPARATOR);
        assertThat(shuffled).containsExactlyElementsOf(ascending);
    }

    @Test
    void obj_iteratesFieldsInUtf8ByteOrder() {
        Map<String, ConvexValue> m = new HashMap<>();
        for (String k : List.of("b", "_id", "A", "a", "", "_creationTime")) {
            m.put(k, ConvexValue.NULL);
        }
        assertThat(ConvexValue.obj(m).fields().keySet()).containsExactly("", "A", "_creationTime", "_id", "a", "b");
    }

    @Test
    void obj_dropsUndefinedFields() {
        Map<String, ConvexValue> m = new HashMap<>();
        m.put("a", null);
        m.put("b", ConvexValue.NULL);
        assertThat(ConvexValue.obj(m).fields().keySet()).containsExactly("b");
    }

    @Test
    void obj_getWithAndWithout() {
        ConvexValue.Obj o = ConvexValue.obj(Map.of("b", ConvexValue.int64(2)));
        assertThat(o.get("a")).isNull();
        ConvexValue.Obj withA = o.with("a", ConvexValue.int64(1));
        assertThat(withA.fields().keySet()).containsExactly("a", "b");
        assertThat(withA.with("b", ConvexValue.int64(3)).get("b")).isEqualTo(ConvexValue.int64(3));
        assertThat(withA.without("a")).isEqualTo(o);
        assertThat(withA.with("a", null)).isEqualTo(o);
        assertThat(o.without("zz")).isSameAs(o);
        assertThat(o.get("b")).isEqualTo(ConvexValue.int64(2));
    }

    @Test
    void obj_isImmutable() {
        Map<String, ConvexValue> source = new HashMap<>(Map.of("a", ConvexValue.NULL));
        ConvexValue.Obj o = ConvexValue.obj(source);
        source.put("b", ConvexValue.NULL);
        assertThat(o.size()).isEqualTo(1);
        assertThatThrownBy(() -> o.fields().put("c", ConvexValue.NULL))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(o).isEqualTo(ConvexValue.obj(Map.of("a", ConvexValue.NULL)));
        assertThat(o.fields()).isEqualTo(Map.of("a", ConvexValue.NULL));
    }

    @Test
    void bytes_areCopiedAndComparedByContent() {
        byte[] raw = {1, 2};
        ConvexValue.Bytes b = ConvexValue.bytes(raw);
        raw[0] = 9;
        assertThat(b.value()).containsExactly(1, 2);
        b.value()[0] = 9;
        assertThat(b).isEqualTo(ConvexValue.bytes(new byte[] {1, 2}));
        assertThat(b.hashCode()).isEqualTo(ConvexValue.bytes(new byte[] {1, 2}).hashCode());
        assertThat(b.toString()).isEqualTo("b\"AQI=\"");
    }

    @Test
    void array_rejectsUndefinedElements() {
        List<ConvexValue> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ConvexValue.array(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void str_rejectsLoneSurrogates() {
        assertThatThrownBy(() -> ConvexValue.str("a\ud800")).isInstanceOf(ConvexException.class);
        assertThat(ConvexValue.str("\ud83d\ude00").value()).isEqualTo("\ud83d\ude00");
    }

    @Test
    void convexError_messageIsStringDataOrJsonWithBigintSuffix() {
        assertThat(new ConvexError("MUTABLE_KEY_NOT_FOUND").getMessage()).isEqualTo("MUTABLE_KEY_NOT_FOUND");
        ConvexError e = new ConvexError(ConvexValue.obj(
                Map.of("code", ConvexValue.float64(1), "msg", ConvexValue.str("x"), "n", ConvexValue.int64(123))));
        assertThat(e.getMessage()).isEqualTo("{\"code\":1,\"msg\":\"x\",\"n\":\"123n\"}");
        assertThat(e.data())
                .isEqualTo(ConvexValue.obj(Map.of(
                        "code", ConvexValue.float64(1), "msg", ConvexValue.str("x"), "n", ConvexValue.int64(123))));
        assertThat(new ConvexError(ConvexValue.array(
                                ConvexValue.float64(1.5),
                                ConvexValue.float64(1e21),
                                ConvexValue.float64(Double.NaN),
                                ConvexValue.NULL,
                                ConvexValue.bool(true)))
                        .getMessage())
                .isEqualTo("[1.5,1e+21,null,null,true]");
    }
}
