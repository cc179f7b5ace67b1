package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The codec and ordering laws of values §1–§2 over generated values. Each try draws a batch of
 * {@value #BATCH} values (or tuples) and checks all of them, and all pairs for the ordering laws, so
 * {@value #TRIES} tries cover {@value #TRIES} × {@value #BATCH} = 10,000 generated values per
 * property (issue 2) while keeping jqwik's per-try overhead to a few seconds per property. The key
 * encoding and {@link ValueOrder} are written independently, so each checks the other.
 */
class ValuePropertiesTest {

    static final int TRIES = 1_000;
    static final int BATCH = 10;

    @Provide
    Arbitrary<List<ConvexValue>> values() {
        return ValueArbitraries.values().list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<List<ConvexValue>>> tuples() {
        return ValueArbitraries.tuples().list().ofSize(BATCH);
    }

    @Property(tries = TRIES)
    void jsonText_roundTripIsIdentity(@ForAll("values") List<ConvexValue> batch) {
        for (ConvexValue v : batch) {
            assertThat(ConvexJson.parse(ConvexJson.write(v))).isEqualTo(v);
        }
    }

    @Property(tries = TRIES)
    void jsonTree_roundTripIsIdentityAndWritesTheSameText(@ForAll("values") List<ConvexValue> batch) {
        for (ConvexValue v : batch) {
            assertThat(ConvexJson.fromJson(ConvexJson.toJson(v))).isEqualTo(v);
            assertThat(ConvexJson.writeTree(ConvexJson.toJson(v))).isEqualTo(ConvexJson.write(v));
        }
    }

    @Property(tries = TRIES)
    void size_ofAnObjectBuiltWithWith_isTheSizeOfTheSameObjectBuiltAtOnce(@ForAll("values") List<ConvexValue> batch) {
        ConvexValue.Obj base = ConvexValue.obj(Map.of("a", ConvexValue.str("x"), "m", ConvexValue.float64(1)));
        ValueSize.size(base); // the size is now known to base, and derived from it by with(...)
        ConvexValue.Obj built = base;
        for (int i = 0; i < batch.size(); i++) {
            built = built.with(i % 3 == 0 ? "m" : "f" + i, batch.get(i));
            ConvexValue.Obj fresh = ConvexValue.obj(new java.util.TreeMap<>(built.fields()));
            assertThat(ValueSize.size(built)).isEqualTo(ValueSize.size(fresh));
        }
    }

    @Property(tries = TRIES)
    void keyEncoding_byteOrderEqualsValueOrder(@ForAll("values") List<ConvexValue> batch) {
        for (ConvexValue a : batch) {
            for (ConvexValue b : batch) {
                assertSameOrder(a, b);
            }
        }
    }

    @Property(tries = TRIES)
    void keyEncoding_ofValuesSharingAPrefixFollowsValueOrder(@ForAll("values") List<ConvexValue> batch) {
        for (ConvexValue a : batch) {
            ConvexValue[] near = {
                ConvexValue.array(a),
                ConvexValue.array(a, a),
                ConvexValue.array(a, ConvexValue.NULL),
                ConvexValue.obj(Map.of("", a)),
                ConvexValue.obj(Map.of("a", a)),
                ConvexValue.obj(Map.of("a", a, "b", a)),
                ConvexValue.emptyObj(),
                ConvexValue.array()
            };
            for (ConvexValue b : near) {
                assertSameOrder(a, b);
                assertSameOrder(ConvexValue.array(a), ConvexValue.array(b));
            }
        }
    }

    @Property(tries = TRIES)
    void tupleEncoding_byteOrderEqualsElementWiseOrder(@ForAll("tuples") List<List<ConvexValue>> batch) {
        for (List<ConvexValue> a : batch) {
            for (List<ConvexValue> b : batch) {
                int bytes =
                        Integer.signum(Arrays.compareUnsigned(KeyEncoding.encodeTuple(a), KeyEncoding.encodeTuple(b)));
                assertThat(bytes).as("%s vs %s", a, b).isEqualTo(Integer.signum(ValueOrder.compareTuples(a, b)));
            }
        }
    }

    @Property(tries = TRIES)
    void compare_isAntisymmetricAndZeroExactlyWhenEqual(@ForAll("values") List<ConvexValue> batch) {
        for (ConvexValue a : batch) {
            for (ConvexValue b : batch) {
                assertThat(ValueOrder.compare(a, b) == 0).isEqualTo(a.equals(b));
                assertThat(Integer.signum(ValueOrder.compare(a, b)))
                        .isEqualTo(-Integer.signum(ValueOrder.compare(b, a)));
                if (a.equals(b)) {
                    assertThat(a.hashCode()).isEqualTo(b.hashCode());
                }
            }
        }
    }

    @Property(tries = TRIES)
    void indexKey_isTheTupleOfFieldsCreationTimeAndId(
            @ForAll("tuples") List<List<ConvexValue>> batch, @ForAll double creationTime) {
        String id = "j5700000000000000000000000001qv0";
        for (List<ConvexValue> fields : batch) {
            List<ConvexValue> tuple = new ArrayList<>(fields);
            tuple.add(ConvexValue.float64(creationTime));
            tuple.add(ConvexValue.str(id));
            assertThat(KeyEncoding.encodeIndexKey(fields, creationTime, id)).isEqualTo(KeyEncoding.encodeTuple(tuple));
        }
    }

    @Property(tries = TRIES)
    void prefixSuccessor_boundsEveryExtensionOfThePrefix(
            @ForAll("tuples") List<List<ConvexValue>> prefixes, @ForAll("values") List<ConvexValue> next) {
        for (List<ConvexValue> prefix : prefixes) {
            byte[] p = KeyEncoding.encodeTuple(prefix);
            byte[] end = KeyEncoding.prefixSuccessor(p);
            for (ConvexValue n : next) {
                List<ConvexValue> longer = new ArrayList<>(prefix);
                longer.add(n);
                byte[] extended = KeyEncoding.encodeTuple(longer);
                if (end != null) {
                    assertThat(Arrays.compareUnsigned(extended, end)).isNegative();
                }
            }
            if (end != null) {
                assertThat(Arrays.compareUnsigned(p, end)).isNegative();
            }
        }
    }

    @Property(tries = TRIES)
    void tupleRangeEnd_holdsExactlyTheTuplesThatStartWithThePrefix(
            @ForAll("tuples") List<List<ConvexValue>> prefixes, @ForAll("tuples") List<List<ConvexValue>> others) {
        for (List<ConvexValue> prefix : prefixes) {
            byte[] lo = KeyEncoding.encodeTuple(prefix);
            byte[] hi = KeyEncoding.tupleRangeEnd(lo);
            List<List<ConvexValue>> candidates = new ArrayList<>(others);
            for (List<ConvexValue> other : others) {
                List<ConvexValue> longer = new ArrayList<>(prefix);
                longer.addAll(other);
                candidates.add(longer);
            }
            if (!prefix.isEmpty() && prefix.get(prefix.size() - 1) instanceof ConvexValue.Str last) {
                List<ConvexValue> nul = new ArrayList<>(prefix); // the last string continues with a NUL
                nul.set(prefix.size() - 1, ConvexValue.str(last.value() + "\u0000"));
                candidates.add(nul);
            }
            for (List<ConvexValue> t : candidates) {
                byte[] key = KeyEncoding.encodeTuple(t);
                boolean inRange = Arrays.compareUnsigned(key, lo) >= 0 && Arrays.compareUnsigned(key, hi) < 0;
                boolean startsWith =
                        t.size() >= prefix.size() && ValueOrder.compareTuples(t.subList(0, prefix.size()), prefix) == 0;
                assertThat(inRange).as("%s in range of %s", t, prefix).isEqualTo(startsWith);
            }
        }
    }

    @Property(tries = TRIES)
    void size_ofContainersIsTwoPlusTheirParts(@ForAll("values") List<ConvexValue> batch) {
        long sum = 0;
        for (ConvexValue v : batch) {
            sum += ValueSize.size(v);
        }
        assertThat(ValueSize.size(ConvexValue.array(batch))).isEqualTo(2 + sum);
        for (ConvexValue v : batch) {
            assertThat(ValueSize.size(ConvexValue.obj(Map.of("ab", v)))).isEqualTo(2 + 2 + 1 + ValueSize.size(v));
        }
    }

    private static void assertSameOrder(ConvexValue a, ConvexValue b) {
        int bytes = Integer.signum(Arrays.compareUnsigned(KeyEncoding.encode(a), KeyEncoding.encode(b)));
        assertThat(bytes).as("%s vs %s", a, b).isEqualTo(Integer.signum(ValueOrder.compare(a, b)));
    }
}
