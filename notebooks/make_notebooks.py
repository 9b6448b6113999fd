#!/usr/bin/python3
"""Writes the example notebooks (without outputs) from the cells below: edit here, then run it."""
import os
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELSPEC = {"name": "nepi", "display_name": "NEPI (Java)", "language": "java"}


def write(name, cells):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "java", "file_extension": ".jshell"}})
    nb.cells = [new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c) for c in cells]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    nbformat.write(nb, os.path.join(HERE, name))


write("01-quickstart.ipynb", [
    "md:# Quickstart: ping, live, plotted\n\n"
    "The kernel starts with `ec`, a fresh `ExperimentController`, and the NEPI API imported. "
    "An experiment is a graph of *resources*: here a node (this machine) and a ping running on it.",
    'int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
    'int ping = ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1", "count", 20, "interval", 0.2));\n'
    "ec.registerConnection(ping, node);",
    "md:`%graph` draws the experiment before anything is deployed; with `--live` it recolours in place as the "
    "resources change state, during the cells below too.",
    "%graph --live",
    "md:`%deploy` deploys every new resource and shows a table that updates in place as their states change.",
    "%deploy",
    "md:`%wait` blocks until the ping has finished (interrupt the kernel to stop waiting).",
    "%wait finished ping",
    "md:The ping's output is a *trace*; `--tail` reads only its end, `--plot` draws the round-trip times.",
    "%trace ping stdout --tail 4",
    "%trace ping stdout --plot",
    "md:`--table` parses the trace into rows, one per reply, with ping's statistics below (click a column's header "
    "to sort by it); `--csv FILE` writes the rows for a spreadsheet or pandas.",
    "%trace ping stdout --table",
    "md:Every resource, its state and when it got there:",
    "%state",
    "md:Release what the experiment holds (the kernel's shutdown would do it too).",
    "%release",
])

write("02-netns.ipynb", [
    "md:# An emulated network on one machine\n\n"
    "Three hosts in a line, `a - b - c`, built from Linux network namespaces (this needs root). "
    "Addresses come from 198.18.0.0/15, the range set aside for benchmarking.",
    'int a = ec.registerResource("netns::Node");\n'
    'int b = ec.registerResource("netns::Node");\n'
    'int c = ec.registerResource("netns::Node");\n'
    'int ab = ec.registerResource("netns::Interface", Map.of("ip", "198.18.1.1/24", "rate", "20mbit"));\n'
    'int ba = ec.registerResource("netns::Interface", Map.of("ip", "198.18.1.2/24"));\n'
    'int bc = ec.registerResource("netns::Interface", Map.of("ip", "198.18.2.1/24"));\n'
    'int cb = ec.registerResource("netns::Interface", Map.of("ip", "198.18.2.2/24"));\n'
    "ec.registerConnection(ab, a); ec.registerConnection(ba, b); ec.registerConnection(ab, ba);\n"
    "ec.registerConnection(bc, b); ec.registerConnection(cb, c); ec.registerConnection(bc, cb);",
    "%deploy",
    "md:Without routes, `a` cannot reach `c`:",
    'int lost = ec.registerResource("linux::Ping", Map.of("target", "198.18.2.2", "count", 2, "timeout", 1, "critical", false));\n'
    "ec.registerConnection(lost, a);",
    "ec.deploy(lost);\n"
    "ec.waitFinished(lost);\n"
    "ec.getResource(lost).getFailureReason().orElse(\"no failure\")",
    "md:Add the routes while the experiment runs (interactive deployment), then ping again:",
    'int there = ec.registerResource("netns::Route", Map.of("network", "198.18.2.0", "prefix", 24, "nexthop", "198.18.1.2"));\n'
    'int back = ec.registerResource("netns::Route", Map.of("network", "198.18.1.0", "prefix", 24, "nexthop", "198.18.2.1"));\n'
    "ec.registerConnection(there, a); ec.registerConnection(back, c);\n"
    'int ping = ec.registerResource("linux::Ping", Map.of("target", "198.18.2.2", "count", 10, "interval", 0.2));\n'
    "ec.registerConnection(ping, a);",
    "%deploy",
    "%wait finished ping",
    "%trace ping stdout --plot",
    "md:Throughput across the 20 Mbit/s link from `a`, measured with iperf3 (`json=true`: its report parses into a "
    "table of intervals). An iperf3 server is STARTED only once it listens (its `readyCheck` is `port:5201`, checked "
    "inside `c`'s namespace), so the client can start as soon as the server is STARTED, with no delay to guess:",
    'int server = ec.registerResource("linux::Iperf", Map.of("role", "server", "oneOff", true));\n'
    'int client = ec.registerResource("linux::Iperf", Map.of("role", "client", "target", "198.18.2.2", "duration", 2,\n'
    '        "json", true, "reportInterval", 0.5));\n'
    "ec.registerConnection(server, c); ec.registerConnection(client, a);\n"
    "ec.registerCondition(client, START, server, STARTED);",
    "%deploy",
    "%wait finished client",
    "%trace client stdout --table",
    "md:Releasing removes every namespace, link and route of this run.",
    "%release",
])

write("03-conditions.ipynb", [
    "md:# Ordering with conditions\n\n"
    "A server, a client that starts one second after the server started, and a second client "
    "that waits for the first to stop. `%timeline` shows when each entered each state.",
    'int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
    'int server = ec.registerResource("linux::Application", Map.of("command", "sleep 3"));\n'
    'int first = ec.registerResource("linux::Application", Map.of("command", "echo first; sleep 0.5"));\n'
    'int second = ec.registerResource("linux::Application", Map.of("command", "echo second"));\n'
    "for (int app : List.of(server, first, second)) ec.registerConnection(app, node);",
    'ec.registerCondition(first, START, server, STARTED, "1s");\n'
    "ec.registerCondition(second, START, first, STOPPED);\n"
    'ec.registerCondition(server, STOP, second, STOPPED, "200ms");',
    "%deploy",
    "%wait finished server first second",
    "%timeline",
    "md:The order held:",
    "ec.getStartTime(first).isAfter(ec.getStartTime(server).plusSeconds(1)) && !ec.getStartTime(second).isBefore(ec.getStopTime(first))",
    "%trace second stdout",
    "%release",
])

write("04-ssh.ipynb", [
    "md:# Hosts over SSH\n\n"
    "Nodes whose `hostname` is not this machine are reached over SSH. So that this notebook "
    "runs anywhere, the first cell starts a throwaway OpenSSH server on 127.0.0.1 with keys "
    "of its own; against a real host, set `hostname`, `username` and `identity` instead.",
    'Path sshDir = Files.createTempDirectory("nepi-notebook-sshd-");\n'
    'for (String key : List.of("host_key", "client_key"))\n'
    '    new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshDir.resolve(key).toString())\n'
    "            .inheritIO().start().waitFor();\n"
    'Files.copy(sshDir.resolve("client_key.pub"), sshDir.resolve("authorized_keys"));\n'
    "int sshPort;\n"
    "try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { sshPort = socket.getLocalPort(); }\n"
    'if (System.getProperty("user.name").equals("root")) Files.createDirectories(Path.of("/run/sshd"));\n'
    'Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-f", "/dev/null", "-p", String.valueOf(sshPort),\n'
    '        "-h", sshDir.resolve("host_key").toString(), "-E", sshDir.resolve("sshd.log").toString(),\n'
    '        "-o", "ListenAddress=127.0.0.1", "-o", "AuthorizedKeysFile=" + sshDir.resolve("authorized_keys"),\n'
    '        "-o", "StrictModes=no", "-o", "PidFile=none", "-o", "UsePAM=no").start();\n'
    "for (int i = 0; i < 100; i++) {\n"
    "    try (var probe = new Socket(InetAddress.getLoopbackAddress(), sshPort)) { break; } catch (IOException notYet) { Thread.sleep(50); }\n"
    "}\n"
    'String serverKey = String.join(" ", Arrays.copyOf(Files.readString(sshDir.resolve("host_key.pub")).trim().split(" "), 2));\n'
    '"sshd listening on 127.0.0.1:" + sshPort',
    "md:Two nodes, both on that server, each running a command; a collector gathers their standard "
    "output into this run's directory.",
    'Map<String, Object> ssh = Map.of("port", sshPort, "username", System.getProperty("user.name"),\n'
    '        "identity", sshDir.resolve("client_key").toString(), "serverKey", serverKey);\n'
    "var first = new HashMap<String, Object>(ssh); first.put(\"hostname\", \"127.0.0.1\");\n"
    "var second = new HashMap<String, Object>(ssh); second.put(\"hostname\", \"localhost\");\n"
    'int n1 = ec.registerResource("linux::Node", first);\n'
    'int n2 = ec.registerResource("linux::Node", second);\n'
    'int app1 = ec.registerResource("linux::Application", Map.of("command", "echo hello from $(hostname) over ssh"));\n'
    'int app2 = ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1", "count", 5, "interval", 0.2));\n'
    "ec.registerConnection(app1, n1); ec.registerConnection(app2, n2);\n"
    'int collector = ec.registerResource("linux::Collector", Map.of("traceName", "stdout", "subDir", "outputs"));\n'
    "ec.registerConnection(collector, app1); ec.registerConnection(collector, app2);",
    "%deploy",
    "%wait finished app1 app2",
    "%trace app1 stdout",
    "%trace app2 stdout --plot",
    "md:Release: the collector copies the traces, the nodes close their SSH connection.",
    "%release",
    "try (var files = Files.walk(ec.getRunDir().resolve(\"outputs\"))) {\n"
    "    files.filter(Files::isRegularFile).map(p -> p.getFileName() + \": \" + p.toFile().length() + \" bytes\").forEach(System.out::println);\n"
    "}",
    "md:Stop the throwaway server.",
    "sshd.destroy();\n"
    "sshd.waitFor();\n"
    "try (var files = Files.walk(sshDir)) { files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }",
])

write("05-custom-rm.ipynb", [
    "md:# A resource type of your own\n\n"
    "Any class extending `ResourceManager` and annotated with `@ResourceType` is a resource type. "
    "This one counts down, one number per period, writing each to its `count` trace, and stops "
    "by itself at zero.",
    "import java.time.Duration;",
    '@ResourceType(value = "demo::Countdown", help = "Counts down from \'from\' to zero, one number per \'period\' seconds")\n'
    "public class Countdown extends ResourceManager {\n"
    '    public static final Attribute<Integer> FROM = Attribute.ofInteger("from", "Where to start").withDefault(5).withRange(0, 1000);\n'
    '    public static final Attribute<Double> PERIOD = Attribute.ofDouble("period", "Seconds between numbers").withDefault(0.1);\n'
    '    public static final Trace COUNT = Trace.enabled("count", "The numbers, one per line");\n'
    "    private Path file;\n"
    "\n"
    "    public Countdown(ExperimentController ec, int guid) { super(ec, guid); }\n"
    "\n"
    "    @Override protected void doDeploy() throws Exception {\n"
    '        file = Files.createTempFile("countdown-" + getGuid() + "-", ".txt");\n'
    "        super.doDeploy();\n"
    "    }\n"
    "\n"
    "    @Override protected void doStart() throws Exception {\n"
    "        super.doStart();\n"
    "        tick(get(FROM));\n"
    "    }\n"
    "\n"
    "    private void tick(int n) {\n"
    "        try {\n"
    '            Files.writeString(file, n + "\\n", StandardOpenOption.APPEND);\n'
    "        } catch (IOException e) {\n"
    "            fail(e);\n"
    "            return;\n"
    "        }\n"
    "        if (n == 0) stop();\n"
    "        else getEc().schedule(Duration.ofMillis(Math.round(get(PERIOD) * 1000)), () -> tick(n - 1));\n"
    "    }\n"
    "\n"
    "    @Override protected void doRelease() throws Exception {\n"
    "        if (file != null) Files.deleteIfExists(file);\n"
    "        super.doRelease();\n"
    "    }\n"
    "\n"
    "    @Override public TraceSource traceSource(String name) {\n"
    "        return file == null ? null : TraceSource.ofFile(file);\n"
    "    }\n"
    "}",
    "ResourceFactory.registerType(Countdown.class);",
    "%help demo::Countdown",
    'int slow = ec.registerResource("demo::Countdown", Map.of("from", 5, "period", 0.2));\n'
    'int fast = ec.registerResource("demo::Countdown", Map.of("from", 10));\n'
    "ec.registerCondition(fast, START, slow, STOPPED);",
    "%deploy",
    "%wait finished slow fast",
    "%trace fast count --tail 3",
    "%timeline",
    "%release",
])

write("06-ns3.ipynb", [
    "md:# A simulated dumbbell in ns-3\n\n"
    "Two senders share one bottleneck: `s1` and `s2` reach router `r1` on 10 Mbit/s links, `r1` reaches `r2` "
    "through a 2 Mbit/s, 10 ms point-to-point link, and `r2` serves the sinks `k1` and `k2`. Everything below is "
    "simulated by ns-3 (the `libns3-dev` of this machine), with the same verbs as real hosts. The first run on a "
    "host builds NEPI's ns-3 driver (about a minute; the simulation's `build` trace shows the compiler), later "
    "runs reuse it.",
    'int host = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
    'int sim = ec.registerResource("linux::ns3::Simulation", Map.of("stopTime", "4.5s", "populateRoutingTables", true));\n'
    "ec.registerConnection(sim, host);\n"
    'ec.enableTrace(sim, "flowmon");\n'
    "\n"
    "// A simulated node with IPv4, UDP and TCP, in the simulation.\n"
    "IntSupplier node = () -> {\n"
    '    int n = ec.registerResource("ns3::Node", Map.of("enableStack", true));\n'
    "    ec.registerConnection(n, sim);\n"
    "    return n;\n"
    "};\n"
    "// A point-to-point link between nodes a and b, on network net.0/24 (a gets .1, b gets .2).\n"
    "void link(int a, int b, String net, String rate, String delay) {\n"
    '    int channel = ec.registerResource("ns3::PointToPointChannel", Map.of("Delay", delay));\n'
    "    for (int i = 0; i < 2; i++) {\n"
    '        int dev = ec.registerResource("ns3::PointToPointNetDevice",\n'
    '                Map.of("ip", net + "." + (i + 1), "prefix", 24, "DataRate", rate));\n'
    "        ec.registerConnection(dev, i == 0 ? a : b);\n"
    "        ec.registerConnection(dev, channel);\n"
    "    }\n"
    "}\n"
    "int s1 = node.getAsInt(), s2 = node.getAsInt(), r1 = node.getAsInt(), r2 = node.getAsInt();\n"
    "int k1 = node.getAsInt(), k2 = node.getAsInt();\n"
    'link(s1, r1, "10.1.1", "10Mbps", "1ms");\n'
    'link(s2, r1, "10.1.2", "10Mbps", "1ms");\n'
    'link(r1, r2, "10.0.0", "2Mbps", "10ms");   // the bottleneck\n'
    'link(r2, k1, "10.2.1", "10Mbps", "1ms");\n'
    'link(r2, k2, "10.2.2", "10Mbps", "1ms");',
    "md:`s1` sends 1.5 Mbit/s of UDP to `k1` from 0.5 s to 3 s; `s2` sends as fast as TCP lets it to `k2` "
    "from 1 s. The sinks' `throughput` traces sample what they receive every 100 ms of simulated time.",
    'int sink1 = ec.registerResource("ns3::PacketSink", Map.of("Local", "0.0.0.0:9"));\n'
    'int sink2 = ec.registerResource("ns3::PacketSink", Map.of("Local", "0.0.0.0:9", "Protocol", "ns3::TcpSocketFactory"));\n'
    'int udp = ec.registerResource("ns3::OnOffApplication", Map.of("Remote", "10.2.1.2:9", "DataRate", "1.5Mbps",\n'
    '        "PacketSize", "1000", "OffTime", "ns3::ConstantRandomVariable[Constant=0]", "StartTime", "0.5s", "StopTime", "3s"));\n'
    'int tcp = ec.registerResource("ns3::BulkSendApplication", Map.of("Remote", "10.2.2.2:9", "StartTime", "1s"));\n'
    "ec.registerConnection(sink1, k1); ec.registerConnection(sink2, k2);\n"
    "ec.registerConnection(udp, s1); ec.registerConnection(tcp, s2);",
    "md:`%deploy` checks the design, builds the driver if this host has none, and runs the simulation; "
    "`%wait` returns when ns-3 passed `stopTime`.",
    "%deploy",
    "%wait finished sim",
    "md:What `k1` received: the UDP flow at its 1.5 Mbit/s until `s1` stops at 3 s.",
    "%trace sink1 throughput --plot",
    "md:What `k2` received: TCP takes what the UDP flow leaves of the 2 Mbit/s bottleneck, then all of it.",
    "%trace sink2 throughput --plot",
    "md:ns-3's FlowMonitor saw every flow (TCP acknowledgements flow back, too): its table, as a DFLib data frame.",
    "import org.dflib.DataFrame;\n"
    "\n"
    'List<String> lines = ec.trace(sim, "flowmon").lines().toList();\n'
    'var flows = DataFrame.byArrayRow(lines.get(0).split("\\t")).appender();\n'
    "for (String line : lines.subList(1, lines.size())) {\n"
    "    // Numbers as numbers, so that the columns sort by value.\n"
    '    flows.append(Arrays.stream(line.split("\\t"))\n'
    '            .map(v -> v.matches("-?[0-9]+(\\\\.[0-9]+)?") ? (Object) Double.valueOf(v) : v).toArray());\n'
    "}\n"
    "flows.toDataFrame()",
    "%release",
])

write("07-fleet.ipynb", [
    "md:# A fleet of hosts, and an emulated network spanning three of them\n\n"
    "Ten SSH hosts of a local testbed (`sudo install/testbed.sh up 10` builds them on this machine: each a network "
    "namespace with its own sshd; `install/testbed.sh down` removes them). Against real hosts, list their addresses "
    "and give your key and `known_hosts` instead. `NEPI_TESTBED` says where the testbed's files are (default "
    "`/tmp/nepi-testbed`). netns nodes on them need root logins.",
    'Path testbed = Path.of(System.getenv().getOrDefault("NEPI_TESTBED", "/tmp/nepi-testbed"));\n'
    'List<String> addresses = Files.readAllLines(testbed.resolve("hosts"));\n'
    "List<Integer> hosts = new ArrayList<>();\n"
    "for (String address : addresses) {\n"
    '    hosts.add(ec.registerResource("linux::Node", Map.of("hostname", address, "username", "root",\n'
    '            "identity", testbed.resolve("id_ed25519").toString(), "knownHosts", testbed.resolve("known_hosts").toString())));\n'
    "}\n"
    '"hosts: " + hosts.size()',
    "md:One command on every host: each prints the address it has.",
    "List<Integer> apps = new ArrayList<>();\n"
    "for (int host : hosts) {\n"
    '    int app = ec.registerResource("linux::Application", Map.of("command", "ip -4 -o addr show scope global | awk \'{print $4}\'"));\n'
    "    ec.registerConnection(app, host);\n"
    "    apps.add(app);\n"
    "}",
    "md:An emulated network on three of the hosts: a `netns::Node` connected to a `linux::Node` is created on that "
    "host. The three share one `netns::Switch`; its ports are on three hosts, so it becomes a bridge on each, joined by "
    "VXLAN tunnels (MTU 1450: the tunnel's 50 bytes off the hosts' 1500). `a` sends at most 20 Mbit/s.",
    "int a = ec.registerResource(\"netns::Node\"), b = ec.registerResource(\"netns::Node\"), c = ec.registerResource(\"netns::Node\");\n"
    "ec.registerConnection(a, hosts.get(0)); ec.registerConnection(b, hosts.get(4)); ec.registerConnection(c, hosts.get(9));\n"
    'int sw = ec.registerResource("netns::Switch");\n'
    'int ia = ec.registerResource("netns::Interface", Map.of("ip", "198.18.90.1/24", "rate", "20mbit"));\n'
    'int ib = ec.registerResource("netns::Interface", Map.of("ip", "198.18.90.2/24"));\n'
    'int ic = ec.registerResource("netns::Interface", Map.of("ip", "198.18.90.3/24"));\n'
    "ec.registerConnection(ia, a); ec.registerConnection(ib, b); ec.registerConnection(ic, c);\n"
    "for (int i : List.of(ia, ib, ic)) ec.registerConnection(i, sw);\n"
    'int ping = ec.registerResource("linux::Ping", Map.of("target", "198.18.90.3", "count", 10, "interval", 0.2));\n'
    "ec.registerConnection(ping, a);\n"
    'int server = ec.registerResource("linux::Iperf", Map.of("role", "server", "oneOff", true));\n'
    'int client = ec.registerResource("linux::Iperf", Map.of("role", "client", "target", "198.18.90.2", "duration", 2,\n'
    '        "json", true, "reportInterval", 0.5));\n'
    "ec.registerConnection(server, b); ec.registerConnection(client, a);\n"
    "ec.registerCondition(client, START, server, STARTED);",
    "%deploy",
    "%wait finished ping client",
    "ec.waitFinished(apps);\n"
    'for (int app : apps) System.out.print(ec.trace(app, "stdout"));',
    "md:From `a` (on the first host) to `c` (on the tenth), through the switch's tunnels:",
    "%trace ping stdout --plot",
    "md:From `a` to `b` (on the fifth host), limited to 20 Mbit/s by `a`'s interface:",
    "%trace client stdout --table",
    "md:Release removes every namespace, bridge and tunnel of the run on every host, and closes the connections.",
    "%release",
])

write("08-libraries.ipynb", [
    "md:# A library from Maven Central, on an experiment's traces\n\n"
    "`%maven` resolves an artifact with its dependencies (as Maven does, through `~/.m2/settings.xml` and "
    "`~/.m2/repository`) and adds the jars to the session: cells, and RM types written in cells, can use them. "
    "Here Gson turns a ping's trace into a JSON document.",
    "%maven com.google.code.gson:gson:2.11.0",
    "md:`%classpath` lists what the session added, artifact by artifact (the kernel's own libraries are apart: "
    "a notebook may load any version of them).",
    "%classpath",
    "md:An experiment to measure: ten pings of this machine.",
    'int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
    'int ping = ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1", "count", 10, "interval", 0.2));\n'
    "ec.registerConnection(ping, node);",
    "%deploy",
    "%wait finished ping",
    "md:The trace, read from the experiment, becomes a JSON document with the library:",
    "import com.google.gson.*;\n"
    "import java.util.regex.Pattern;\n"
    "\n"
    'String stdout = ec.trace(ping, "stdout");\n'
    "JsonArray replies = new JsonArray();\n"
    'var reply = Pattern.compile("icmp_seq=(\\\\d+) ttl=\\\\d+ time=([0-9.]+) ms").matcher(stdout);\n'
    "while (reply.find()) {\n"
    "    JsonObject one = new JsonObject();\n"
    '    one.addProperty("seq", Integer.parseInt(reply.group(1)));\n'
    '    one.addProperty("rttMs", Double.parseDouble(reply.group(2)));\n'
    "    replies.add(one);\n"
    "}\n"
    "JsonObject summary = new JsonObject();\n"
    'summary.addProperty("experiment", ec.getExpId());\n'
    'summary.addProperty("target", "127.0.0.1");\n'
    'summary.add("replies", replies);\n'
    "String json = new GsonBuilder().setPrettyPrinting().create().toJson(summary);\n"
    "System.out.println(json);",
    "md:And back: the document parsed again, its replies counted.",
    'JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("replies").size()',
    "%release",
])
