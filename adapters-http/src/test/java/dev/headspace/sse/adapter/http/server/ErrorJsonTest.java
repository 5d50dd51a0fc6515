package dev.headspace.sse.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.domain.EventFilter.InvalidFilterException;
import dev.headspace.sse.domain.EventFilter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ErrorJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private String json(ErrorJson error) throws Exception {
        return mapper.writeValueAsString(error);
    }

    @Test
    void plainError_isTheCodeAndTheMessage_only() throws Exception {
        assertThat(json(ErrorJson.of("not_found", "no resource at /x")))
                .isEqualTo("{\"error\":\"not_found\",\"message\":\"no resource at /x\"}");
    }

    @Test
    void invalidField_namesTheField_afterTheMessage() throws Exception {
        assertThat(json(ErrorJson.invalidField("'type' is required", "type")))
                .isEqualTo("{\"error\":\"invalid_field\",\"message\":\"'type' is required\",\"field\":\"type\"}");
    }

    @Test
    void refusedFilter_namesTheParameterAndTheRule() throws Exception {
        InvalidFilterException refused = catchThrowableOfType(InvalidFilterException.class,
                () -> EventFilter.parse(List.of(""), List.of(), List.of()));

        assertThat(json(ErrorJson.fromDomain(refused))).isEqualTo("{\"error\":\"invalid_parameter\",\"message\":\""
                + refused.getMessage() + "\",\"parameter\":\"types\",\"rule\":\"" + refused.rule() + "\"}");
    }

    @Test
    void invalidParameter_withoutARule_leavesTheRuleOut() throws Exception {
        assertThat(json(ErrorJson.invalidParameter("bad", "project_id", null)))
                .isEqualTo("{\"error\":\"invalid_parameter\",\"message\":\"bad\",\"parameter\":\"project_id\"}");
    }

    @Test
    void tooLarge_tellsTheLimit_andRetryLater_theSeconds() throws Exception {
        assertThat(json(ErrorJson.tooLarge("too big", 65_536)))
                .isEqualTo("{\"error\":\"payload_too_large\",\"message\":\"too big\",\"max_bytes\":65536}");
        assertThat(json(ErrorJson.retryLater("at_capacity", "full", 5)))
                .isEqualTo("{\"error\":\"at_capacity\",\"message\":\"full\",\"retry_after_seconds\":5}");
    }
}
