package nepi.kernel.library;

/** Why a library could not be added: a short message for the user, naming what was wrong (never a stack trace). */
public final class LibraryException extends Exception {

    private static final long serialVersionUID = 1L;

    public LibraryException(String message) {
        super(message);
    }
}
