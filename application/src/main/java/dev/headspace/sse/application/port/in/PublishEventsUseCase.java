package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.IdempotencyKey;
import java.util.List;

/** Publishes a batch of producer events, all or nothing, after checking each known type's payload against its schema. */
public interface PublishEventsUseCase {

    /**
     * Checks every request first; if one is refused, none is published and the result names the first refused one.
     * Otherwise the batch is broadcast in order with consecutive ids. An empty batch publishes nothing and is accepted.
     *
     * @param key the producer's name for the batch, or null: on a shared log, the same key again (within its memory of
     *            five minutes) answers the ids the batch got then and appends nothing; the embedded log ignores it
     */
    PublishResult publish(List<PublishRequest> requests, IdempotencyKey key);

    /** A batch without a key. */
    default PublishResult publish(List<PublishRequest> requests) {
        return publish(requests, null);
    }
}
