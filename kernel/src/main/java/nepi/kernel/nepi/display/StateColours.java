package nepi.kernel.nepi.display;

import java.awt.Color;
import java.util.EnumMap;
import java.util.Map;
import nepi.core.resource.ResourceState;

/** One colour per RM state, shared by the graph, the timeline and the tables, so a state looks the same everywhere. */
public final class StateColours {

    /** As CSS colours. */
    public static final Map<ResourceState, String> CSS;
    /** As AWT colours, for charts. */
    public static final Map<ResourceState, Color> AWT;

    static {
        Map<ResourceState, String> css = new EnumMap<>(ResourceState.class);
        css.put(ResourceState.NEW, "#bdbdbd");
        css.put(ResourceState.DISCOVERED, "#90caf9");
        css.put(ResourceState.PROVISIONED, "#4fc3f7");
        css.put(ResourceState.READY, "#4db6ac");
        css.put(ResourceState.STARTED, "#66bb6a");
        css.put(ResourceState.STOPPED, "#9575cd");
        css.put(ResourceState.FAILED, "#e53935");
        css.put(ResourceState.RELEASED, "#757575");
        Map<ResourceState, Color> awt = new EnumMap<>(ResourceState.class);
        css.forEach((state, hex) -> awt.put(state, Color.decode(hex)));
        CSS = java.util.Collections.unmodifiableMap(css);
        AWT = java.util.Collections.unmodifiableMap(awt);
    }

    private StateColours() {}
}
