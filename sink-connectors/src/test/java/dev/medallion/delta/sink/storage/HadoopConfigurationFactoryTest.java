package dev.medallion.delta.sink.storage;

import dev.medallion.delta.sink.DeltaSinkConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HadoopConfigurationFactoryTest {
    private static final String HOST = "lakeacct.dfs.core.windows.net";

    private static Map<String, String> base(String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, "abfss://lake@" + HOST + "/lakehouse");
        config.put(DeltaSinkConfig.AZURE_ACCOUNT_NAME_CONFIG, "lakeacct");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    @Test
    void accountKeyConfiguresSharedKeyForTheAccountOnly() {
        Configuration conf = HadoopConfigurationFactory.create(new DeltaSinkConfig(base(
                DeltaSinkConfig.AZURE_AUTH_CONFIG, "account-key", DeltaSinkConfig.AZURE_ACCOUNT_KEY_CONFIG, "c2VjcmV0")));
        assertThat(conf.get("fs.azure.account.auth.type." + HOST)).isEqualTo("SharedKey");
        assertThat(conf.get("fs.azure.account.key." + HOST)).isEqualTo("c2VjcmV0");
        assertThat(conf.get("fs.abfss.impl")).isEqualTo("org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem");
        assertThat(conf.get("fs.azure.account.auth.type")).isNull();
    }

    @Test
    void sasTokenIsAFixedTokenWithoutTheQuestionMark() {
        Configuration conf = HadoopConfigurationFactory.create(new DeltaSinkConfig(base(
                DeltaSinkConfig.AZURE_AUTH_CONFIG, "sas", DeltaSinkConfig.AZURE_SAS_TOKEN_CONFIG, "?sv=2024&sig=abc")));
        assertThat(conf.get("fs.azure.account.auth.type." + HOST)).isEqualTo("SAS");
        assertThat(conf.get("fs.azure.sas.fixed.token." + HOST)).isEqualTo("sv=2024&sig=abc");
    }

    @Test
    void oauthUsesClientCredentialsAgainstTheTenantEndpoint() {
        Configuration conf = HadoopConfigurationFactory.create(new DeltaSinkConfig(base(
                DeltaSinkConfig.AZURE_AUTH_CONFIG, "oauth",
                DeltaSinkConfig.AZURE_OAUTH_TENANT_ID_CONFIG, "tenant-1",
                DeltaSinkConfig.AZURE_OAUTH_CLIENT_ID_CONFIG, "app-1",
                DeltaSinkConfig.AZURE_OAUTH_CLIENT_SECRET_CONFIG, "s3cr3t")));
        assertThat(conf.get("fs.azure.account.auth.type." + HOST)).isEqualTo("OAuth");
        assertThat(conf.get("fs.azure.account.oauth.provider.type." + HOST))
                .isEqualTo("org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider");
        assertThat(conf.get("fs.azure.account.oauth2.client.endpoint." + HOST))
                .isEqualTo("https://login.microsoftonline.com/tenant-1/oauth2/token");
        assertThat(conf.get("fs.azure.account.oauth2.client.id." + HOST)).isEqualTo("app-1");
        assertThat(conf.get("fs.azure.account.oauth2.client.secret." + HOST)).isEqualTo("s3cr3t");
    }

    @Test
    void rawHadoopSettingsPassThroughAndWin() {
        Configuration conf = HadoopConfigurationFactory.create(new DeltaSinkConfig(base(
                "hadoop.fs.azure.io.retry.max.retries", "7", "hadoop.fs.abfss.impl", "custom.Fs")));
        assertThat(conf.get("fs.azure.io.retry.max.retries")).isEqualTo("7");
        assertThat(conf.get("fs.abfss.impl")).isEqualTo("custom.Fs");
    }

    @Test
    void theAbfsFileSystemClassesArePackaged() throws Exception {
        Configuration conf = HadoopConfigurationFactory.create(new DeltaSinkConfig(base()));
        assertThat(conf.getClassByName(conf.get("fs.abfss.impl"))).isNotNull();
        assertThat(conf.getClassByName("org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider")).isNotNull();
    }

    @Test
    void missingSecretsAreConfigErrorsThatDoNotEchoTheValue() {
        assertThatThrownBy(() -> new DeltaSinkConfig(base(DeltaSinkConfig.AZURE_AUTH_CONFIG, "account-key")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DeltaSinkConfig.AZURE_ACCOUNT_KEY_CONFIG);
        assertThatThrownBy(() -> new DeltaSinkConfig(base(DeltaSinkConfig.AZURE_AUTH_CONFIG, "oauth",
                DeltaSinkConfig.AZURE_OAUTH_CLIENT_SECRET_CONFIG, "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("azure.oauth");
        Map<String, String> noAccount = base(DeltaSinkConfig.AZURE_AUTH_CONFIG, "sas", DeltaSinkConfig.AZURE_SAS_TOKEN_CONFIG, "t");
        noAccount.remove(DeltaSinkConfig.AZURE_ACCOUNT_NAME_CONFIG);
        assertThatThrownBy(() -> new DeltaSinkConfig(noAccount)).hasMessageContaining(DeltaSinkConfig.AZURE_ACCOUNT_NAME_CONFIG);
    }

    @Test
    void secretsArePasswordsSoConnectMasksThem() {
        DeltaSinkConfig config = new DeltaSinkConfig(base(
                DeltaSinkConfig.AZURE_AUTH_CONFIG, "account-key", DeltaSinkConfig.AZURE_ACCOUNT_KEY_CONFIG, "c2VjcmV0"));
        assertThat(config.azureAccountKey().toString()).doesNotContain("c2VjcmV0");
        assertThat(DeltaSinkConfig.CONFIG_DEF.configKeys().get(DeltaSinkConfig.AZURE_SAS_TOKEN_CONFIG).type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        assertThat(DeltaSinkConfig.CONFIG_DEF.configKeys().get(DeltaSinkConfig.AZURE_OAUTH_CLIENT_SECRET_CONFIG).type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }
}
