/** How NEPI objects show in the notebook: resource tables, live tables, graph, timeline and run charts, type help. */
package nepi.kernel.nepi.display;
