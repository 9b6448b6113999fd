package nepi.kernel.session;

/** The two output streams of a cell. */
public enum StreamName {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wireName;

    StreamName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
