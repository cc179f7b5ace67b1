package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.embedded.EmbeddedOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** An embedded rejection becomes the exception the HTTP transport raises for the same HTTP answer. */
class EmbeddedCallTransportTest {

    private static Throwable failure(EmbeddedOutcome outcome) {
        CompletableFuture<?> result = EmbeddedCallTransport.unwrap(CompletableFuture.completedFuture(outcome));
        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class);
        return result.handle((v, e) -> e.getCause()).join();
    }

    @Test
    void rejectedWith4xx_isARequestException() {
        assertThat(failure(new EmbeddedOutcome.Rejected("BadConvexFunctionIdentifier", "bad path")))
                .isInstanceOfSatisfying(ConvexRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("BadConvexFunctionIdentifier");
                });
    }

    @Test
    void rejectedWith5xx_isATransportException_asHttpAnswers503() {
        assertThat(failure(new EmbeddedOutcome.Rejected(503, "OptimisticConcurrencyControlFailure", "changed")))
                .isInstanceOf(ConvexTransportException.class)
                .hasMessage("HTTP 503: {\"code\":\"OptimisticConcurrencyControlFailure\",\"message\":\"changed\"}");
    }
}
