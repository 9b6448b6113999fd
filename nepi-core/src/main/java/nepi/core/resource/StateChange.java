package nepi.core.resource;

import java.time.Instant;

/**
 * One RM moving from one state to another.
 *
 * @param guid the RM
 * @param type its type name
 * @param from the state it left
 * @param to the state it entered
 * @param at when
 */
public record StateChange(int guid, String type, ResourceState from, ResourceState to, Instant at) {}
