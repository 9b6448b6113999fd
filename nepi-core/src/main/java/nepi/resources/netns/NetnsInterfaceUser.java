package nepi.resources.netns;

/**
 * A resource from outside the netns family that takes over a {@link NetnsInterface} once the
 * interface is deployed (the ns-3 hybrid device, which opens a raw socket on it): the interface
 * accepts a connection from it besides its own link to a switch or another interface.
 */
public interface NetnsInterfaceUser {}
