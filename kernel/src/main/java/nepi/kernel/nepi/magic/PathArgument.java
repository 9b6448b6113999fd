package nepi.kernel.nepi.magic;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.magic.MagicUsageException;

/** The one path argument of {@code %save} and {@code %load}, with {@code ~} standing for the home directory. */
final class PathArgument {

    private PathArgument() {
    }

    static Path single(MagicArguments arguments, MagicSyntax syntax) throws MagicUsageException {
        if (arguments.positional().size() != 1) {
            throw syntax.usageError(arguments.positional().isEmpty() ? "give a path"
                    : "give one path (quote a path with blanks)");
        }
        String text = arguments.positional().get(0);
        if (text.equals("~") || text.startsWith("~/")) {
            text = System.getProperty("user.home") + text.substring(1);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw syntax.usageError("'" + text + "' is not a path: " + e.getReason());
        }
    }
}
