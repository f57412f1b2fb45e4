package dev.medallion.enrichment.offline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #14: the plugins that bundle this module must not ship a Kotlin runtime, so language detection has to work
 * with none on the class path (the parent pom's enforcer rule guards the dependencies; this checks the running code).
 */
class KotlinFreeClassPathTest {
    @Test
    void languagesAreDetectedWithoutAKotlinRuntime() {
        assertThat(new LanguageIdentifier().detect("Der Kunde wartet seit drei Wochen auf die Lieferung.").code())
                .isEqualTo("de");
        assertThatThrownBy(() -> Class.forName("kotlin.Unit")).isInstanceOf(ClassNotFoundException.class);
    }
}
