package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;

import dev.medallion.common.eventhubs.ConnectionStrings;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A malformed connection string is refused by our own parser, before the SDK sees it, with a message that names the
 * part's position and never any of its text: the SDK quotes the offending part, which can hold the key.
 */
class ConnectionStringsTest {
    private static final String GOOD = "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;"
            + "SharedAccessKey=c2VjcmV0PT0=;EntityPath=orders";

    private static Map<String, String> props(String connectionString) {
        Map<String, String> props = new HashMap<>();
        props.put(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, connectionString);
        props.put(EventHubsSourceConfig.HUB_CONFIG, "orders");
        return props;
    }

    /** Whatever goes wrong with {@code connectionString} up to building the SDK client, as text a user could see. */
    private static String everyMessage(String connectionString) {
        Throwable thrown = catchThrowable(() -> {
            EventHubsSourceConfig config = new EventHubsSourceConfig(props(connectionString));
            EventHubsClientFactory.consumer(config).close();
        });
        assertThat(thrown).as("refused: %s", connectionString).isNotNull();
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    @Test
    void malformedPartsAreRefusedWithoutQuotingThem() {
        List<String> malformed = List.of(
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey:SuperSecret=",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SuperSecret",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=a;SuperSecret=b",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=SuperSecret;"
                        + "SharedAccessKey=SuperSecret",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=SuperSecret",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKey=SuperSecret",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=SuperSecret;"
                        + "SharedAccessSignature=SuperSecret",
                "Endpoint=sb://x.service bus SuperSecret/;SharedAccessKeyName=k;SharedAccessKey=SuperSecret",
                "Endpoint=https://SuperSecret.windows.net/;SharedAccessKeyName=k;SharedAccessKey=SuperSecret");
        for (String connectionString : malformed) {
            String messages = everyMessage(connectionString);
            assertThat(messages).as(connectionString).contains(EventHubsSourceConfig.CONNECTION_STRING_CONFIG)
                    .doesNotContain("SuperSecret").doesNotContain("SharedAccessKey:");
        }
    }

    @Test
    void theMessageSaysWhichPartIsWrong() {
        assertThat(everyMessage("Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;"
                + "SharedAccessKey:SuperSecret=")).contains("part 3");
    }

    @Test
    void wellFormedStringsAreAccepted() {
        for (String connectionString : List.of(GOOD, GOOD + ";", " " + GOOD.replace(";", " ; "),
                "Endpoint=sb://localhost:5673;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
                "endpoint=sb://x.servicebus.windows.net/;sharedaccesskeyname=k;sharedaccesskey=v",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=a&sig=b")) {
            assertThatCode(() -> ConnectionStrings.validate(connectionString)).as(connectionString)
                    .doesNotThrowAnyException();
            assertThatCode(() -> new EventHubsSourceConfig(props(connectionString))).as(connectionString)
                    .doesNotThrowAnyException();
        }
        assertThat(catchThrowable(() -> ConnectionStrings.validate("Endpoint=sb://x/;SuperSecret")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> new EventHubsSourceConfig(props("Endpoint=sb://x/;SuperSecret"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EventHubsSourceConfig.CONNECTION_STRING_CONFIG)
                .hasMessageNotContaining("SuperSecret");
    }
}
