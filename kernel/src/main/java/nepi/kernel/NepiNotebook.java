package nepi.kernel;

import java.util.List;
import nepi.kernel.display.NepiRenderers;
import nepi.kernel.magic.NepiMagic;
import nepi.kernel.magic.NepiMagics;

/** What makes a session a NEPI notebook: the NEPI magics, renderers, completion and inspection. */
final class NepiNotebook {

    private NepiNotebook() {
    }

    /** Registers everything NEPI in {@code session}'s registries. */
    static void install(Session session) {
        NepiRenderers.registerAll(session.renderers());
        SessionExperiment experiment = new SessionExperiment(session);
        List<NepiMagic> magics = NepiMagics.all(experiment);
        NepiMagics.registerAll(session.magics(), magics);
        NepiCompletion completion = new NepiCompletion(new SessionLookup(session, experiment), magics);
        session.addCompletionProvider(completion);
        session.addInspectionProvider(new NepiInspection(new SessionLookup(session, experiment)));
    }
}
