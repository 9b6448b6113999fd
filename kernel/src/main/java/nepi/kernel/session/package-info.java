/**
 * The notebook session, free of any domain: cells (Java and magics), standard streams, history, completion and
 * inspection providers, and {@link nepi.kernel.session.SessionExtension}s that add a domain (found by ServiceLoader).
 */
package nepi.kernel.session;
