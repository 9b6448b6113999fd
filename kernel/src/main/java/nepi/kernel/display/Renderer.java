package nepi.kernel.display;

/**
 * Turns objects of one type into a {@link MimeBundle}. Register with {@link Renderers#register}.
 *
 * @param <T> the type rendered
 */
@FunctionalInterface
public interface Renderer<T> {
    MimeBundle render(T value) throws Exception;
}
