package dev.medallion.sql.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {
    @Test
    void aBarePortBindsToLoopback() {
        GatewaySettings settings = GatewaySettings.parse("8091", false, 4);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8091);
        assertThat(settings.extraSlots()).isEqualTo(4);
    }

    @Test
    void loopbackNamesAreAcceptedWithoutTheSwitch() {
        assertThat(GatewaySettings.parse("localhost:9000", false, 4).host()).isEqualTo("localhost");
        assertThat(GatewaySettings.parse("127.0.0.2:9000", false, 4).port()).isEqualTo(9000);
        assertThat(GatewaySettings.parse("[::1]:9000", false, 4).host()).isEqualTo("::1");
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessBindAnyIsGiven() {
        // The gateway has no authentication: anyone who reaches the port runs SQL with the pipeline's access.
        assertThatThrownBy(() -> GatewaySettings.parse("0.0.0.0:8091", false, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no authentication").hasMessageContaining("--gateway-bind-any");
        assertThatThrownBy(() -> GatewaySettings.parse("10.1.2.3:8091", false, 4))
                .hasMessageContaining("--gateway-bind-any");
        assertThat(GatewaySettings.parse("0.0.0.0:8091", true, 4).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void badValuesNameTheProblem() {
        assertThatThrownBy(() -> GatewaySettings.parse("localhost:http", false, 4))
                .hasMessageContaining("[host:]port");
        assertThatThrownBy(() -> GatewaySettings.parse("70000", false, 4)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> GatewaySettings.parse("8091", false, -1)).hasMessageContaining("at least 0");
    }
}
