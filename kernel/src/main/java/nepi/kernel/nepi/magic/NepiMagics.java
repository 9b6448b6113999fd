package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.kernel.magic.CellMagic;
import nepi.kernel.magic.Magic;
import nepi.kernel.nepi.EcVariable;

/** The NEPI magics of a session. */
public final class NepiMagics {

    private NepiMagics() {}

    /** Every NEPI magic, working on the experiment in {@code ecVariable}. */
    public static List<Magic> all(EcVariable ecVariable) {
        return List.of(
                new DeployMagic(ecVariable),
                new WaitMagic(ecVariable),
                new TraceMagic(ecVariable),
                new ExecMagic(ecVariable),
                new StateMagic(ecVariable),
                new GraphMagic(ecVariable),
                new TimelineMagic(ecVariable),
                new ReleaseMagic(ecVariable),
                new ShutdownMagic(ecVariable),
                new NewMagic(ecVariable),
                new RtypesMagic(),
                new HelpMagic(ecVariable),
                new SaveMagic(ecVariable),
                new LoadMagic(ecVariable),
                new RunsMagic(ecVariable),
                new RecoverMagic(ecVariable));
    }

    /** Every NEPI cell magic, working on the experiment in {@code ecVariable}. */
    public static List<CellMagic> cells(EcVariable ecVariable) {
        return List.of(new ExecCellMagic(ecVariable));
    }
}
