package dev.jconvex.database.internal;

import dev.jconvex.database.FilterBuilder;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ValueDisplay;
import dev.jconvex.values.ValueOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Filter expressions of {@code .filter(q => ...)} and their evaluation (spec values-and-validation
 * §6.4). A Java null value is {@code undefined}: a missing field, smaller than every value.
 */
final class Filters implements FilterBuilder {

    static final Filters BUILDER = new Filters();

    /** An expression node. */
    sealed interface Node extends Expr permits Field, Literal, Compare, Arith, Neg, And, Or, Not {}

    record Field(String path) implements Node {}

    record Literal(@Nullable ConvexValue value) implements Node {}

    enum CompareOp {
        EQ,
        NEQ,
        LT,
        LTE,
        GT,
        GTE
    }

    record Compare(CompareOp op, Node left, Node right) implements Node {}

    enum ArithOp {
        ADD("add", "add"),
        SUB("subtract", "subtract"),
        MUL("multiply", "multiply"),
        DIV("divide", "divide"),
        MOD("mod", "mod");

        final String verb;
        final String overflowVerb;

        ArithOp(String verb, String overflowVerb) {
            this.verb = verb;
            this.overflowVerb = overflowVerb;
        }
    }

    record Arith(ArithOp op, Node left, Node right) implements Node {}

    record Neg(Node operand) implements Node {}

    record And(List<Node> operands) implements Node {}

    record Or(List<Node> operands) implements Node {}

    record Not(Node operand) implements Node {}

    private static Node n(Expr e) {
        if (e instanceof Node node) {
            return node;
        }
        throw new IllegalArgumentException("not an expression of this filter builder: " + e);
    }

    private static List<Node> all(Expr... exprs) {
        return java.util.Arrays.stream(exprs).map(Filters::n).toList();
    }

    @Override
    public Expr field(String fieldPath) {
        return new Field(fieldPath);
    }

    @Override
    public Expr literal(@Nullable ConvexValue value) {
        return new Literal(value);
    }

    @Override
    public Expr eq(Expr l, Expr r) {
        return new Compare(CompareOp.EQ, n(l), n(r));
    }

    @Override
    public Expr neq(Expr l, Expr r) {
        return new Compare(CompareOp.NEQ, n(l), n(r));
    }

    @Override
    public Expr lt(Expr l, Expr r) {
        return new Compare(CompareOp.LT, n(l), n(r));
    }

    @Override
    public Expr lte(Expr l, Expr r) {
        return new Compare(CompareOp.LTE, n(l), n(r));
    }

    @Override
    public Expr gt(Expr l, Expr r) {
        return new Compare(CompareOp.GT, n(l), n(r));
    }

    @Override
    public Expr gte(Expr l, Expr r) {
        return new Compare(CompareOp.GTE, n(l), n(r));
    }

    @Override
    public Expr and(Expr... exprs) {
        return new And(all(exprs));
    }

    @Override
    public Expr or(Expr... exprs) {
        return new Or(all(exprs));
    }

    @Override
    public Expr not(Expr e) {
        return new Not(n(e));
    }

    @Override
    public Expr add(Expr l, Expr r) {
        return new Arith(ArithOp.ADD, n(l), n(r));
    }

    @Override
    public Expr sub(Expr l, Expr r) {
        return new Arith(ArithOp.SUB, n(l), n(r));
    }

    @Override
    public Expr mul(Expr l, Expr r) {
        return new Arith(ArithOp.MUL, n(l), n(r));
    }

    @Override
    public Expr div(Expr l, Expr r) {
        return new Arith(ArithOp.DIV, n(l), n(r));
    }

    @Override
    public Expr mod(Expr l, Expr r) {
        return new Arith(ArithOp.MOD, n(l), n(r));
    }

    @Override
    public Expr neg(Expr e) {
        return new Neg(n(e));
    }

    // ---- evaluation

    /** Whether {@code doc} passes {@code predicate}; a non-boolean result is an error (§6.4). */
    static boolean matches(Node predicate, StoredDocument doc) {
        return asBoolean(eval(predicate, doc));
    }

    static @Nullable ConvexValue eval(Node node, StoredDocument doc) {
        return switch (node) {
            case Field(String path) -> doc.field(path);
            case Literal(ConvexValue value) -> value;
            case Compare(CompareOp op, Node l, Node r) -> {
                int c = ValueOrder.compareWithUndefined(eval(l, doc), eval(r, doc));
                yield ConvexValue.bool(
                        switch (op) {
                            case EQ -> c == 0;
                            case NEQ -> c != 0;
                            case LT -> c < 0;
                            case LTE -> c <= 0;
                            case GT -> c > 0;
                            case GTE -> c >= 0;
                        });
            }
            case Arith(ArithOp op, Node l, Node r) -> arith(op, eval(l, doc), eval(r, doc));
            case Neg(Node operand) -> negate(eval(operand, doc));
            case And(List<Node> operands) -> {
                for (Node o : operands) {
                    if (!asBoolean(eval(o, doc))) {
                        yield ConvexValue.bool(false);
                    }
                }
                yield ConvexValue.bool(true);
            }
            case Or(List<Node> operands) -> {
                for (Node o : operands) {
                    if (asBoolean(eval(o, doc))) {
                        yield ConvexValue.bool(true);
                    }
                }
                yield ConvexValue.bool(false);
            }
            case Not(Node operand) -> ConvexValue.bool(!asBoolean(eval(operand, doc)));
        };
    }

    private static boolean asBoolean(@Nullable ConvexValue v) {
        if (v instanceof ConvexValue.Bool(boolean b)) {
            return b;
        }
        throw Errors.of(
                ErrorCode.EvalError, "Cannot use value " + show(v) + " (type " + typeName(v) + ") as a Boolean");
    }

    private static ConvexValue arith(ArithOp op, @Nullable ConvexValue l, @Nullable ConvexValue r) {
        if (l instanceof ConvexValue.Int64(long a) && r instanceof ConvexValue.Int64(long b)) {
            try {
                return ConvexValue.int64(
                        switch (op) {
                            case ADD -> Math.addExact(a, b);
                            case SUB -> Math.subtractExact(a, b);
                            case MUL -> Math.multiplyExact(a, b);
                            case DIV -> {
                                if (b == 0) {
                                    throw Errors.of(ErrorCode.EvalError, "Cannot divide " + show(l) + " by zero");
                                }
                                yield Math.divideExact(a, b);
                            }
                            case MOD -> {
                                if (b == 0) {
                                    throw Errors.of(ErrorCode.EvalError, "Cannot mod " + show(l) + " by zero");
                                }
                                yield a % b;
                            }
                        });
            } catch (ArithmeticException overflow) {
                throw Errors.of(
                        ErrorCode.EvalError,
                        "Cannot " + op.overflowVerb + " " + show(l) + " and " + show(r)
                                + ": the result is out of range for Int64");
            }
        }
        if (l instanceof ConvexValue.Float64(double a) && r instanceof ConvexValue.Float64(double b)) {
            return ConvexValue.float64(
                    switch (op) {
                        case ADD -> a + b;
                        case SUB -> a - b;
                        case MUL -> a * b;
                        case DIV -> a / b;
                        case MOD -> a % b;
                    });
        }
        throw Errors.of(
                ErrorCode.EvalError,
                "Cannot " + op.verb + " " + show(l) + " (type " + typeName(l) + ") and " + show(r) + " (type "
                        + typeName(r) + ")");
    }

    private static ConvexValue negate(@Nullable ConvexValue v) {
        if (v instanceof ConvexValue.Int64(long a)) {
            if (a == Long.MIN_VALUE) {
                throw Errors.of(
                        ErrorCode.EvalError, "Cannot negate " + show(v) + ": the result is out of range for Int64");
            }
            return ConvexValue.int64(-a);
        }
        if (v instanceof ConvexValue.Float64(double a)) {
            return ConvexValue.float64(-a);
        }
        throw Errors.of(ErrorCode.EvalError, "Cannot negate " + show(v) + " (type " + typeName(v) + ")");
    }

    private static String show(@Nullable ConvexValue v) {
        return v == null ? "undefined" : ValueDisplay.display(v);
    }

    static String typeName(@Nullable ConvexValue v) {
        if (v == null) {
            return "undefined";
        }
        return switch (v) {
            case ConvexValue.Null n -> "Null";
            case ConvexValue.Int64 i -> "Int64";
            case ConvexValue.Float64 f -> "Float64";
            case ConvexValue.Bool b -> "Boolean";
            case ConvexValue.Str s -> "String";
            case ConvexValue.Bytes b -> "Bytes";
            case ConvexValue.Array a -> "Array";
            case ConvexValue.Obj o -> "Object";
        };
    }
}
