package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.values.ConvexValue;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueMapperTest {

    private final ValueMapper mapper = ValueMapper.standard();

    record Item(String name, int quantity, List<String> tags) {}

    @Test
    void javaNumbers_becomeFloat64LikeJavaScriptNumbers() {
        assertThat(mapper.toValue(5)).isEqualTo(ConvexValue.float64(5));
        assertThat(mapper.toValue(5L)).isEqualTo(ConvexValue.float64(5));
        assertThat(mapper.toValue(2.5)).isEqualTo(ConvexValue.float64(2.5));
    }

    @Test
    void int64_isSentOnlyWhenAskedFor() {
        assertThat(mapper.toValue(ConvexValue.int64(5))).isEqualTo(ConvexValue.int64(5));
        assertThat(mapper.toValue(BigInteger.valueOf(7))).isEqualTo(ConvexValue.int64(7));
    }

    @Test
    void longBeyond2pow53_isRejectedInsteadOfLosingPrecision() {
        assertThatThrownBy(() -> mapper.toValue(Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConvexValue.int64");
    }

    @Test
    void maps_records_andOptionals_convertToObjects() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("item", new Item("widget", 3, List.of("a")));
        args.put("missing", Optional.empty());
        args.put("nothing", null);
        ConvexValue.Obj obj = mapper.toArgs(args);
        assertThat(obj.has("missing")).isFalse();
        assertThat(obj.get("nothing")).isEqualTo(ConvexValue.NULL);
        ConvexValue.Obj item = (ConvexValue.Obj) obj.get("item");
        assertThat(item.get("quantity")).isEqualTo(ConvexValue.float64(3));
        assertThat(item.get("tags")).isEqualTo(ConvexValue.array(ConvexValue.str("a")));
    }

    @Test
    void results_bindToRecords_ignoringDocumentSystemFields() {
        ConvexValue doc = ConvexValue.obj(Map.of(
                "_id", ConvexValue.str("abc"),
                "_creationTime", ConvexValue.float64(1.5),
                "name", ConvexValue.str("widget"),
                "quantity", ConvexValue.float64(3),
                "tags", ConvexValue.array(ConvexValue.str("x"))));
        assertThat(mapper.fromValue(doc, Item.class)).isEqualTo(new Item("widget", 3, List.of("x")));
    }

    @Test
    void nonStringMapKeys_areRejected() {
        assertThatThrownBy(() -> mapper.toValue(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
    }
}
