package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalConnectTest {
    @TempDir
    Path dir;

    @Test
    void theWorkerResolvesDirectoryReferencesInsideTheSchemaDirectoryOnly() throws IOException {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("t.ddl"), "id STRING COMMENT 'the id'");
        Path outside = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(outside.resolve("key"), "s3cr3t");

        Map<String, String> worker = LocalConnect.workerProps("localhost:9092", 8083, List.of(), schemas);
        assertThat(worker).containsEntry("config.providers", "dir")
                .containsEntry("config.providers.dir.class",
                        "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
                .containsEntry("config.providers.dir.param.allowed.paths", schemas.toString());

        Map<String, String> resolved = WorkerConfigProviders.resolve(Map.of(
                "schemaless.schema", "${dir:" + schemas + ":t.ddl}",
                "other", "${dir:" + outside + ":key}"), schemas);
        assertThat(resolved).containsEntry("schemaless.schema", "id STRING COMMENT 'the id'");
        // Outside allowed.paths the provider answers nothing: the reference stays as written, no file is read.
        assertThat(resolved).containsEntry("other", "${dir:" + outside + ":key}");
    }
}
