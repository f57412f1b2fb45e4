package dev.medallion.serving;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingConfigTest {

    @Test
    void defaultsBindToLoopbackOnPort8095WithoutToken() {
        ServingConfig c = new ServingConfig(Map.of());
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8095);
        assertThat(c.token()).isNull();
        assertThat(c.lakehouse()).startsWith("file:/").endsWith("/lakehouse");
        assertThat(c.table("gold/hourly_metrics")).endsWith("/lakehouse/gold/hourly_metrics");
    }

    @Test
    void aNonLoopbackBindNeedsATokenAndTheErrorDoesNotEchoIt() {
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.BIND_CONFIG, "0.0.0.0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a loopback address");
        ServingConfig ok = new ServingConfig(Map.of(ServingConfig.BIND_CONFIG, "0.0.0.0",
                ServingConfig.TOKEN_CONFIG, "t0ken"));
        assertThat(ok.token()).isEqualTo("t0ken");
        assertThat(ok.toString()).doesNotContain("t0ken");
    }

    @Test
    void boundedValuesAreValidated() {
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.PORT_CONFIG, "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ServingConfig.PORT_CONFIG);
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.SPEED_TTL_CONFIG, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ServingConfig.SPEED_TTL_CONFIG);
    }

    @Test
    void optionsMapOntoSettingsAndTheTokenComesFromAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "from-file\n");
        Path hadoop = Files.writeString(dir.resolve("hadoop.properties"), "fs.azure.account.key.x=k\n");
        Map<String, Object> p = ServingOptions.parse(new String[]{"--bootstrap-servers", "k:9093", "--lakehouse",
                "abfss://c@a.dfs.core.windows.net/lake", "--port", "0", "--bind", "0.0.0.0", "--token-file",
                tokenFile.toString(), "--hadoop-conf", hadoop.toString(), "--set", "speed.ttl.ms=120000"},
                Map.of(ServingOptions.TOKEN_ENV, "from-env"));
        ServingConfig c = new ServingConfig(p);
        assertThat(c.bootstrapServers()).isEqualTo("k:9093");
        assertThat(c.lakehouse()).isEqualTo("abfss://c@a.dfs.core.windows.net/lake");
        assertThat(c.port()).isZero();
        assertThat(c.token()).isEqualTo("from-file");        // the file wins over the environment
        assertThat(c.hadoopOverrides()).containsEntry("fs.azure.account.key.x", "k");
        assertThat(c.speedTtl().toMinutes()).isEqualTo(2);
        assertThat(new ServingConfig(ServingOptions.parse(new String[0], Map.of(ServingOptions.TOKEN_ENV, "e")))
                .token()).isEqualTo("e");
        assertThatThrownBy(() -> ServingOptions.parse(new String[]{"--token", "x"}, Map.of()))
                .hasMessageContaining("unknown option --token");
    }

    @Test
    void theSpeedStoreIsMemoryByDefaultAndRedisOnRequest() {
        ServingConfig memory = new ServingConfig(Map.of());
        assertThat(memory.speedStore()).isEqualTo("memory");
        ServingConfig redis = new ServingConfig(Map.of(ServingConfig.SPEED_STORE_CONFIG, "redis",
                ServingConfig.REDIS_URL_CONFIG, "rediss://cache.example:6380",
                ServingConfig.REDIS_PASSWORD_CONFIG, "s3cret-pw"));
        assertThat(redis.speedStore()).isEqualTo("redis");
        assertThat(redis.redisUrl().getPort()).isEqualTo(6380);
        assertThat(redis.redisPassword()).isEqualTo("s3cret-pw");
        assertThat(redis.redisKeyPrefix()).isEqualTo("medallion:speed:");
        assertThat(redis.toString()).doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.SPEED_STORE_CONFIG, "memcached")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ServingConfig.SPEED_STORE_CONFIG);
    }

    @Test
    void aPasswordInTheRedisUrlIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.REDIS_URL_CONFIG,
                "redis://user:hunter2@127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ServingConfig.REDIS_PASSWORD_CONFIG)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new ServingConfig(Map.of(ServingConfig.REDIS_URL_CONFIG, "http://127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis://");
    }
}
