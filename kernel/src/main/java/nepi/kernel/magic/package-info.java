/** The line-magic framework: registry, argument parsing, usage errors and the built-in {@code %lsmagic}. */
package nepi.kernel.magic;
