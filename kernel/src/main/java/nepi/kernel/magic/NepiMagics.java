package nepi.kernel.magic;

import java.util.List;

/** The NEPI magics of a session, and their registration in its {@link MagicRegistry}. */
public final class NepiMagics {

    private NepiMagics() {
    }

    /** Every NEPI magic, working on the experiment in {@code slot}. */
    public static List<NepiMagic> all(ExperimentSlot slot) {
        return List.of(new DeployMagic(slot), new WaitMagic(slot), new TraceMagic(slot), new StateMagic(slot),
                new GraphMagic(slot), new TimelineMagic(slot), new ReleaseMagic(slot), new ShutdownMagic(slot),
                new NewMagic(slot), new RtypesMagic(), new HelpMagic(slot), new LsmagicMagic(), new SaveMagic(slot),
                new LoadMagic(slot), new RunsMagic(slot));
    }

    /** Registers {@code magics} (replacing the built-in {@code %lsmagic} with the table form). */
    public static void registerAll(MagicRegistry registry, List<NepiMagic> magics) {
        for (NepiMagic magic : magics) {
            MagicSyntax syntax = magic.syntax();
            registry.register(syntax.name(), syntax.usage(), syntax.help(), magic);
        }
    }
}
