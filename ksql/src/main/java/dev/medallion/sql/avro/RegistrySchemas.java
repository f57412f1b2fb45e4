package dev.medallion.sql.avro;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.RegistryClientFactory;
import io.apicurio.registry.rest.v2.beans.ArtifactMetaData;
import io.apicurio.registry.rest.v2.beans.IfExists;
import io.apicurio.registry.rest.v2.beans.VersionMetaData;
import org.apache.avro.Schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Schema lookup and registration in Apicurio Registry (v2 REST API, Apicurio's own client), with the id kind the
 * wire format carries. Looked-up schemas are cached for the life of the task: registry ids are immutable.
 */
final class RegistrySchemas implements AutoCloseable {
    private final String url;
    private final IdKind idKind;
    private final RegistryClient client;
    private final Map<Long, Schema> byId = new HashMap<>();

    RegistrySchemas(String url, IdKind idKind) {
        this.url = url;
        this.idKind = idKind;
        this.client = RegistryClientFactory.create(url);
    }

    /** The writer schema with the given id. */
    Schema schema(long id) throws IOException {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        try (InputStream content = idKind == IdKind.GLOBAL_ID ? client.getContentByGlobalId(id) : client.getContentById(id)) {
            Schema schema = new Schema.Parser().parse(content);
            byId.put(id, schema);
            return schema;
        } catch (IOException | RuntimeException e) {
            throw new IOException("No Avro schema with " + idKind.option() + " " + id + " in " + url + " (" + e.getMessage()
                    + "). Producer and table must use the same registry and id kind (avro-apicurio.use-id vs"
                    + " apicurio.registry.use-id)", e);
        }
    }

    /**
     * The id of {@code schema} as a version of {@code groupId/artifactId}: registered (or matched to an identical
     * existing version) when {@code autoRegister}, else looked up and required to exist.
     */
    long idOf(String groupId, String artifactId, Schema schema, boolean autoRegister) throws IOException {
        byte[] text = schema.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (autoRegister) {
                ArtifactMetaData meta = client.createArtifact(groupId, artifactId, null, "AVRO",
                        IfExists.RETURN_OR_UPDATE, true, new ByteArrayInputStream(text));
                return idKind == IdKind.GLOBAL_ID ? meta.getGlobalId() : meta.getContentId();
            }
            VersionMetaData meta = client.getArtifactVersionMetaDataByContent(groupId, artifactId, true,
                    new ByteArrayInputStream(text));
            return idKind == IdKind.GLOBAL_ID ? meta.getGlobalId() : meta.getContentId();
        } catch (RuntimeException e) {
            throw new IOException("Cannot " + (autoRegister ? "register" : "find") + " the table's Avro schema as "
                    + groupId + "/" + artifactId + " in " + url + ": " + e.getMessage()
                    + (autoRegister ? "" : " (register it first, or set avro-apicurio.auto-register=true)"), e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
