package nepi.kernel.session;

import java.util.Optional;
import nepi.kernel.display.MimeBundle;

/** Explains the symbol at a cursor (Shift-Tab). The session asks its providers in order. */
@FunctionalInterface
public interface InspectionProvider {
    /** @param detailLevel 0 for a summary, 1 for more */
    Optional<MimeBundle> inspect(String code, int cursor, int detailLevel);
}
