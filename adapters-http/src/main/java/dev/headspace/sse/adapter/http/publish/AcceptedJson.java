package dev.headspace.sse.adapter.http.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headspace.sse.domain.Event;
import java.util.List;

/**
 * The 202 body of {@code POST /api/events}: {@code {"id"}} for one event, {@code {"ids"}} for a batch, the ids the
 * stream carries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AcceptedJson(@JsonProperty("id") String id, @JsonProperty("ids") List<String> ids) {

    /** @param batch whether the request was an array, which is answered with a list even for one event */
    static AcceptedJson fromDomain(List<Event> events, boolean batch) {
        if (batch) {
            return new AcceptedJson(null, events.stream().map(event -> event.id().toString()).toList());
        }
        return new AcceptedJson(events.get(0).id().toString(), null);
    }
}
