package dev.headspace.sse.application;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.ProjectId;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The filter groups filed by one dimension each, so a broadcast matches only the groups an event could match instead
 * of every distinct filter. A group is filed under the most selective dimension its filter names (agent ids, else
 * project ids, else types), once under each value it lists there; a filter that names none is unkeyed. An event's
 * candidates are the groups under its agent, its project and its type, and the unkeyed ones: a group is in one
 * dimension and an event has one value in each, so no group comes twice, and each candidate still has its whole filter
 * matched for the other dimensions. An event without a project or agent looks nothing up there, which is right: a
 * filter naming projects or agents never matches it.
 *
 * <p>Changed from any thread, but only by {@link ClientRegistry} inside its compute for the group's filter, so one
 * group is never added and removed at once. The broadcast reads without a lock: each key holds an array that is
 * replaced, never written, so a reader sees one whole version.
 */
final class FilterIndex {

    private static final FilterGroup[] NONE = new FilterGroup[0];

    private final Keyed<AgentId> byAgent = new Keyed<>();
    private final Keyed<ProjectId> byProject = new Keyed<>();
    private final Keyed<EventType> byType = new Keyed<>();
    // in practice at most one group: every filter that names no value equals EventFilter.ALL
    private final AtomicReference<FilterGroup[]> unkeyed = new AtomicReference<>(NONE);

    void add(FilterGroup group) {
        file(group, true);
    }

    /** Takes the group out from wherever {@link #add} filed it; a key left without groups goes. */
    void remove(FilterGroup group) {
        file(group, false);
    }

    /** Files the group under its filter's most selective dimension, or takes it out from there. */
    private void file(FilterGroup group, boolean in) {
        EventFilter filter = group.filter();
        if (!filter.agentIds().isEmpty()) {
            byAgent.file(filter.agentIds(), group, in);
        } else if (!filter.projectIds().isEmpty()) {
            byProject.file(filter.projectIds(), group, in);
        } else if (!filter.types().isEmpty()) {
            byType.file(filter.types(), group, in);
        } else {
            unkeyed.updateAndGet(groups -> {
                FilterGroup[] changed = in ? with(groups, group) : without(groups, group);
                return changed == null ? NONE : changed;
            });
        }
    }

    /** The groups filed under the agent; none for a null agent. The caller must not write to the array. */
    FilterGroup[] underAgent(AgentId agent) {
        return byAgent.under(agent);
    }

    /** The groups filed under the project; none for a null project. The caller must not write to the array. */
    FilterGroup[] underProject(ProjectId project) {
        return byProject.under(project);
    }

    /** The groups filed under the type. The caller must not write to the array. */
    FilterGroup[] underType(EventType type) {
        return byType.under(type);
    }

    /** The groups whose filter names no value, which every event is a candidate for. */
    FilterGroup[] unkeyed() {
        return unkeyed.get();
    }

    /** How many values, over all dimensions, have groups filed under them. */
    int keys() {
        return byAgent.groups.size() + byProject.groups.size() + byType.groups.size();
    }

    /** One dimension's values and the groups under each. */
    private static final class Keyed<K> {

        private final ConcurrentHashMap<K, FilterGroup[]> groups = new ConcurrentHashMap<>();

        // compute() holds the key's bin, so two changes under one value (different filters) do not lose each other
        void file(Set<K> keys, FilterGroup group, boolean in) {
            for (K key : keys) {
                if (in) {
                    groups.compute(key, (value, now) -> with(now, group));
                } else {
                    groups.computeIfPresent(key, (value, now) -> without(now, group));
                }
            }
        }

        FilterGroup[] under(K key) {
            if (key == null) {
                return NONE;
            }
            FilterGroup[] found = groups.get(key);
            return found == null ? NONE : found;
        }
    }

    private static FilterGroup[] with(FilterGroup[] groups, FilterGroup group) {
        if (groups == null) {
            return new FilterGroup[] {group};
        }
        FilterGroup[] more = Arrays.copyOf(groups, groups.length + 1);
        more[groups.length] = group;
        return more;
    }

    /** The array without the group (found by identity), or null when nothing is left. */
    private static FilterGroup[] without(FilterGroup[] groups, FilterGroup group) {
        int at = -1;
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == group) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return groups.length == 0 ? null : groups;
        }
        if (groups.length == 1) {
            return null;
        }
        FilterGroup[] fewer = new FilterGroup[groups.length - 1];
        System.arraycopy(groups, 0, fewer, 0, at);
        System.arraycopy(groups, at + 1, fewer, at, fewer.length - at);
        return fewer;
    }
}
