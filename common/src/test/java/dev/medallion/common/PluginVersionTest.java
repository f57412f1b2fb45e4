package dev.medallion.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PluginVersionTest {
    @Test
    void classesOutsideAJarReportUnknown() {
        assertThat(PluginVersion.of(PluginVersionTest.class)).isEqualTo(PluginVersion.UNKNOWN);
    }

    @Test
    void classesInAJarReportTheManifestVersion() {
        // JUnit's own jar carries an Implementation-Version, as ours do.
        assertThat(PluginVersion.of(Test.class)).isNotEqualTo(PluginVersion.UNKNOWN).matches("\\d+\\.\\d+.*");
    }
}
