package nepi.core.trace;

/**
 * A trace parsed by the parser of its format: typed records ({@link PingTrace#replies()}, {@link
 * IperfTrace#intervals()}, ...) and the same rows as a {@link TraceTable}.
 */
public sealed interface ParsedTrace permits PingTrace, IperfTrace, TcpdumpTrace, TracerouteTrace, NumericColumns {

    /** The format this trace was parsed as. */
    TraceFormat format();

    /** The rows as a table of typed columns, with the summary the format has (ping's statistics, ...). */
    TraceTable table();

    /** Whether the parser found nothing of its format: no rows and no summary. */
    boolean isEmpty();
}
