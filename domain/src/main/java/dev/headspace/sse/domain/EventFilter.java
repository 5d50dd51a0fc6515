package dev.headspace.sse.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events a client wants: an empty dimension matches everything; values inside a dimension are alternatives
 * (OR) and the dimensions must all match (AND).
 */
public record EventFilter(Set<EventType> types, Set<ProjectId> projectIds, Set<AgentId> agentIds) {

    /** The most values one dimension may list. */
    public static final int MAX_VALUES = 100;

    public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of());

    public EventFilter {
        types = Set.copyOf(types);
        projectIds = Set.copyOf(projectIds);
        agentIds = Set.copyOf(agentIds);
    }

    /** The dimensions, named as clients name them. */
    public enum Dimension {
        TYPES("types"), PROJECT_ID("project_id"), AGENT_ID("agent_id");

        private final String fieldName;

        Dimension(String fieldName) {
            this.fieldName = fieldName;
        }

        public String fieldName() {
            return fieldName;
        }
    }

    /** A filter value that breaks the syntax; names the dimension and the rule. */
    public static final class InvalidFilterException extends IllegalArgumentException {
        private final Dimension dimension;
        private final String rule;

        InvalidFilterException(Dimension dimension, String rule) {
            super("'" + dimension.fieldName() + "' " + rule);
            this.dimension = dimension;
            this.rule = rule;
        }

        public Dimension dimension() {
            return dimension;
        }

        public String rule() {
            return rule;
        }
    }

    /**
     * Builds a filter from raw client values: each entry may itself be a comma-separated list (a repeated parameter
     * and a comma list mean the same).
     *
     * @throws InvalidFilterException for an empty item, a value over 64 characters or outside [A-Za-z0-9_.:-], or
     *                                more than {@value #MAX_VALUES} values in one dimension
     */
    public static EventFilter parse(Collection<String> types, Collection<String> projectIds, Collection<String> agentIds) {
        return new EventFilter(
                values(Dimension.TYPES, types, EventType::new),
                values(Dimension.PROJECT_ID, projectIds, ProjectId::new),
                values(Dimension.AGENT_ID, agentIds, AgentId::new));
    }

    private static <T> Set<T> values(Dimension dimension, Collection<String> raw, Function<String, T> factory) {
        if (raw == null || raw.isEmpty()) {
            return Set.of();
        }
        List<String> items = new ArrayList<>();
        for (String entry : raw) {
            for (String item : entry.split(",", -1)) {
                items.add(item);
                if (items.size() > MAX_VALUES) {
                    throw new InvalidFilterException(dimension, "must list at most " + MAX_VALUES + " values");
                }
            }
        }
        Set<T> out = new LinkedHashSet<>();
        for (String item : items) {
            if (item.isEmpty()) {
                throw new InvalidFilterException(dimension, "must not contain an empty item");
            }
            if (item.length() > Token.MAX_LENGTH) {
                throw new InvalidFilterException(dimension,
                        "items must be at most " + Token.MAX_LENGTH + " characters, got " + item.length());
            }
            try {
                out.add(factory.apply(item));
            } catch (IllegalArgumentException e) {
                throw new InvalidFilterException(dimension,
                        "items must use only [A-Za-z0-9_.:-], got \"" + Token.printable(item) + "\"");
            }
        }
        return out;
    }

    public boolean matches(Event event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (projectIds.isEmpty() || (event.projectId() != null && projectIds.contains(event.projectId())))
                && (agentIds.isEmpty() || (event.agentId() != null && agentIds.contains(event.agentId())));
    }
}
