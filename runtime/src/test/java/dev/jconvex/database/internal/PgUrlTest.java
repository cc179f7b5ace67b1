package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.database.DatabaseConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The URLs {@code --database} accepts, and the errors for those it does not. */
class PgUrlTest {

    @Test
    void postgresqlUrl_becomesAJdbcUrl_withUserAndPasswordApart() {
        PgUrl url = PgUrl.parse("postgresql://app:s%40cret@db.internal:6543/prod?currentSchema=jc");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/prod?currentSchema=jc");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s@cret");
        assertThat(url.display()).doesNotContain("s@cret").contains("as app");
    }

    @Test
    void postgresScheme_andDefaultPort_areAccepted() {
        PgUrl url = PgUrl.parse("postgres://postgres@127.0.0.1/postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void jdbcUrl_isPassedAsIs() {
        PgUrl url = PgUrl.parse("jdbc:postgresql://h:1/d?user=u&password=p");
        assertThat(url)
                .isEqualTo(new PgUrl("jdbc:postgresql://h:1/d?user=u&password=p", Optional.empty(), Optional.empty()));
        assertThat(url.display()).contains("password=***").doesNotContain("password=p");
    }

    @Test
    void badUrls_areRejectedWithWhatIsWrong() {
        assertThatThrownBy(() -> PgUrl.parse("mysql://h/d")).hasMessageContaining("not a PostgreSQL URL");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://u@h:5432")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> PgUrl.parse("postgresql:///d")).hasMessageContaining("names no host");
        assertThatThrownBy(() -> DatabaseConfig.postgresql("nonsense").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PostgreSQL URL");
    }
}
