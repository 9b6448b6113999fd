package nepi.kernel.magic;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked arguments of one magic call, made by {@link MagicSpec#parse}: the values of its positional arguments
 * and of the options given, already converted to their kinds.
 */
public final class MagicArguments {

    private final Map<Positional<?>, Object> arguments;
    private final Map<MagicOption<?>, Object> options;

    MagicArguments(Map<Positional<?>, Object> arguments, Map<MagicOption<?>, Object> options) {
        this.arguments = Map.copyOf(arguments);
        this.options = Map.copyOf(options);
    }

    /** The value of a required argument (or of an optional one that was given). */
    public <T> T get(Positional<T> argument) {
        return find(argument).orElseThrow(() -> new IllegalStateException(argument.name() + " was not given"));
    }

    /** The value of an optional argument, if given. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Positional<T> argument) {
        return Optional.ofNullable((T) arguments.get(argument));
    }

    /** The values of a repeated argument, in order: empty when none was given. */
    @SuppressWarnings("unchecked")
    public <T> List<T> all(Positional<T> argument) {
        return (List<T>) arguments.getOrDefault(argument, List.of());
    }

    /** Whether {@code option} was given. */
    public boolean has(MagicOption<?> option) {
        return options.containsKey(option);
    }

    /** The value of {@code option}: as given, else its default, else none. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(MagicOption<T> option) {
        return Optional.ofNullable((T) options.getOrDefault(option, option.defaultValue()));
    }
}
