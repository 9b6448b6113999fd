package nepi.resources.linux;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ${SRC}}, {@code ${BIN}}, {@code ${LIB}}, {@code ${SHARE}}, {@code ${APP_HOME}},
 * {@code ${RUN_HOME}}, {@code ${NODE_HOME}} and {@code ${EXP_HOME}} variables that commands,
 * scripts and environment values of an application may use, replaced by absolute paths on
 * its node before anything runs. Other {@code ${...}} are left to the shell.
 *
 * @param values variable name to path
 */
public record PathVariables(Map<String, String> values) {

    public PathVariables {
        values = Map.copyOf(values);
    }

    /** The variables of application {@code appGuid} on a node laid out as {@code layout}. */
    public static PathVariables of(NodeLayout layout, int appGuid) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("SRC", layout.src());
        v.put("BIN", layout.bin());
        v.put("LIB", layout.lib());
        v.put("SHARE", layout.share());
        v.put("APP_HOME", layout.appHome(appGuid));
        v.put("RUN_HOME", layout.appRunHome(appGuid));
        v.put("NODE_HOME", layout.nodeHome());
        v.put("EXP_HOME", layout.expHome());
        return new PathVariables(v);
    }

    /** {@code text} with every known {@code ${NAME}} replaced; null stays null. */
    public String substitute(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("${" + e.getKey() + "}", e.getValue());
        }
        return result;
    }
}
