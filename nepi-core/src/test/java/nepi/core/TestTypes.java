package nepi.core;

import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceType;
import nepi.resources.dummy.DummyApplication;

/** Resource types that misbehave on purpose, for the tests. */
final class TestTypes {

    private TestTypes() {}

    /** An application whose deploy fails. */
    @ResourceType("test::FailOnDeploy")
    static class FailOnDeploy extends DummyApplication {
        FailOnDeploy(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doDeploy() {
            throw new IllegalStateException("no such host");
        }
    }

    /** An application whose start fails. */
    @ResourceType("test::FailOnStart")
    static class FailOnStart extends DummyApplication {
        FailOnStart(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doStart() {
            throw new IllegalStateException("command not found");
        }
    }

    /** An application whose release fails. */
    @ResourceType("test::FailOnRelease")
    static class FailOnRelease extends DummyApplication {
        FailOnRelease(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doRelease() {
            throw new IllegalStateException("host unreachable");
        }
    }

    /** A type with one attribute of each kind and each flag of interest. */
    @ResourceType(value = "test::Configurable", help = "Has attributes of every kind")
    static class Configurable extends DummyApplication {
        static final Attribute<String> NAME = Attribute.ofString("name", "A name");
        static final Attribute<Integer> PORT =
                Attribute.ofInteger("port", "A port").withDefault(22).withRange(1, 65535);
        static final Attribute<Double> RATE =
                Attribute.ofDouble("rate", "A rate").withRange(0, 1);
        static final Attribute<Boolean> VERBOSE = Attribute.ofBoolean("verbose", "Verbose");
        static final Attribute<String> MODE = Attribute.ofEnum("mode", "A mode", "fast", "slow");
        static final Attribute<String> HOST =
                Attribute.ofString("host", "Design-time host").withFlags(Attribute.Flag.DESIGN);
        static final Attribute<String> PASSWORD =
                Attribute.ofString("password", "A secret").withFlags(Attribute.Flag.CREDENTIAL);
        static final Attribute<String> PID =
                Attribute.ofString("pid", "Read-only").withFlags(Attribute.Flag.NO_WRITE);
        static final Attribute<Integer> LIMIT =
                Attribute.ofInteger("limit", "Shared limit").withDefault(5).withFlags(Attribute.Flag.GLOBAL);

        Configurable(ExperimentController ec, int guid) {
            super(ec, guid);
        }
    }

    static void register() {
        ResourceFactory.registerType(FailOnDeploy.class);
        ResourceFactory.registerType(FailOnStart.class);
        ResourceFactory.registerType(FailOnRelease.class);
        ResourceFactory.registerType(Configurable.class);
    }
}
