package dev.headspace.sse.application.port.in;

/** Reports whether the stream side is serving and what it has done so far. */
public interface GetHealthUseCase {

    HealthReport health();
}
