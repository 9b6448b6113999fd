#!/usr/bin/python3
"""The first experiment of a fresh NEPI kernel: NEPI's scalability case (10,201 dummy RMs) in a notebook.

    /usr/bin/python3 kernel/benchmark/first_experiment.py [--runs 5] [--nodes 100] [--apps 100] 2>/dev/null

Each run starts a kernel installed by install/install.sh (its JVM options and class data archive), registers the
scalability benchmark's topology (a link, 100 nodes with an interface each, 100 applications on each node) on the
notebook's `ec`, and times deploy, run (until every application finished) and release, the notebook's first
experiment, in the kernel's JVM. Two idioms, alternating kernel by kernel: the built-in dummy RMs (`deferUntil`) and
the same RMs written in a cell the NEPI way (a deploy whose dependencies are not READY reschedules itself with
`getEc().schedule("0s", this::deploy)`). The timed steps are a method declared in an earlier cell, so that JShell's
compilation of the cell is not in the window. nepi-core's ScalabilityBenchmark measures the same case in a plain JVM.
Builds nothing: run `mvn -pl kernel -am package -DskipTests` first.
"""
import argparse
import shutil
import statistics

from benchmark import install_nepi, result_text, run, start, stop

# The nepi idiom's types, as a user declares them in a cell; the same as nepi-core's ReschedulingDummies.
NEPI_IDIOM_TYPES = """
static boolean reached(List<? extends ResourceManager> others, ResourceState wanted) {
    for (ResourceManager other : others) {
        if (other.getState().isBefore(wanted)) return false;
    }
    return true;
}

@ResourceType("notebook-nepi::Link")
public class Link extends nepi.resources.dummy.DummyResource {
    public Link(ExperimentController ec, int guid) { super(ec, guid); }
    @Override protected void doDeploy() throws Exception { work(); super.doDeploy(); }
}

@ResourceType("notebook-nepi::Node")
public class Node extends nepi.resources.dummy.DummyResource {
    public Node(ExperimentController ec, int guid) { super(ec, guid); }
    @Override protected void doDeploy() throws Exception {
        if (getState() == NEW) { work(); discover(); provision(); }
        if (!reached(getConnected(Interface.class), READY)) { getEc().schedule("0s", this::deploy); return; }
        super.doDeploy();
    }
}

@ResourceType("notebook-nepi::Interface")
public class Interface extends nepi.resources.dummy.DummyResource {
    public Interface(ExperimentController ec, int guid) { super(ec, guid); }
    @Override protected void doDeploy() throws Exception {
        if (!reached(getConnected(Node.class), PROVISIONED) || !reached(getConnected(Link.class), READY)) {
            getEc().schedule("0s", this::deploy);
            return;
        }
        work();
        super.doDeploy();
    }
}

@ResourceType("notebook-nepi::Application")
public class Application extends nepi.resources.dummy.DummyResource {
    public Application(ExperimentController ec, int guid) { super(ec, guid); }
    @Override protected void doDeploy() throws Exception {
        if (!reached(getConnected(Node.class), READY)) { getEc().schedule("0s", this::deploy); return; }
        work();
        super.doDeploy();
    }
    @Override protected void doStart() throws Exception { super.doStart(); getEc().schedule("0s", this::stop); }
}

for (Class<? extends ResourceManager> type : List.of(Link.class, Node.class, Interface.class, Application.class)) {
    ResourceFactory.registerType(type);
}
"""

# Registers the topology (nodes first, then their applications, as ScalabilityBenchmark does) and declares the timed
# method; returns the time registration took.
SETUP = """
List<Integer> apps = new ArrayList<>();
long r0 = System.nanoTime();
int link = ec.registerResource("{family}::Link");
List<Integer> nodes = new ArrayList<>();
for (int n = 0; n < {nodes}; n++) {{
    int node = ec.registerResource("{family}::Node");
    int iface = ec.registerResource("{family}::Interface");
    ec.registerConnection(node, iface);
    ec.registerConnection(iface, link);
    nodes.add(node);
}}
for (int node : nodes) {{
    for (int i = 0; i < {apps}; i++) {{
        int app = ec.registerResource("{family}::Application");
        ec.registerConnection(app, node);
        apps.add(app);
    }}
}}
long registered = System.nanoTime() - r0;

String deployRunRelease() throws InterruptedException {{
    long t1 = System.nanoTime();
    ec.deploy();
    ec.waitDeployed();
    long t2 = System.nanoTime();
    ec.waitFinished(apps);
    long t3 = System.nanoTime();
    ec.release();
    long t4 = System.nanoTime();
    return String.format(java.util.Locale.ROOT, "%d %.4f %.4f %.4f %.4f %s", ec.getResources().size(),
            registered / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, ec.getFailureLevel());
}}
"""

IDIOMS = {"defer": "dummy", "nepi": "notebook-nepi"}


def cell(kc, code):
    reply, outputs = run(kc, code, timeout=300)
    assert reply is not None and reply["content"]["status"] == "ok", (code[:200], reply and reply["content"],
                                                                      outputs)
    return outputs


def first_experiment(idiom, nodes, apps_per_node):
    """One fresh kernel, one experiment: the number of RMs, and register, deploy, run and release in seconds."""
    km, kc, _, _ = start("nepi")
    try:
        if idiom == "nepi":
            cell(kc, NEPI_IDIOM_TYPES)
        cell(kc, SETUP.format(family=IDIOMS[idiom], nodes=nodes, apps=apps_per_node))
        words = result_text(cell(kc, "deployRunRelease()")).strip('"').split()
    finally:
        stop(km, kc)
    rms, phases, failure = int(words[0]), [float(w) for w in words[1:5]], words[5]
    assert failure == "OK", f"the experiment failed: {failure}"
    return rms, phases


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fresh kernels per idiom (default 5)")
    parser.add_argument("--nodes", type=int, default=100, help="nodes (default 100)")
    parser.add_argument("--apps", type=int, default=100, help="applications per node (default 100)")
    args = parser.parse_args()
    prefix = install_nepi()
    results = {idiom: [] for idiom in IDIOMS}
    try:
        print("| idiom | RMs | register | deploy | run | release | deploy+run+release |")
        print("|---|---|---|---|---|---|---|")
        for _ in range(args.runs):
            for idiom in IDIOMS:
                rms, (register, deploy, run_, release) = first_experiment(idiom, args.nodes, args.apps)
                total = deploy + run_ + release
                results[idiom].append(total)
                print(f"| {idiom} | {rms} | {register:.3f} s | {deploy:.3f} s | {run_:.3f} s | {release:.3f} s "
                      f"| {total:.3f} s |", flush=True)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    print()
    print("| idiom | fresh kernels | deploy+run+release range | median |")
    print("|---|---|---|---|")
    for idiom, totals in results.items():
        print(f"| {idiom} | {len(totals)} | {min(totals):.3f}-{max(totals):.3f} s | {statistics.median(totals):.3f} s |")


if __name__ == "__main__":
    main()
