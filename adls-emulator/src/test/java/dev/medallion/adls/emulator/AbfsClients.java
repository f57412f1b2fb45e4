package dev.medallion.adls.emulator;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/** The real hadoop-azure ABFS driver, configured against an emulator, for tests. */
final class AbfsClients {
    private AbfsClients() {
    }

    static FileSystem fileSystem(AdlsEmulator emulator, String fileSystem, Map<String, String> settings) {
        Configuration conf = new Configuration(false);
        conf.set("fs.abfs.impl", "org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem");
        conf.set("fs.abfss.impl", "org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem");
        AdlsEmulator.fastRetrySettings().forEach(conf::set);
        settings.forEach(conf::set);
        try {
            return FileSystem.newInstance(URI.create(emulator.uri(fileSystem, "")), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(FileSystem fs, Path path, byte[] data) throws IOException {
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(data);
        }
    }

    static byte[] read(FileSystem fs, Path path) throws IOException {
        int length = (int) fs.getFileStatus(path).getLen();
        byte[] data = new byte[length];
        try (FSDataInputStream in = fs.open(path)) {
            in.readFully(0, data);
        }
        return data;
    }
}
