package nepi.core.resource;

/** The actions a user orders on resources, and that conditions gate. */
public enum ResourceAction {
    DEPLOY,
    START,
    STOP
}
