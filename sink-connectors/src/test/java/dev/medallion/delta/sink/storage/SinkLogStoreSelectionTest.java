package dev.medallion.delta.sink.storage;

import dev.medallion.delta.logstore.LocalAtomicLogStore;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's Hadoop configuration makes Kernel commit local tables through the put-if-absent log store. */
class SinkLogStoreSelectionTest {
    @TempDir
    java.nio.file.Path dir;

    private Path version(long v) {
        return new Path(dir.resolve(String.format("%020d.json", v)).toUri());
    }

    @Test
    void kernelsDefaultEngineWritesLocalCommitsThroughItWithTheSinksHadoopConfiguration() throws IOException {
        Configuration sinkConf = HadoopConfigurationFactory.create(new dev.medallion.delta.sink.DeltaSinkConfig(
                Map.of(dev.medallion.delta.sink.DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toUri().toString())));
        assertThat(sinkConf.get(LocalAtomicLogStore.KERNEL_LOG_STORE_KEY))
                .isEqualTo(LocalAtomicLogStore.class.getName());
        Engine engine = DefaultEngine.create(sinkConf);
        String path = version(7).toString();
        engine.getJsonHandler().writeJsonFileAtomically(path, io.delta.kernel.utils.CloseableIterator.class.cast(
                emptyRows()), false);
        assertThatThrownBy(() -> engine.getJsonHandler().writeJsonFileAtomically(path, emptyRows(), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(LocalAtomicLogStore.hadoopChecksumOf(java.nio.file.Path.of(version(7).toUri())))
                .as("written by our store, not Hadoop's checksummed rename").doesNotExist();
    }

    private static io.delta.kernel.utils.CloseableIterator<io.delta.kernel.data.Row> emptyRows() {
        return io.delta.kernel.internal.util.Utils.toCloseableIterator(
                java.util.Collections.<io.delta.kernel.data.Row>emptyIterator());
    }
}
