package nepi.kernel.jshell;

import java.util.List;
import java.util.Set;

/**
 * Exceptions a cell's error shows as one message (name, message and the cell's own line), with no library frames and
 * no causes: an API's refusals of bad input, such as an unknown attribute, whose stack trace only repeats the message.
 *
 * @param exceptionTypes fully qualified names of the exception classes shown briefly
 * @param packages       package prefixes (e.g. {@code "com.example."}); an exception is shown briefly only when the
 *                       method the cell called directly belongs to one of them, so the same type thrown elsewhere
 *                       (a collection, the cell's own code) keeps its trace
 */
public record BriefErrors(Set<String> exceptionTypes, List<String> packages) {

    /** Nothing is shown briefly. */
    public static final BriefErrors NONE = new BriefErrors(Set.of(), List.of());

    public BriefErrors {
        exceptionTypes = Set.copyOf(exceptionTypes);
        packages = List.copyOf(packages);
    }

    boolean covers(String exceptionType, StackTraceElement calledByTheCell) {
        return exceptionTypes.contains(exceptionType)
                && packages.stream().anyMatch(calledByTheCell.getClassName()::startsWith);
    }
}
