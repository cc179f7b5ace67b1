package dev.jconvex.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.Identity;
import dev.jconvex.values.ConvexValue;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small rules of the HTTP API: default formats, run paths, header shapes, the status map. */
class WireRulesTest {

    @Test
    void defaultFormat_isCleanJson_exceptForAncientNpmAndPythonClients() {
        assertThat(ValueFormat.defaultFor(Optional.empty())).isEqualTo(ValueFormat.CLEAN);
        assertThat(ValueFormat.defaultFor(Optional.of("npm-1.48.0"))).isEqualTo(ValueFormat.CLEAN);
        assertThat(ValueFormat.defaultFor(Optional.of("npm-1.4.1"))).isEqualTo(ValueFormat.ENCODED);
        assertThat(ValueFormat.defaultFor(Optional.of("npm-cli-0.19.0"))).isEqualTo(ValueFormat.ENCODED);
        assertThat(ValueFormat.defaultFor(Optional.of("python-0.5.0"))).isEqualTo(ValueFormat.ENCODED);
        assertThat(ValueFormat.defaultFor(Optional.of("python-0.5.1"))).isEqualTo(ValueFormat.CLEAN);
        assertThat(ValueFormat.defaultFor(Optional.of("my-client-0.0.1"))).isEqualTo(ValueFormat.CLEAN);
        assertThat(ValueFormat.defaultFor(Optional.of("garbage"))).isEqualTo(ValueFormat.CLEAN);
    }

    @Test
    void exportJson_writesIntegersAsNumbers_andSpecialFloatsEncoded() {
        assertThat(ValueFormat.EXPORT.write(ConvexValue.int64(5)).toString()).isEqualTo("5");
        assertThat(ValueFormat.EXPORT.write(ConvexValue.float64(1.5)).toString())
                .isEqualTo("1.5");
        assertThat(ValueFormat.EXPORT.write(ConvexValue.float64(Double.NaN)).toString())
                .isEqualTo("{\"$float\":\"AAAAAAAA+H8=\"}");
        assertThat(ValueFormat.EXPORT.write(ConvexValue.float64(-0.0)).toString())
                .isEqualTo("{\"$float\":\"AAAAAAAAAIA=\"}");
    }

    @Test
    void runPath_joinsModuleSegments_andNeedsTwo() {
        assertThat(FunctionEndpoints.runPath("messages/list")).isEqualTo("messages:list");
        assertThat(FunctionEndpoints.runPath("dir/file/fn")).isEqualTo("dir/file:fn");
        assertThat(FunctionEndpoints.runPath("my%5Fdir/fn")).isEqualTo("my_dir:fn");
        assertThatThrownBy(() -> FunctionEndpoints.runPath("messages"))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MissingIdentifier));
    }

    @Test
    void authorizationHeader_shapes() {
        assertThat(Authenticator.parse(Optional.empty(), Optional.empty()))
                .isInstanceOf(Authenticator.Credentials.None.class);
        assertThat(Authenticator.parse(Optional.of("CONVEX dev:jconvex|abc"), Optional.empty()))
                .isEqualTo(new Authenticator.Credentials.AdminKey("dev:jconvex|abc", Optional.empty()));
        assertThat(Authenticator.parse(Optional.of("Convex jconvex|abc:eyJ9"), Optional.empty()))
                .isEqualTo(new Authenticator.Credentials.AdminKey("jconvex|abc", Optional.of("eyJ9")));
        assertThat(Authenticator.parse(Optional.of("bearer t.o.k"), Optional.empty()))
                .isEqualTo(new Authenticator.Credentials.Bearer("t.o.k"));
        assertThatThrownBy(() -> Authenticator.parse(Optional.of("Bear"), Optional.empty()))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidHeaderFailure));
        assertThatThrownBy(() -> Authenticator.parse(Optional.of("Basic abcdef"), Optional.empty()))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidAdminKey));
    }

    @Test
    void adminKeyWithDevPrefix_matches() {
        Authenticator authenticator = new Authenticator(
                "jconvex|abc"::equals,
                dev.jconvex.auth.TokenVerifier.create(dev.jconvex.auth.AuthConfig.none(), Clock.systemUTC()));
        Identity identity =
                authenticator.resolve(new Authenticator.Credentials.AdminKey("jconvex|abc", Optional.empty()));
        assertThat(identity.isAdmin()).isTrue();
        assertThatThrownBy(() ->
                        authenticator.resolve(new Authenticator.Credentials.AdminKey("jconvex|abd", Optional.empty())))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadAdminKey));
    }

    @Test
    void statusMap_followsConvexErrorCodes() {
        assertThat(HttpErrors.status(ErrorCode.BadJsonBody)).isEqualTo(400);
        assertThat(HttpErrors.status(ErrorCode.BadFormat)).isEqualTo(400);
        assertThat(HttpErrors.status(ErrorCode.BadAdminKey)).isEqualTo(401);
        assertThat(HttpErrors.status(ErrorCode.InvalidAuthHeader)).isEqualTo(401);
        assertThat(HttpErrors.status(ErrorCode.BadDeployKey)).isEqualTo(403);
        assertThat(HttpErrors.status(ErrorCode.InternalServerError)).isEqualTo(500);
        assertThat(HttpErrors.status(ErrorCode.OptimisticConcurrencyControlFailure))
                .isEqualTo(503);
        assertThat(HttpErrors.status(ErrorCode.InvalidDocumentError)).isEqualTo(500);
    }
}
