/** The NEPI magics ({@code %deploy}, {@code %wait}, {@code %trace}, ...), working on the experiment in {@code ec}. */
package nepi.kernel.nepi.magic;
