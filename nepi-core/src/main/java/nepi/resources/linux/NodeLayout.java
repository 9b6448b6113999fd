package nepi.resources.linux;

/**
 * Where NEPI keeps its files on a node (design §3.1):
 * <pre>
 * ~/.nepi/nepi-usr/{bin,lib,src,share}            shared by all experiments
 * ~/.nepi/nepi-exp/&lt;expId&gt;/node-&lt;guid&gt;/&lt;runId&gt;/   per node and run
 * ~/.nepi/nepi-exp/&lt;expId&gt;/app-&lt;guid&gt;/&lt;runId&gt;/    per application and run
 * </pre>
 *
 * @param home the directory that holds {@code .nepi} (the user's home unless the node's
 *             {@code home} attribute says otherwise)
 * @param expId the experiment's id
 * @param runId this run's id
 * @param nodeGuid the node's guid
 */
public record NodeLayout(String home, String expId, String runId, int nodeGuid) {

    /** {@code ~/.nepi}: everything NEPI writes on the node. */
    public String root() {
        return home + "/.nepi";
    }

    /** {@code ~/.nepi/nepi-usr}: shared by every experiment. */
    public String usr() {
        return root() + "/nepi-usr";
    }

    public String bin() {
        return usr() + "/bin";
    }

    public String lib() {
        return usr() + "/lib";
    }

    public String src() {
        return usr() + "/src";
    }

    public String share() {
        return usr() + "/share";
    }

    /** {@code ~/.nepi/nepi-exp/<expId>}: this experiment. */
    public String expHome() {
        return root() + "/nepi-exp/" + expId;
    }

    /** {@code .../node-<guid>}: this node in the experiment. */
    public String nodeHome() {
        return expHome() + "/node-" + nodeGuid;
    }

    /** {@code .../node-<guid>/<runId>}: this node in this run. */
    public String nodeRunHome() {
        return nodeHome() + "/" + runId;
    }

    /** {@code .../app-<guid>}: an application in the experiment (its code and build). */
    public String appHome(int appGuid) {
        return expHome() + "/app-" + appGuid;
    }

    /** {@code .../app-<guid>/<runId>}: an application in this run (its command and output). */
    public String appRunHome(int appGuid) {
        return appHome(appGuid) + "/" + runId;
    }

    /** The file where the wrappers of detached commands record their ends. */
    public String exitEvents() {
        return nodeRunHome() + "/exits";
    }
}
