package nepi.core;

import static nepi.core.resource.ResourceAction.DEPLOY;
import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceAction.STOP;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import nepi.core.resource.Condition;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * Finds steps that wait for each other in a circle, which would never run: the deploy,
 * start or stop of an RM waits for the states its conditions name, each reached only by
 * a step of the RM waited for (READY by its deploy, STARTED by its start, STOPPED by its
 * stop); a start waits for the RM's deploy, a stop for its start, and a start in a group
 * that waits for all to be ready waits for the deploy of every member. Conditions already
 * met, on a FAILED or RELEASED RM, or on NEW, FAILED or RELEASED states wait for no step.
 */
final class ConditionCycles {

    /** The deployment groups, as they will be once the RMs being checked are deployed. */
    interface Groups {
        /** The group whose members must all be READY before {@code rm} starts; 0 when none. */
        int waitingGroupOf(ResourceManager rm);

        /** The guids of the members of group {@code id}. */
        Collection<Integer> members(int id);
    }

    /** A step of an RM, or (action null) the launch of a group waiting for all to be ready. */
    private record Step(int id, ResourceAction action) {
        @Override
        public String toString() {
            return action == null ? "group " + id : "#" + id + " " + action;
        }
    }

    /** An edge: the step waited for, and why (null for a step waiting for the RM's previous one). */
    private record Wait(Step step, String why) {}

    private final IntFunction<Optional<ResourceManager>> resources;
    private final Groups groups;

    private ConditionCycles(IntFunction<Optional<ResourceManager>> resources, Groups groups) {
        this.resources = resources;
        this.groups = groups;
    }

    /**
     * A cycle among the steps of {@code deploying} and the steps they wait for, as
     * {@code "#1 → #2 → #1 (#1 START waits for #2 STARTED; #2 START waits for #1 STARTED)"}.
     */
    static Optional<String> find(
            Collection<ResourceManager> deploying,
            Collection<ResourceManager> all,
            IntFunction<Optional<ResourceManager>> resources,
            Groups groups) {
        return anyConditions(all) ? new ConditionCycles(resources, groups).search(deploying) : Optional.empty();
    }

    /**
     * Whether any RM of {@code all} has a condition. Without conditions every path ends at a
     * DEPLOY, which waits for nothing else: no cycle. Most experiments have few conditions or
     * none, and a search over 10,000 RMs was most of a fresh JVM's deploy call.
     */
    static boolean anyConditions(Collection<ResourceManager> all) {
        for (ResourceManager rm : all) {
            if (rm.hasConditions()) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> search(Collection<ResourceManager> deploying) {
        Map<Step, Boolean> visited = new HashMap<>(); // false: on the current path; true: finished
        for (ResourceManager rm : deploying) {
            for (ResourceAction action : ResourceAction.values()) {
                Optional<String> cycle = depthFirst(new Step(rm.getGuid(), action), visited);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        return Optional.empty();
    }

    /** Iterative, so that long chains of conditions cannot overflow the stack. */
    private Optional<String> depthFirst(Step start, Map<Step, Boolean> visited) {
        if (visited.containsKey(start)) {
            return Optional.empty();
        }
        Deque<Step> path = new ArrayDeque<>();
        Deque<Iterator<Wait>> pending = new ArrayDeque<>();
        Map<Step, String> reasons = new HashMap<>();
        visited.put(start, false);
        path.push(start);
        pending.push(waitsOf(start).iterator());
        while (!path.isEmpty()) {
            Iterator<Wait> next = pending.peek();
            if (!next.hasNext()) {
                visited.put(path.pop(), true);
                pending.pop();
                continue;
            }
            Wait wait = next.next();
            Boolean seen = visited.get(wait.step());
            if (seen == null) {
                reasons.put(path.peek(), wait.why());
                visited.put(wait.step(), false);
                path.push(wait.step());
                pending.push(waitsOf(wait.step()).iterator());
            } else if (!seen) {
                reasons.put(path.peek(), wait.why());
                return Optional.of(describe(path, wait.step(), reasons));
            }
        }
        return Optional.empty();
    }

    private static String describe(Deque<Step> path, Step closing, Map<Step, String> reasons) {
        List<Step> cycle = new ArrayList<>();
        for (Iterator<Step> it = path.descendingIterator(); it.hasNext(); ) {
            Step step = it.next();
            if (step.equals(closing) || !cycle.isEmpty()) {
                cycle.add(step);
            }
        }
        List<String> guids = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (Step step : cycle) {
            String guid = "#" + step.id();
            if (step.action() != null
                    && (guids.isEmpty() || !guids.get(guids.size() - 1).equals(guid))) {
                guids.add(guid);
            }
            if (reasons.get(step) != null) {
                why.add(reasons.get(step));
            }
        }
        if (guids.size() == 1 || !guids.get(guids.size() - 1).equals(guids.get(0))) {
            guids.add(guids.get(0));
        }
        return String.join(" → ", guids) + " (" + String.join("; ", why) + ")";
    }

    /** The steps {@code step} waits for: those its conditions name first, then the RM's own previous step. */
    private List<Wait> waitsOf(Step step) {
        List<Wait> waits = new ArrayList<>();
        if (step.action() == null) {
            for (int member : groups.members(step.id())) {
                resources
                        .apply(member)
                        .filter(rm -> !done(rm, DEPLOY))
                        .ifPresent(rm -> waits.add(new Wait(new Step(member, DEPLOY), null)));
            }
            return waits;
        }
        ResourceManager rm = resources.apply(step.id()).orElse(null);
        if (rm == null || done(rm, step.action())) {
            return waits;
        }
        for (Condition condition : rm.getConditions(step.action())) {
            ResourceAction reaching = reachedBy(condition.state());
            if (reaching == null) {
                continue;
            }
            for (int other : condition.guids()) {
                ResourceManager waited = resources.apply(other).orElse(null);
                if (waited != null && !gone(waited) && !waited.getState().isAtLeast(condition.state())) {
                    waits.add(new Wait(
                            new Step(other, reaching), step + " waits for #" + other + " " + condition.state()));
                }
            }
        }
        if (step.action() == STOP) {
            waits.add(new Wait(new Step(step.id(), START), null));
        } else if (step.action() == START) {
            waits.add(new Wait(new Step(step.id(), DEPLOY), null));
            int group = groups.waitingGroupOf(rm);
            if (group != 0) {
                waits.add(new Wait(new Step(group, null), step + " waits for every RM of its group to be READY"));
            }
        }
        return waits;
    }

    /** The step of an RM that brings it to {@code state}; null when none does. */
    private static ResourceAction reachedBy(ResourceState state) {
        return switch (state) {
            case DISCOVERED, PROVISIONED, READY -> DEPLOY;
            case STARTED -> START;
            case STOPPED -> STOP;
            default -> null;
        };
    }

    private static boolean done(ResourceManager rm, ResourceAction action) {
        if (gone(rm)) {
            return true;
        }
        ResourceState reached =
                switch (action) {
                    case DEPLOY -> ResourceState.READY;
                    case START -> ResourceState.STARTED;
                    case STOP -> ResourceState.STOPPED;
                };
        return rm.getState().isAtLeast(reached);
    }

    private static boolean gone(ResourceManager rm) {
        return rm.getState() == ResourceState.FAILED || rm.getState() == ResourceState.RELEASED;
    }
}
