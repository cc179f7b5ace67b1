package dev.jconvex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** wire-protocol §1.4: every accepted spelling, and Convex's rejection texts. */
class FunctionPathTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "mutable:set, mutable.js:set, mutable:set",
        "mutable.js:set, mutable.js:set, mutable:set",
        "mutable, mutable.js:default, mutable",
        "mutable.js, mutable.js:default, mutable",
        "mutable:default, mutable.js:default, mutable",
        "dir/file:fn, dir/file.js:fn, dir/file:fn",
        "dir/sub/file.js:fn, dir/sub/file.js:fn, dir/sub/file:fn",
        "a.b/c_d:_x1, a.b/c_d.js:_x1, a.b/c_d:_x1",
    })
    void parse_acceptsEveryClientSpelling(String raw, String canonical, String display) {
        FunctionPath path = FunctionPath.parse(raw);

        assertThat(path.canonical()).isEqualTo(canonical);
        assertThat(path.display()).isEqualTo(display);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "foo.ts:bar|Module path (foo.ts) has an extension that isn't 'js'.",
                "/abs:fn|Module paths must be relative (/abs is absolute).",
                ":fn|Module path  doesn't have a filename.",
                "mutable:|Identifier cannot be empty",
                "mutable:1set|Invalid first character '1' in 1set: Identifiers must start with an alphabetic character or underscore",
                "mutable:se-t|Identifier se-t has invalid character '-': Identifiers can only contain alphanumeric characters or underscores",
                "mutable:__|Identifier __ cannot have exclusively underscores",
                "mu-table:set|Path component mu-table.js can only contain alphanumeric characters, underscores, or periods.",
                "../up:fn|Invalid path component ParentDir in ../up.",
                "_/x:fn|Path component _ must have at least one alphanumeric character.",
            })
    void parse_rejectsInvalidPathsWithConvexText(String raw, String reason) {
        assertThatThrownBy(() -> FunctionPath.parse(raw))
                .isInstanceOfSatisfying(
                        ConvexException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BadConvexFunctionIdentifier))
                .hasMessage(raw + " is not a valid path to a Convex function. " + reason);
    }

    @org.junit.jupiter.api.Test
    void parse_splitsAtTheLastColon() {
        assertThatThrownBy(() -> FunctionPath.parse("a:b:c"))
                .hasMessage("a:b:c is not a valid path to a Convex function. Path component a:b.js can only contain"
                        + " alphanumeric characters, underscores, or periods.");
    }

    @org.junit.jupiter.api.Test
    void parse_tooLongComponent_isRejected() {
        String longName = "m".repeat(70);
        assertThatThrownBy(() -> FunctionPath.parse(longName + ":f"))
                .hasMessageEndingWith("Path component is too long (73 > maximum 64): " + "m".repeat(64) + "...");
    }

    @org.junit.jupiter.api.Test
    void differentSpellings_areEqualPaths() {
        assertThat(FunctionPath.parse("mutable:set")).isEqualTo(FunctionPath.parse("mutable.js:set"));
        assertThat(FunctionPath.parse("mutable")).isEqualTo(FunctionPath.parse("mutable.js:default"));
    }
}
