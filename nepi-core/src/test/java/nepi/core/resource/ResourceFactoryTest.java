package nepi.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nepi.core.ExperimentController;
import nepi.resources.dummy.DummyApplication;
import org.junit.jupiter.api.Test;

class ResourceFactoryTest {

    @ResourceType(value = "test::Base", help = "A base type")
    static class Base extends ResourceManager {
        static final Attribute<String> COLOR =
                Attribute.ofString("color", "A color").withDefault("red");
        static final Attribute<Integer> SIZE = Attribute.ofInteger("size", "A size");
        static final Trace LOG = Trace.enabled("log", "What happened");

        Base(ExperimentController ec, int guid) {
            super(ec, guid);
        }
    }

    @ResourceType(value = "test::Derived", removeAttributes = "size", aliases = "Derived")
    static class Derived extends Base {
        static final Attribute<String> COLOR =
                Attribute.ofString("color", "A color").withDefault("blue");
        static final Attribute<Boolean> SHINY = Attribute.ofBoolean("shiny", "Shiny");
        static final Trace DEBUG = Trace.of("debug", "Debug output");

        Derived(ExperimentController ec, int guid) {
            super(ec, guid);
        }
    }

    @ResourceType("test::Base")
    static class Replacement extends ResourceManager {
        Replacement(ExperimentController ec, int guid) {
            super(ec, guid);
        }
    }

    static class NotAType extends ResourceManager {
        NotAType(ExperimentController ec, int guid) {
            super(ec, guid);
        }
    }

    @ResourceType("test::NoConstructor")
    static class NoConstructor extends ResourceManager {
        NoConstructor(ExperimentController ec) {
            super(ec, 0);
        }
    }

    @ResourceType("test::ContextOnly")
    static class ContextOnly extends ResourceManager {
        ContextOnly(ResourceContext ec, int guid) {
            super(ec, guid);
        }
    }

    @ResourceType("test::BothConstructors")
    static class BothConstructors extends ResourceManager {
        final String builtWith;

        BothConstructors(ExperimentController ec, int guid) {
            super(ec, guid);
            builtWith = "controller";
        }

        BothConstructors(ResourceContext ec, int guid) {
            super(ec, guid);
            builtWith = "context";
        }
    }

    @Test
    void builtInTypesAreFoundWithoutUserCode() {
        assertThat(ResourceFactory.types())
                .extracting(ResourceTypeInfo::getName)
                .contains("dummy::Node", "dummy::Interface", "dummy::Link", "dummy::Application");
        assertThat(ResourceFactory.getType("dummy::Channel").getName()).isEqualTo("dummy::Link");
        assertThat(ResourceFactory.getType("dummy::Node").getPlatform()).isEqualTo("dummy");
    }

    @Test
    void subtypesInheritAddOverrideAndRemoveAttributesAndTraces() {
        ResourceTypeInfo derived = ResourceFactory.registerType(Derived.class);
        assertThat(derived.getAttributes())
                .extracting(Attribute::getName)
                .containsExactly("critical", "hardRelease", "color", "shiny");
        assertThat(derived.getAttribute("color").getDefault()).isEqualTo("blue");
        assertThat(derived.getTraces()).extracting(Trace::name).containsExactly("log", "debug");
        assertThat(ResourceFactory.getType("Derived")).isSameAs(derived);
    }

    @Test
    void eachResourceHoldsItsOwnValues() {
        ResourceFactory.registerType(Base.class);
        try (ExperimentController ec = new ExperimentController()) {
            int a = ec.registerResource("test::Base");
            int b = ec.registerResource("test::Base");
            ec.set(a, "color", "green");
            assertThat(ec.get(a, "color")).isEqualTo("green");
            assertThat(ec.get(b, "color")).isEqualTo("red");
            assertThat(ec.getResource(a).isSet("color")).isTrue();
            assertThat(ec.getResource(b).isSet("color")).isFalse();
        }
    }

    @Test
    void traceEnablingFollowsDefaultsAndRequests() {
        ResourceFactory.registerType(Derived.class);
        try (ExperimentController ec = new ExperimentController()) {
            int d = ec.registerResource("test::Derived");
            assertThat(ec.traceEnabled(d, "log")).isTrue();
            assertThat(ec.traceEnabled(d, "debug")).isFalse();
            ec.enableTrace(d, "debug");
            assertThat(ec.traceEnabled(d, "debug")).isTrue();
            assertThatThrownBy(() -> ec.enableTrace(d, "dbug")).hasMessageContaining("Did you mean: debug");
        }
    }

    @Test
    void registeringAgainReplacesTheTypeOfThatName() {
        ResourceFactory.registerType(Base.class);
        try {
            ResourceFactory.registerType(Replacement.class);
            assertThat(ResourceFactory.getType("test::Base").getResourceClass()).isEqualTo(Replacement.class);
        } finally {
            ResourceFactory.registerType(Base.class);
        }
    }

    @Test
    void classesThatCannotBeTypesAreRefusedClearly() {
        assertThatThrownBy(() -> ResourceFactory.registerType(NotAType.class))
                .hasMessageContaining("has no @ResourceType annotation");
        assertThatThrownBy(() -> ResourceFactory.registerType(NoConstructor.class))
                .hasMessageContaining("needs a constructor (ExperimentController ec, int guid)");
    }

    @Test
    void connectedResourcesAreFoundByTypeIncludingSubtypes() {
        ResourceFactory.registerType(Base.class);
        ResourceFactory.registerType(Derived.class);
        try (ExperimentController ec = new ExperimentController()) {
            int base = ec.registerResource("test::Base");
            int derived = ec.registerResource("test::Derived");
            int app = ec.registerResource("dummy::Application");
            ec.registerConnection(app, base);
            ec.registerConnection(app, derived);
            ResourceManager rm = ec.getResource(app);
            assertThat(rm.getConnected("test::Base"))
                    .extracting(ResourceManager::getGuid)
                    .containsExactly(base, derived);
            assertThat(rm.getConnected(Derived.class))
                    .extracting(ResourceManager::getGuid)
                    .containsExactly(derived);
            assertThat(rm.getConnected(DummyApplication.class)).isEmpty();
            assertThat(ec.filterResources("test::Base")).containsExactly(base, derived);
            assertThat(ec.getResource(base).getConnections()).containsExactly(app);
            assertThatThrownBy(() -> ec.registerConnection(app, app)).hasMessageContaining("itself");
        }
    }

    @Test
    void aTypeWithAContextConstructorIsCreatedInAnyContext() {
        ResourceFactory.registerType(ContextOnly.class);
        ManualContext context = new ManualContext();
        assertThat(ResourceFactory.create("test::ContextOnly", context, 1).getEc())
                .isSameAs(context);
        try (ExperimentController ec = new ExperimentController()) {
            int guid = ec.registerResource("test::ContextOnly");
            assertThat(ec.getResource(guid).getEc()).isSameAs(ec);
        }
    }

    @Test
    void aTypeWrittenForTheControllerIsCreatedByItAndRefusedClearlyElsewhere() {
        ResourceFactory.registerType(Base.class);
        try (ExperimentController ec = new ExperimentController()) {
            int guid = ec.registerResource("test::Base");
            assertThat(ec.getResource(guid).getEc()).isSameAs(ec);
        }
        assertThatThrownBy(() -> ResourceFactory.create("test::Base", new ManualContext(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be created in " + ManualContext.class.getName())
                .hasMessageContaining("give it a constructor (ResourceContext ec, int guid)");
    }

    @Test
    void theContextConstructorIsPreferredWhenATypeHasBoth() {
        ResourceFactory.registerType(BothConstructors.class);
        try (ExperimentController ec = new ExperimentController()) {
            int guid = ec.registerResource("test::BothConstructors");
            assertThat(((BothConstructors) ec.getResource(guid)).builtWith).isEqualTo("context");
        }
    }
}
