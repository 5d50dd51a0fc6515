package dev.headspace.sse.adapter.http.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headspace.sse.domain.EventFilter.InvalidFilterException;

/**
 * The project's error body: {@code {"error": code, "message": text}}, then the details that apply to it ({@code field},
 * {@code parameter} and {@code rule}, {@code max_bytes}, {@code retry_after_seconds}); details that do not apply are
 * left out.
 */
public record ErrorJson(
        @JsonProperty("error") String error,
        @JsonProperty("message") String message,
        @JsonProperty("field") @JsonInclude(JsonInclude.Include.NON_NULL) String field,
        @JsonProperty("parameter") @JsonInclude(JsonInclude.Include.NON_NULL) String parameter,
        @JsonProperty("rule") @JsonInclude(JsonInclude.Include.NON_NULL) String rule,
        @JsonProperty("max_bytes") @JsonInclude(JsonInclude.Include.NON_NULL) Long maxBytes,
        @JsonProperty("retry_after_seconds") @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterSeconds) {

    /** An error with no detail. */
    public static ErrorJson of(String error, String message) {
        return new ErrorJson(error, message, null, null, null, null, null);
    }

    /** {@code invalid_field}: a field of a request body breaks a rule. */
    public static ErrorJson invalidField(String message, String field) {
        return new ErrorJson("invalid_field", message, field, null, null, null, null);
    }

    /** {@code invalid_parameter}: a query parameter breaks a rule; {@code rule} may be null. */
    public static ErrorJson invalidParameter(String message, String parameter, String rule) {
        return new ErrorJson("invalid_parameter", message, null, parameter, rule, null, null);
    }

    /** A stream filter the domain refused: {@code invalid_parameter} with the parameter and the rule it broke. */
    public static ErrorJson fromDomain(InvalidFilterException refused) {
        return invalidParameter(refused.getMessage(), refused.dimension().fieldName(), refused.rule());
    }

    /** {@code payload_too_large}, with the largest body accepted. */
    public static ErrorJson tooLarge(String message, long maxBytes) {
        return new ErrorJson("payload_too_large", message, null, null, null, maxBytes, null);
    }

    /** A refusal to try again later (503), with the seconds also sent as {@code Retry-After}. */
    public static ErrorJson retryLater(String error, String message, long retryAfterSeconds) {
        return new ErrorJson(error, message, null, null, null, null, retryAfterSeconds);
    }
}
