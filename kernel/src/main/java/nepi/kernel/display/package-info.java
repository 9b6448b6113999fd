/**
 * The display API cells use ({@code display(...)}, imported in every session): MIME bundles, renderers, tables and
 * generic charts.
 */
package nepi.kernel.display;
