package nepi.core.resource;

/** What {@code trace(guid, name, attr)} returns about a trace. */
public enum TraceAttr {
    /** The whole content. */
    ALL,
    /** One block of {@code block} bytes, at block index {@code offset}. */
    STREAM,
    /** Where the trace lives (a path on the host that holds it). */
    PATH,
    /** Its size in bytes. */
    SIZE
}
