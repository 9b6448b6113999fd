package nepi.kernel.session;

import java.util.Optional;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.ErrorReport;

/**
 * The end of a cell: its result to show (a trailing expression) or its error.
 */
public record ExecuteOutcome(Optional<MimeBundle> result, Optional<ErrorReport> error) {

    static ExecuteOutcome ok(MimeBundle result) {
        return new ExecuteOutcome(Optional.ofNullable(result), Optional.empty());
    }

    static ExecuteOutcome failed(ErrorReport error) {
        return new ExecuteOutcome(Optional.empty(), Optional.of(error));
    }
}
