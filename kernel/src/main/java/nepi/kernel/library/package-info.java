/**
 * Libraries in a notebook: {@code %maven} (Apache Maven Resolver, with the user's {@code ~/.m2/settings.xml} and local
 * repository), {@code %mavenRepo}, {@code %jars} and {@code %classpath}. What they add goes to JShell's class path,
 * which is also the class loader of every class written in a cell (RM types included).
 */
package nepi.kernel.library;
