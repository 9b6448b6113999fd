/**
 * JShell evaluation: cells compiled and run in-process, instrumented so that an interrupt stops loops and waits;
 * Java completion; compile errors and stack traces shown the notebook way.
 */
package nepi.kernel.jshell;
