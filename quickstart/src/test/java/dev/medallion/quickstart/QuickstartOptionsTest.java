package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuickstartOptionsTest {

    @Test
    void defaults() {
        QuickstartOptions options = QuickstartOptions.parse();
        assertThat(options.rate()).isEqualTo(1000);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.dataDir()).isEqualTo(Path.of("lakehouse").toAbsolutePath().normalize());
        assertThat(options.connectPort()).isEqualTo(8083);
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.eventHubsConnectionString()).isNull();
        assertThat(options.gateway()).isTrue();
        assertThat(options.gatewayPort()).isEqualTo(8091);
        assertThat(options.batch()).isTrue();
        assertThat(options.serving()).isTrue();
        assertThat(options.servingPort()).isEqualTo(8095);
    }

    @Test
    void theSqlGatewayCanBeMovedOrLeftOut() {
        assertThat(QuickstartOptions.parse("--gateway-port", "18091").gatewayPort()).isEqualTo(18091);
        QuickstartOptions without = QuickstartOptions.parse("--no-gateway", "--rate", "5");
        assertThat(without.gateway()).isFalse();
        assertThat(without.rate()).isEqualTo(5);
    }

    @Test
    void storageIsLocalOrAdlsAndAdlsTablesLiveInTheEmulatorsFolder() {
        QuickstartOptions local = QuickstartOptions.parse("--data-dir", "/tmp/lake");
        assertThat(local.adlsStorage()).isFalse();
        assertThat(local.tablesDir()).isEqualTo(Path.of("/tmp/lake"));
        QuickstartOptions adls = QuickstartOptions.parse("--storage", "adls", "--data-dir", "/tmp/lake");
        assertThat(adls.adlsStorage()).isTrue();
        assertThat(adls.tablesDir()).isEqualTo(Path.of("/tmp/lake/_adls/medallionlake/lakehouse"));
        assertThat(QuickstartOptions.parse("--storage=local").adlsStorage()).isFalse();
        assertThatThrownBy(() -> QuickstartOptions.parse("--storage", "s3"))
                .hasMessageContaining("--storage must be local or adls, was 's3'");
    }

    @Test
    void noBatchIsAFlagWithoutValue() {
        QuickstartOptions options = QuickstartOptions.parse("--no-batch", "--rate", "5");
        assertThat(options.batch()).isFalse();
        assertThat(options.rate()).isEqualTo(5);
    }

    @Test
    void theServingLayerCanBeMovedOrLeftOut() {
        assertThat(QuickstartOptions.parse("--serving-port", "18095").servingPort()).isEqualTo(18095);
        QuickstartOptions without = QuickstartOptions.parse("--no-serving", "--rate", "5");
        assertThat(without.serving()).isFalse();
        assertThat(without.rate()).isEqualTo(5);
    }

    @Test
    void parsesBothOptionForms() {
        QuickstartOptions options = QuickstartOptions.parse("--rate", "250", "--duration=5m", "--data-dir", "/tmp/x",
                "--partitions=2", "--connect-port", "18083");
        assertThat(options.rate()).isEqualTo(250);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.partitions()).isEqualTo(2);
        assertThat(options.connectPort()).isEqualTo(18083);
    }

    @Test
    void durations() {
        assertThat(QuickstartOptions.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(QuickstartOptions.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(QuickstartOptions.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(QuickstartOptions.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(QuickstartOptions.parse("--duration", "0").unbounded()).isTrue();
        assertThatThrownBy(() -> QuickstartOptions.duration("soon")).hasMessageContaining("--duration");
    }

    @Test
    void warmUpIsHalfTheRunAtMostThirtySeconds() {
        assertThat(QuickstartOptions.parse("--duration", "20s").warmUp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(QuickstartOptions.parse().warmUp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(QuickstartOptions.parse("--duration", "10m").warmUp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(QuickstartOptions.parse("--duration", "0").warmUp()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> QuickstartOptions.parse("--rate", "-5")).hasMessageContaining("--rate must be a positive");
        assertThatThrownBy(() -> QuickstartOptions.parse("--connect-port", "70000")).hasMessageContaining("TCP port");
        assertThatThrownBy(() -> QuickstartOptions.parse("--speed", "1")).hasMessageContaining("Unknown option --speed");
        assertThatThrownBy(() -> QuickstartOptions.parse("--rate")).hasMessageContaining("--rate needs a value");
        assertThat(QuickstartOptions.parse("--help").help()).isTrue();
    }
}
