package dev.medallion.apicurio.converter;

import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifest names loadable converters: a typo or a class renamed in a new Apicurio release fails here. */
class ConverterServicesTest {
    @Test
    void serviceLoaderFindsTheApicurioAvroAndJsonConverters() {
        List<String> found = ServiceLoader.load(Converter.class).stream()
                .map(provider -> provider.get().getClass().getName())
                .toList();
        assertThat(found).contains("io.apicurio.registry.utils.converter.AvroConverter",
                "io.apicurio.registry.utils.converter.ExtJsonConverter");
    }
}
