package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.domain.NewEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishRequestTest {

    @Test
    void nullData_isAnEmptyPayload() {
        assertThat(new PublishRequest(NewEvent.of("a", null), null).data()).isEmpty();
    }

    @Test
    void data_keepsJsonNulls_andIsACopy() {
        Map<String, Object> data = new HashMap<>();
        data.put("reason", null);
        PublishRequest request = new PublishRequest(NewEvent.of("a", null), data);
        data.put("later", 1);

        assertThat(request.data()).containsOnlyKeys("reason").containsEntry("reason", null);
    }

    @Test
    void missingEvent_isRefused_namingTheField() {
        assertThatThrownBy(() -> new PublishRequest(null, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("'event' must not be null");
    }
}
