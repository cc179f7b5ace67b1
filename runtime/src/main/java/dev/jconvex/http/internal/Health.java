package dev.jconvex.http.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /health} answers: {@code 200 {"status":"ready"}} when the deployment takes calls,
 * otherwise {@code 503} with {@code {"status":"starting"}} (the port listens, the runtime is still
 * opening its database), {@code {"status":"stopping"}} (draining before shutdown) or {@code
 * {"status":"unavailable","reason":"..."}} (the storage engine cannot be reached, e.g. PostgreSQL
 * down).
 *
 * @param status the state
 * @param reason why the deployment is unavailable; present only for {@link Status#UNAVAILABLE}
 */
public record Health(Status status, Optional<String> reason) {

    /** The states of a deployment, as {@code status} names them in lower case. */
    public enum Status {
        READY,
        STARTING,
        STOPPING,
        UNAVAILABLE
    }

    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (reason.isPresent() != (status == Status.UNAVAILABLE)) {
            throw new IllegalArgumentException("a reason goes with UNAVAILABLE, and only with it");
        }
    }

    public static Health ready() {
        return new Health(Status.READY, Optional.empty());
    }

    public static Health starting() {
        return new Health(Status.STARTING, Optional.empty());
    }

    public static Health stopping() {
        return new Health(Status.STOPPING, Optional.empty());
    }

    /** Unavailable because of {@code reason} (e.g. the database's error message). */
    public static Health unavailable(String reason) {
        return new Health(Status.UNAVAILABLE, Optional.of(Objects.requireNonNull(reason, "reason")));
    }

    /** 200 when ready, 503 otherwise. */
    public int httpStatus() {
        return status == Status.READY ? 200 : 503;
    }
}
