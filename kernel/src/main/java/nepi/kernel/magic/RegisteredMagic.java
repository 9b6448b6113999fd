package nepi.kernel.magic;

/**
 * A magic with its documentation.
 *
 * @param name  without the {@code %}
 * @param usage one line, e.g. {@code %wait [deployed|started|finished] [guids]}
 * @param help  what it does, one sentence
 */
public record RegisteredMagic(String name, String usage, String help, LineMagic magic) { }
