package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicRegistry;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;

/** The NEPI magics of a session, and their registration in its {@link MagicRegistry}. */
public final class NepiMagics {

    private NepiMagics() {
    }

    /** Every NEPI magic, working on the experiment in {@code ecVariable}. */
    public static List<DescribedMagic> all(EcVariable ecVariable) {
        return List.of(new DeployMagic(ecVariable), new WaitMagic(ecVariable), new TraceMagic(ecVariable),
                new StateMagic(ecVariable), new GraphMagic(ecVariable), new TimelineMagic(ecVariable),
                new ReleaseMagic(ecVariable), new ShutdownMagic(ecVariable), new NewMagic(ecVariable),
                new RtypesMagic(), new HelpMagic(ecVariable), new SaveMagic(ecVariable), new LoadMagic(ecVariable),
                new RunsMagic(ecVariable));
    }

    /** Registers {@code magics} in {@code registry}. */
    public static void registerAll(MagicRegistry registry, List<DescribedMagic> magics) {
        for (DescribedMagic magic : magics) {
            MagicSyntax syntax = magic.syntax();
            registry.register(syntax.name(), syntax.usage(), syntax.help(), magic);
        }
    }
}
