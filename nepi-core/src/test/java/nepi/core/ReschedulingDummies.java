package nepi.core;

import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.PROVISIONED;
import static nepi.core.resource.ResourceState.READY;

import java.util.List;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceType;
import nepi.resources.dummy.DummyResource;

/**
 * The dummy family written as a user writes RMs the NEPI way: a deploy whose dependencies are
 * not READY yet reschedules itself with {@code getEc().schedule("0s", this::deploy)} and
 * returns, instead of {@code deferUntil}. Same topology and lifecycle as
 * {@code nepi.resources.dummy}, so the scalability benchmark can compare the two idioms.
 */
final class ReschedulingDummies {

    static final String FAMILY = "nepi-idiom";

    private ReschedulingDummies() {}

    /** Whether every RM of {@code others} is at least {@code wanted}; else the deploy is rescheduled. */
    private static boolean reached(List<? extends ResourceManager> others, ResourceState wanted) {
        for (ResourceManager other : others) {
            if (other.getState().isBefore(wanted)) {
                return false;
            }
        }
        return true;
    }

    @ResourceType("nepi-idiom::Link")
    static class Link extends DummyResource {
        Link(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doDeploy() throws Exception {
            work();
            super.doDeploy();
        }
    }

    @ResourceType("nepi-idiom::Node")
    static class Node extends DummyResource {
        Node(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doDeploy() throws Exception {
            if (getState() == NEW) {
                work();
                discover();
                provision();
            }
            if (!reached(getConnected(Interface.class), READY)) {
                getEc().schedule("0s", this::deploy);
                return;
            }
            super.doDeploy();
        }
    }

    @ResourceType("nepi-idiom::Interface")
    static class Interface extends DummyResource {
        Interface(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doDeploy() throws Exception {
            if (!reached(getConnected(Node.class), PROVISIONED) || !reached(getConnected(Link.class), READY)) {
                getEc().schedule("0s", this::deploy);
                return;
            }
            work();
            super.doDeploy();
        }
    }

    @ResourceType("nepi-idiom::Application")
    static class Application extends DummyResource {
        Application(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doDeploy() throws Exception {
            if (!reached(getConnected(Node.class), READY)) {
                getEc().schedule("0s", this::deploy);
                return;
            }
            work();
            super.doDeploy();
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            getEc().schedule("0s", this::stop);
        }
    }

    /** Registers the four types (idempotent). */
    static void register() {
        for (Class<? extends ResourceManager> type :
                List.of(Link.class, Node.class, Interface.class, Application.class)) {
            ResourceFactory.registerType(type);
        }
    }
}
