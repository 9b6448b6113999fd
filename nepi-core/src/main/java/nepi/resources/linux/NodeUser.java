package nepi.resources.linux;

/**
 * A resource whose release goes through its {@code linux::Node}'s connection (it stops processes
 * or removes files on the host): the node releases it before closing that connection, so that a
 * node released first never leaves its processes running.
 */
public interface NodeUser {}
