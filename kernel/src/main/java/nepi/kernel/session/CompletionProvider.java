package nepi.kernel.session;

import java.util.Optional;
import nepi.kernel.jshell.Completion;

/**
 * Completes code at a cursor. The session asks its providers in order and takes the first answer, so a
 * specialised provider (magic names, RM type names) goes before the Java one.
 */
@FunctionalInterface
public interface CompletionProvider {
    Optional<Completion> complete(String code, int cursor);
}
