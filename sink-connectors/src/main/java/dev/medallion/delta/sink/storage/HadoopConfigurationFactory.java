package dev.medallion.delta.sink.storage;

import dev.medallion.delta.logstore.LocalAtomicLogStore;
import dev.medallion.delta.sink.DeltaSinkConfig;
import org.apache.hadoop.conf.Configuration;

import java.util.Map;

/**
 * Builds the Hadoop {@link Configuration} the sink reads and writes tables with: local paths need nothing, ADLS Gen2
 * ({@code abfss://}) gets the hadoop-azure ABFS settings for the configured authentication (account key, fixed SAS
 * token or OAuth client credentials), scoped to the configured account. Raw {@code hadoop.*} connector settings are
 * applied last so operators can set anything hadoop-azure supports.
 */
public final class HadoopConfigurationFactory {
    private HadoopConfigurationFactory() {
    }

    public static Configuration create(DeltaSinkConfig config) {
        // Hadoop's defaults (core-default.xml) are needed: they register the AbstractFileSystem implementations that
        // Delta's LogStore uses for atomic commits.
        Configuration conf = new Configuration();
        // Hadoop resolves FileSystem classes through the configuration's class loader; inside Connect that must be
        // the plugin's loader, not the thread context loader of the worker.
        conf.setClassLoader(HadoopConfigurationFactory.class.getClassLoader());
        conf.set("fs.abfs.impl", "org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem");
        conf.set("fs.abfss.impl", "org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem");
        conf.set("fs.AbstractFileSystem.abfs.impl", "org.apache.hadoop.fs.azurebfs.Abfs");
        conf.set("fs.AbstractFileSystem.abfss.impl", "org.apache.hadoop.fs.azurebfs.Abfss");
        // Commits to local tables must be put-if-absent even when two writers race (see LocalAtomicLogStore).
        conf.set(LocalAtomicLogStore.KERNEL_LOG_STORE_KEY, LocalAtomicLogStore.class.getName());
        // Parquet's summary files are a Hadoop MapReduce leftover that Delta never reads.
        conf.set("parquet.summary.metadata.level", "NONE");

        String auth = config.azureAuth();
        if (!DeltaSinkConfig.AUTH_NONE.equals(auth)) {
            String host = config.azureAccountName() + ".dfs.core.windows.net";
            switch (auth) {
                case DeltaSinkConfig.AUTH_ACCOUNT_KEY -> {
                    conf.set("fs.azure.account.auth.type." + host, "SharedKey");
                    conf.set("fs.azure.account.key." + host, config.azureAccountKey().value());
                }
                case DeltaSinkConfig.AUTH_SAS -> {
                    conf.set("fs.azure.account.auth.type." + host, "SAS");
                    String token = config.azureSasToken().value().trim();
                    conf.set("fs.azure.sas.fixed.token." + host, token.startsWith("?") ? token.substring(1) : token);
                }
                case DeltaSinkConfig.AUTH_OAUTH -> {
                    conf.set("fs.azure.account.auth.type." + host, "OAuth");
                    conf.set("fs.azure.account.oauth.provider.type." + host,
                            "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider");
                    String authority = config.azureAuthorityHost().replaceAll("/+$", "");
                    conf.set("fs.azure.account.oauth2.client.endpoint." + host,
                            authority + "/" + config.azureTenantId() + "/oauth2/token");
                    conf.set("fs.azure.account.oauth2.client.id." + host, config.azureClientId());
                    conf.set("fs.azure.account.oauth2.client.secret." + host, config.azureClientSecret().value());
                }
                default -> throw new IllegalArgumentException("Unknown " + DeltaSinkConfig.AZURE_AUTH_CONFIG + " " + auth);
            }
        }
        for (Map.Entry<String, Object> override : config.hadoopOverrides().entrySet()) {
            conf.set(override.getKey(), String.valueOf(override.getValue()));
        }
        return conf;
    }
}
