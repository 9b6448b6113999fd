/**
 * The NEPI extension of the session: the experiment controller in {@code ec} and its lifecycle, NEPI completion and
 * inspection.
 */
package nepi.kernel.nepi;
