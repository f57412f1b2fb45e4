package dev.medallion.eventhubs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHubsEmulatorMainTest {

    @Test
    void parsesHubsGroupsAndRetention() {
        EventHubsEmulator emulator = EventHubsEmulatorMain.parse(new String[] {"--port", "0", "--hub", "events:4",
                "--hub", "audit:1", "--consumer-group", "events:analytics", "--retention-bytes", "1000"}).build();
        assertThat(emulator.hubs()).containsEntry("events", 4).containsEntry("audit", 1).hasSize(2);
    }

    @Test
    void defaultsToOneHubNamedEvents() {
        assertThat(EventHubsEmulatorMain.parse(new String[0]).build().hubs()).containsExactly(
                Map.entry("events", 4));
    }

    @Test
    void explainsBadArguments() {
        assertThatThrownBy(() -> EventHubsEmulatorMain.parse(new String[] {"--hub"}))
                .hasMessageContaining("missing value after --hub");
        assertThatThrownBy(() -> EventHubsEmulatorMain.parse(new String[] {"--port", "x"}))
                .hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> EventHubsEmulatorMain.parse(new String[] {"--colour", "red"}))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> EventHubsEmulatorMain.parse(new String[] {"--consumer-group", "x:y"}).build())
                .hasMessageContaining("unknown event hub 'x'");
    }

    @Test
    void connectionStringsNameThePortAndTheEmulatorFlag() {
        try (EventHubsEmulator emulator = EventHubsEmulator.builder().hub("events", 1).build().start()) {
            assertThat(emulator.connectionString("events")).isEqualTo("Endpoint=sb://localhost:" + emulator.port()
                    + ";SharedAccessKeyName=emulator;SharedAccessKey=emulator;UseDevelopmentEmulator=true"
                    + ";EntityPath=events");
            assertThatThrownBy(() -> emulator.connectionString("nope")).hasMessageContaining("no event hub 'nope'");
        }
    }
}
