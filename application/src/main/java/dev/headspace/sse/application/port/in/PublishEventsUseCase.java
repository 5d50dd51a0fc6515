package dev.headspace.sse.application.port.in;

import java.util.List;

/** Publishes a batch of producer events, all or nothing, after checking each known type's payload against its schema. */
public interface PublishEventsUseCase {

    /**
     * Checks every request first; if one is refused, none is published and the result names the first refused one.
     * Otherwise the batch is broadcast in order with consecutive ids. An empty batch publishes nothing and is accepted.
     */
    PublishResult publish(List<PublishRequest> requests);
}
