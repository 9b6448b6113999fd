package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import org.junit.jupiter.api.Test;

/** What a {@link SessionExtension} can add to a session, and what happens when it fails. */
class SessionExtensionTest {

    @Test
    void extensionsAddPreludeVariablesAndMagicsAndAreClosedWithTheSession() {
        AtomicBoolean closed = new AtomicBoolean();
        SessionExtension greeting = new SessionExtension() {
            @Override
            public void install(Session session) {
                session.addToPrelude("import java.util.concurrent.atomic.*;");
                session.setVariable("greeting", String.class, "hello");
                MagicSpec spec = MagicSpec.named("greet")
                        .help("make greeting hold WORD")
                        .argument(Positional.optional("WORD", ValueKind.TEXT, "the new greeting"))
                        .build();
                session.magics().register(spec, (args, context) -> {
                    if (args.isEmpty()) {
                        throw new MagicUsageException("%greet: give a word");
                    }
                    session.setVariable("greeting", String.class, args);
                    return null;
                });
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (InProcessSession extended = InProcessSession.with(greeting)) {
            assertThat(extended.run("greeting.length()").result()).isEqualTo("5");
            assertThat(extended.run("new AtomicInteger(3).get()").result()).isEqualTo("3");
            extended.ok("int greeting = 1;");
            extended.ok("%greet bonjour");
            assertThat(extended.run("greeting.toUpperCase()").result()).contains("BONJOUR");
            assertThat(extended.error("%greet", "UsageError").value()).isEqualTo("%greet: give a word");
            assertThat(closed).isFalse();
        }
        assertThat(closed).isTrue();
    }

    @Test
    void preludeImportsCompiledTogetherStayInForceWhenACellImportsOneAgainAndABadOneCostsOnlyItself() {
        SessionExtension imports = new SessionExtension() {
            @Override
            public void install(Session session) {
                session.addToPrelude("import java.util.concurrent.atomic.*;");
                session.addToPrelude("import no.such.pkg.*;");
                session.addToPrelude("import static java.lang.Math.max;");
            }

            @Override
            public void close() {}
        };
        try (InProcessSession session = InProcessSession.with(imports)) {
            assertThat(session.run("new AtomicLong(2).get() + max(1, 3) + List.of(1).size()")
                            .result())
                    .isEqualTo("6");
            session.ok("import java.util.concurrent.atomic.*;");
            session.ok("import java.io.*;");
            assertThat(session.run("new AtomicInteger(4).get() + max(1, 2) + List.of(1).size()")
                            .result())
                    .isEqualTo("7");
            assertThat(session.run("new StringReader(\"x\").getClass().getSimpleName()")
                            .result())
                    .isEqualTo("StringReader");
        }
    }

    @Test
    void anExtensionThatFailsToInstallMakesEveryCellSaySo() {
        SessionExtension broken = new SessionExtension() {
            @Override
            public void install(Session session) {
                throw new IllegalStateException("no controller today");
            }

            @Override
            public void close() {}
        };
        try (InProcessSession failed = InProcessSession.with(broken)) {
            assertThat(failed.error("1 + 1", "SessionError").value())
                    .contains("no controller today")
                    .contains("restart");
        }
    }
}
