package dev.medallion.eventhubs.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityAddressTest {

    @Test
    void parsesTheThreeAddressForms() {
        assertThat(EntityAddress.parse("events")).isEqualTo(new EntityAddress("events", null, null));
        assertThat(EntityAddress.parse("events/Partitions/3")).isEqualTo(new EntityAddress("events", null, "3"));
        assertThat(EntityAddress.parse("events/ConsumerGroups/$Default/Partitions/0"))
                .isEqualTo(new EntityAddress("events", "$Default", "0"));
        assertThat(EntityAddress.parse("events/consumergroups/cg/partitions/1").isConsumer()).isTrue();
        assertThat(EntityAddress.parse("amqps://ns.servicebus.windows.net/events/Partitions/2"))
                .isEqualTo(new EntityAddress("events", null, "2"));
    }

    @Test
    void rejectsOtherShapes() {
        assertThat(EntityAddress.parse(null)).isNull();
        assertThat(EntityAddress.parse("events/Partitions")).isNull();
        assertThat(EntityAddress.parse("events/Other/1")).isNull();
        assertThat(EntityAddress.parse("events//Partitions/1")).isNull();
        assertThat(EntityAddress.parse("events/ConsumerGroups/cg/Partitions")).isNull();
    }
}
