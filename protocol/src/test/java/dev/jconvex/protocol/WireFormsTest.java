package dev.jconvex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The wire forms the deployment and the Java client share: one codec each, tested once. */
class WireFormsTest {

    @Test
    void timestamps_areBase64OfLittleEndianU64_asInTheSpecExamples() {
        // wire-protocol §2.2
        assertThat(new Timestamp(0).toWire()).isEqualTo("AAAAAAAAAAA=");
        assertThat(new Timestamp(1724300000000000000L).toWire()).isEqualTo("AMA02rbx7Rc=");
        assertThat(Timestamp.fromWire("AMA02rbx7Rc=")).isEqualTo(new Timestamp(1724300000000000000L));
    }

    @Test
    void timestamp_ofAnotherLength_isRefused() {
        assertThatThrownBy(() -> Timestamp.fromWire("AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscriptionPaths_areCanonicalized_likeTheJsClient() {
        // wire-protocol §1.4, npm canonicalizeUdfPath
        assertThat(FunctionPath.clientForm("mutable:get")).isEqualTo("mutable:get");
        assertThat(FunctionPath.clientForm("mutable.js:get")).isEqualTo("mutable:get");
        assertThat(FunctionPath.clientForm("dir/file")).isEqualTo("dir/file:default");
        // not validated: the deployment refuses a malformed path with its own text
        assertThat(FunctionPath.clientForm("bad path!")).isEqualTo("bad path!:default");
    }

    @Test
    void clientForm_agreesWithTheParsedPath_forValidPaths() {
        for (String raw : new String[] {"mutable:get", "mutable.js:get", "dir/file", "dir/file.js:fn"}) {
            FunctionPath parsed = FunctionPath.parse(raw);
            assertThat(FunctionPath.clientForm(raw)).isEqualTo(parsed.modulePath() + ":" + parsed.functionName());
        }
    }
}
