package nepi.kernel.magic;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %run FILE}: runs a {@code .jsh} or {@code .java} file's snippets in the session as a cell would (Java and
 * magics; declarations stay visible to later cells); its errors name the file and its line. A relative path is taken
 * from the kernel's working directory, which Jupyter sets to the notebook's directory. A {@code .java} file's
 * package declaration is left out (JShell has no packages); its classes are declared, its {@code main} is not called.
 */
public final class RunMagic implements Magic {

    static final Positional<Path> FILE = Positional.required(
            "FILE",
            ValueKind.PATH,
            "a .jsh or .java file; a relative path is from the notebook's directory (the kernel's working directory)");
    static final MagicSpec SPEC = MagicSpec.named("run")
            .help("runs a .jsh or .java file's snippets in the session, like a cell")
            .argument(FILE)
            .build();

    /** The files being run, to stop a file that runs itself. Only the cell thread runs magics. */
    private final Set<Path> running = new HashSet<>();

    /** A package declaration: JShell has no packages, and refuses the line. */
    private static final Pattern PACKAGE =
            Pattern.compile("^[ \\t]*package[ \\t]+[\\w.]+[ \\t]*;[ \\t]*$", Pattern.MULTILINE);

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws MagicUsageException {
        Path given = arguments.get(FILE);
        Path file = given.toAbsolutePath().normalize();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!name.endsWith(".jsh") && !name.endsWith(".java")) {
            throw SPEC.error(given + " is not a .jsh or .java file"
                    + (name.endsWith(".json") ? " (%load loads an experiment description)" : ""));
        }
        if (!Files.exists(file)) {
            throw SPEC.error("there is no file " + given + (given.isAbsolute() ? "" : " (looked for " + file + ")"));
        }
        if (!Files.isRegularFile(file)) {
            throw SPEC.error(given + " is not a file");
        }
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw SPEC.error(given + " is not UTF-8 text");
        } catch (IOException e) {
            throw SPEC.error("cannot read " + given + ": " + e.getMessage());
        }
        // Line numbers must match the file's: a byte order mark and \r are not part of any line.
        code = code.replace("\r\n", "\n").replace('\r', '\n');
        if (code.startsWith("\uFEFF")) {
            code = code.substring(1);
        }
        if (name.endsWith(".java")) {
            code = withoutPackage(code);
        }
        if (!running.add(file)) {
            throw SPEC.error(given + " runs itself with %run: stopped before it loops forever");
        }
        try {
            return context.run(code, new CodeOrigin(given.toString(), 0));
        } finally {
            running.remove(file);
        }
    }

    /** The code with its package declaration blanked (the line stays, so that lines keep their numbers). */
    static String withoutPackage(String code) {
        Matcher declaration = PACKAGE.matcher(code);
        return declaration.find() ? code.substring(0, declaration.start()) + code.substring(declaration.end()) : code;
    }
}
