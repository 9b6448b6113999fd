package nepi.resources.linux;

/**
 * A program an application needs on its host, and the Debian package that provides it.
 *
 * @param command the program's name, looked up in the PATH (plus /usr/sbin and /sbin)
 * @param debianPackage the Debian package that provides it
 */
public record RequiredTool(String command, String debianPackage) {}
