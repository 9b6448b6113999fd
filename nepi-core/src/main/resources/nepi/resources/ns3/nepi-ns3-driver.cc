// nepi-ns3-driver: the one ns-3 program NEPI runs. Built once per host against the installed ns-3
// (pkg-config ns3-*) and cached by the hash of this source; NEPI describes the simulation in a
// text file and this program builds it from ns-3's own TypeIds and attributes, runs it, and
// reports on an event file what happened at which simulated time.
//
// Usage:
//   nepi-ns3-driver typeids               print every TypeId, its parent and its attributes
//                                         ("type NAME PARENT", "attr TYPE NAME VALUETYPE", "info TYPE NAME ACCEPTED")
//   nepi-ns3-driver check DESCRIPTION     build the simulation (every value checked) but do not run it
//   nepi-ns3-driver run DESCRIPTION EVENTS [CONTROL]
//                                         build it, run it, write events to EVENTS; with RealTime,
//                                         read run-time changes from the fifo CONTROL (below)
//
// The description is one command per line, fields separated by one space; the last field of
// "attr" is the rest of the line. Ids are NEPI guids.
//   impl Default|RealTime            checksum true|false        seed N        run N        stop TIME
//   node ID                          stack ID (install IPv4, ARP, ICMP, UDP, TCP on node ID)
//   object ID TYPEID                 attr ID NAME VALUE         (any ns-3 object created by TypeId)
//   attach DEVICE NODE CHANNEL       (a created device to its node and channel)
//   queue DEVICE QUEUE               (before its attach: the device's transmit queue instead of a 100-packet DropTail)
//   errormodel DEVICE MODEL          (the device's ReceiveErrorModel)
//   mobility NODE MODEL              (a created mobility model aggregated to a node: needed by Wi-Fi)
//   address DEVICE A.B.C.D PREFIX    route NODE NETWORK PREFIX NEXTHOP      globalrouting
//   app APP NODE OUTFILE             (a created application installed on a node; its lines to OUTFILE)
//   pcap DEVICE FILE                 ascii DEVICE FILE          flowmon FILE
//   throughput APP INTERVAL FILE     (an installed PacketSink's received Mbps, every INTERVAL, to FILE)
//   fd DEVICE NODE NAMESPACE IFNAME  (a created FdNetDevice on NODE, taking over interface IFNAME of the
//                                     network namespace NAMESPACE of this host: RealTime only, see Hybrid)
// (the last field of attr, app, pcap, ascii, flowmon and throughput is the rest of the line)
//
// Events (one per line, flushed once per simulated instant): "ready", "started ID T", "stopped ID T",
// "done T", "error TEXT"; T is the simulated time in seconds. Errors in the description exit with
// code 2 after "error".
//
// Run-time changes (RealTime only): one command per line on CONTROL, "set SEQ ID NAME VALUE" (VALUE
// the rest of the line): attribute NAME of object ID takes VALUE in the running simulation; the
// event "applied SEQ T" or "refused SEQ TEXT" answers it.
//
// Wi-Fi, propagation and mobility types live in the driver's Wi-Fi part, DRIVER-wifi.so
// (nepi-ns3-wifi.cc), loaded when a description first names one of them.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ns3;

// The Wi-Fi part of the driver (nepi-ns3-wifi.cc), a library loaded only by simulations that use
// Wi-Fi, propagation or mobility types: the same declaration is in its source.
struct NepiWifi
{
    Ptr<NetDevice> (*attach)(Ptr<NetDevice> configured,
                             const std::vector<std::string>& set,
                             Ptr<Node> node,
                             Ptr<Channel> channel);
    void (*trace)(Ptr<NetDevice> device, const std::string& file, bool ascii);
};

namespace
{

const NepiWifi* g_wifi = nullptr;
std::ofstream g_events;
std::ostream* g_eventOut = &std::cout;

// Output written while the simulation runs is flushed once per simulated instant, by one event
// scheduled at that instant after the events already there, instead of once per line: a thousand
// pings starting at 1 s are one write to the event file, not a thousand. NEPI follows the files as
// the simulation runs and still sees each instant's lines as soon as the simulation leaves it.
bool g_running = false;
bool g_flushScheduled = false;
std::vector<std::ostream*> g_unflushed;

void
FlushOutput()
{
    for (std::ostream* out : g_unflushed)
    {
        out->flush();
    }
    g_unflushed.clear();
    g_flushScheduled = false;
}

void
Written(std::ostream* out)
{
    if (!g_running)
    {
        out->flush();
        return;
    }
    g_unflushed.push_back(out);
    if (!g_flushScheduled)
    {
        g_flushScheduled = true;
        Simulator::ScheduleNow(&FlushOutput);
    }
}

void
Report(const std::string& line)
{
    *g_eventOut << line << '\n';
    Written(g_eventOut);
}

[[noreturn]] void
Fail(int lineNo, const std::string& message)
{
    std::ostringstream s;
    if (lineNo > 0)
    {
        s << "line " << lineNo << ": ";
    }
    s << message;
    Report("error " + s.str());
    FlushOutput();
    std::cerr << "nepi-ns3-driver: " << s.str() << std::endl;
    std::exit(2);
}

// Loads the Wi-Fi part, DRIVER-wifi.so beside this program; its types are registered from then on.
void
LoadWifi(int lineNo)
{
    if (g_wifi)
    {
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
    {
        Fail(lineNo, "cannot find the driver's own path to load its Wi-Fi part");
    }
    std::string path = std::string(exe, n) + "-wifi.so";
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib)
    {
        Fail(lineNo, std::string("cannot load the Wi-Fi part of the driver: ") + dlerror());
    }
    auto plugin = reinterpret_cast<const NepiWifi* (*)()>(dlsym(lib, "NepiWifiPlugin"));
    if (!plugin)
    {
        Fail(lineNo, path + " is not the driver's Wi-Fi part: " + dlerror());
    }
    g_wifi = plugin();
}

bool
IsA(Ptr<Object> object, const std::string& typeId)
{
    return object->GetInstanceTypeId().GetName() == typeId;
}

std::string
Secs(Time t)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(6) << t.GetSeconds();
    return s.str();
}

struct Obj
{
    std::string id;
    ObjectFactory factory;
    Ptr<Object> object; // created on first use, after its attributes
    std::vector<std::string> set; // the attributes given, by name
    // Attributes that ns-3 lets only be set on a created object (a mobility model's Position):
    // a factory given one aborts the program.
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> afterCreation;
};

struct App
{
    std::string id;
    Ptr<Application> app;
    std::shared_ptr<std::ofstream> out;
    uint64_t txPackets = 0;
    uint64_t txBytes = 0;
    uint64_t rxPackets = 0;
    uint64_t rxBytes = 0;
    Time firstRx;
    Time lastRx;
    // Throughput samples: the bytes received when the previous sample was taken.
    std::shared_ptr<std::ofstream> samples;
    Time interval;
    uint64_t sampledBytes = 0;
};

std::map<std::string, Obj> g_objects;
std::map<std::string, Ptr<Node>> g_nodes;
std::map<std::string, std::string> g_queueOf; // device id -> queue object id
std::vector<std::shared_ptr<App>> g_apps;

std::vector<std::string>
Split(const std::string& line, size_t max)
{
    std::vector<std::string> fields;
    size_t pos = 0;
    while (pos <= line.size() && fields.size() + 1 < max)
    {
        size_t next = line.find(' ', pos);
        if (next == std::string::npos)
        {
            break;
        }
        fields.push_back(line.substr(pos, next - pos));
        pos = next + 1;
    }
    fields.push_back(line.substr(pos));
    return fields;
}

// The value type's name without the "ns3::" that only some of them carry.
std::string
ValueType(const TypeId::AttributeInformation& info)
{
    std::string name = info.checker->GetValueTypeName();
    return name.rfind("ns3::", 0) == 0 ? name.substr(5) : name;
}

bool
IsIpv4(const std::string& text)
{
    std::istringstream in(text);
    std::string part;
    int parts = 0;
    while (std::getline(in, part, '.'))
    {
        if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(part) > 255)
        {
            return false;
        }
        parts++;
    }
    return parts == 4 && text.back() != '.';
}

// A value for an attribute, from the text NEPI sends: the attribute's own parser, except for
// addresses, which ns-3 serialises in a form nobody types: "10.0.0.2" and "10.0.0.2:9" are read
// as an IPv4 address and as an IPv4 socket address.
Ptr<AttributeValue>
ParseValue(const TypeId::AttributeInformation& info, const std::string& text)
{
    if (ValueType(info) == "AddressValue")
    {
        size_t colon = text.find(':');
        std::string ip = colon == std::string::npos ? text : text.substr(0, colon);
        if (!IsIpv4(ip))
        {
            return nullptr;
        }
        Ipv4Address address(ip.c_str());
        if (colon == std::string::npos)
        {
            return Create<AddressValue>(Address(address));
        }
        std::string port = text.substr(colon + 1);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(port) > 65535)
        {
            return nullptr;
        }
        return Create<AddressValue>(Address(InetSocketAddress(address, std::stoul(port))));
    }
    // QueueSize's parser aborts the program on a malformed value instead of refusing it: checked first.
    static const std::regex queueSize("[0-9]+(k|K|Ki|M|Mi)?[Bp]");
    if (ValueType(info) == "QueueSizeValue" && !std::regex_match(text, queueSize))
    {
        return nullptr;
    }
    // So do those of vectors and rectangles, and an object of an unknown TypeId (a random
    // variable "ns3::NoSuchVariable[...]") crashes it.
    static const std::string number = "[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?";
    static const std::regex vector3(number + ":" + number + ":" + number);
    static const std::regex vector2(number + ":" + number);
    static const std::regex rectangle(number + "[|]" + number + "[|]" + number + "[|]" + number);
    std::string type = ValueType(info);
    if ((type == "Vector3DValue" && !std::regex_match(text, vector3)) ||
        (type == "Vector2DValue" && !std::regex_match(text, vector2)) ||
        (type == "RectangleValue" && !std::regex_match(text, rectangle)))
    {
        return nullptr;
    }
    // So does Time's (a run-time change "2 parsecs" would end the simulation).
    static const std::regex time("[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?(y|d|h|min|s|ms|us|ns|ps|fs)?");
    if (type == "TimeValue" && !std::regex_match(text, time))
    {
        return nullptr;
    }
    if (type == "PointerValue" && text.rfind("ns3::", 0) == 0)
    {
        std::string name = text.substr(0, text.find('['));
        TypeId pointed;
        if (!TypeId::LookupByNameFailSafe(name, &pointed))
        {
            LoadWifi(0); // a propagation model, say
            if (!TypeId::LookupByNameFailSafe(name, &pointed))
            {
                return nullptr;
            }
        }
    }
    Ptr<AttributeValue> value = info.checker->Create();
    if (!value->DeserializeFromString(text, info.checker))
    {
        return nullptr;
    }
    return value;
}

Obj&
Find(int lineNo, const std::string& id)
{
    auto it = g_objects.find(id);
    if (it == g_objects.end())
    {
        Fail(lineNo, "no object #" + id);
    }
    return it->second;
}

Ptr<Object>
Instance(Obj& o)
{
    if (!o.object)
    {
        o.object = o.factory.Create();
        for (const auto& [name, value] : o.afterCreation)
        {
            o.object->SetAttribute(name, *value);
        }
    }
    return o.object;
}

Ptr<Node>
FindNode(int lineNo, const std::string& id)
{
    auto it = g_nodes.find(id);
    if (it == g_nodes.end())
    {
        Fail(lineNo, "no node #" + id);
    }
    return it->second;
}

template <class T>
Ptr<T>
As(int lineNo, const std::string& id, const std::string& what)
{
    Ptr<T> p = DynamicCast<T>(Instance(Find(lineNo, id)));
    if (!p)
    {
        Fail(lineNo, "object #" + id + " (" + Find(lineNo, id).factory.GetTypeId().GetName() +
                         ") is not " + what);
    }
    return p;
}

// What ns-3's device helpers do: the queue interface lets the traffic-control layer see the
// device's queue (without it, FqCoDel's quantum stays 0 and its dequeue never ends).
void
AddQueueInterface(Ptr<NetDevice> device, Ptr<Queue<Packet>> queue)
{
    Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
    ndqi->GetTxQueue(0)->ConnectQueueTraces(queue);
    device->AggregateObject(ndqi);
}

void
Attach(int lineNo, const std::string& devId, const std::string& nodeId, const std::string& chanId)
{
    Ptr<Node> node = FindNode(lineNo, nodeId);
    Ptr<NetDevice> dev = As<NetDevice>(lineNo, devId, "a net device");
    Ptr<Channel> chan = As<Channel>(lineNo, chanId, "a channel");
    // Its own queue, else the one ns-3's helpers give: DropTailQueue<Packet> of 100 packets.
    auto own = g_queueOf.find(devId);
    Ptr<Queue<Packet>> q = own != g_queueOf.end()
                               ? As<Queue<Packet>>(lineNo, own->second, "a packet queue")
                               : ObjectFactory("ns3::DropTailQueue<Packet>").Create<Queue<Packet>>();
    if (auto p2p = DynamicCast<PointToPointNetDevice>(dev))
    {
        auto c = DynamicCast<PointToPointChannel>(chan);
        if (!c)
        {
            Fail(lineNo, "device " + devId + " is point-to-point but channel " + chanId + " is not");
        }
        if (c->GetNDevices() >= 2)
        {
            Fail(lineNo, "point-to-point channel " + chanId + " already joins two devices");
        }
        p2p->SetAddress(Mac48Address::Allocate());
        node->AddDevice(p2p);
        p2p->SetQueue(q);
        AddQueueInterface(p2p, q);
        p2p->Attach(c);
    }
    else if (auto csma = DynamicCast<CsmaNetDevice>(dev))
    {
        auto c = DynamicCast<CsmaChannel>(chan);
        if (!c)
        {
            Fail(lineNo, "device " + devId + " is CSMA but channel " + chanId + " is not");
        }
        csma->SetAddress(Mac48Address::Allocate());
        node->AddDevice(csma);
        csma->SetQueue(q);
        AddQueueInterface(csma, q);
        csma->Attach(c);
    }
    else if (IsA(dev, "ns3::WifiNetDevice")) // a type of the Wi-Fi part, loaded when the device was created
    {
        if (!IsA(chan, "ns3::YansWifiChannel"))
        {
            Fail(lineNo, "device " + devId + " is Wi-Fi but channel " + chanId + " is not a YansWifiChannel");
        }
        if (!node->GetObject<Object>(TypeId::LookupByName("ns3::MobilityModel")))
        {
            Fail(lineNo, "the node of Wi-Fi device " + devId + " has no mobility model");
        }
        if (own != g_queueOf.end())
        {
            Fail(lineNo, "Wi-Fi device " + devId + " keeps its own queues");
        }
        Obj& o = Find(lineNo, devId);
        o.object = g_wifi->attach(dev, o.set, node, chan);
    }
    else
    {
        Fail(lineNo, "devices of type " + dev->GetInstanceTypeId().GetName() + " cannot be attached yet");
    }
}

void
Address4(int lineNo, const std::string& devId, const std::string& ip, const std::string& prefix)
{
    Ptr<NetDevice> dev = As<NetDevice>(lineNo, devId, "a net device");
    Ptr<Node> node = dev->GetNode();
    if (!node)
    {
        Fail(lineNo, "device " + devId + " is not attached to a node");
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        Fail(lineNo, "the node of device " + devId + " has no internet stack");
    }
    int32_t index = ipv4->GetInterfaceForDevice(dev);
    if (index < 0)
    {
        index = ipv4->AddInterface(dev);
    }
    std::string mask = "/" + prefix;
    ipv4->AddAddress(index, Ipv4InterfaceAddress(Ipv4Address(ip.c_str()), Ipv4Mask(mask.c_str())));
    ipv4->SetMetric(index, 1);
    ipv4->SetUp(index);
    // What Ipv4AddressHelper does: the device gets the default queue disc of ns-3's helpers.
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    if (tc && !tc->GetRootQueueDiscOnDevice(dev))
    {
        TrafficControlHelper::Default().Install(dev);
    }
}

// ---------------------------------------------------------------------------------------------
// Hybrid: a simulated FdNetDevice on a real interface of a network namespace of this host, as
// EmuFdNetDeviceHelper puts one on a host interface: a raw packet socket on the interface (opened
// inside its namespace, promiscuous while the driver holds it), so that the frames the interface
// receives from its veth peer enter the simulation and what the device sends leaves there. The
// device's reader thread hands frames to the simulator with ScheduleWithContext: RealTime only.

int
OpenRawSocket(int lineNo, const std::string& ns, const std::string& ifname)
{
    std::string path = "/run/netns/" + ns;
    int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0)
    {
        Fail(lineNo, "cannot open network namespace " + ns + " (" + path + "): " + std::strerror(errno));
    }
    int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0 || setns(target, CLONE_NEWNET) != 0)
    {
        Fail(lineNo, "cannot enter network namespace " + ns + ": " + std::strerror(errno) + " (needs root)");
    }
    // A socket stays in the namespace it was created in: only its creation happens in there.
    int fd = socket(PF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    int socketErrno = errno;
    unsigned index = fd >= 0 ? if_nametoindex(ifname.c_str()) : 0;
    if (setns(self, CLONE_NEWNET) != 0)
    {
        Fail(lineNo, std::string("cannot return to the driver's own network namespace: ") + std::strerror(errno));
    }
    close(self);
    close(target);
    if (fd < 0)
    {
        Fail(lineNo, "cannot open a raw socket in network namespace " + ns + ": " + std::strerror(socketErrno) +
                         " (needs root or CAP_NET_RAW)");
    }
    if (index == 0)
    {
        Fail(lineNo, "network namespace " + ns + " has no interface " + ifname);
    }
    struct sockaddr_ll ll = {};
    ll.sll_family = AF_PACKET;
    ll.sll_ifindex = index;
    ll.sll_protocol = htons(ETH_P_ALL);
    if (bind(fd, reinterpret_cast<struct sockaddr*>(&ll), sizeof(ll)) != 0)
    {
        Fail(lineNo, "cannot bind a raw socket to " + ifname + " in " + ns + ": " + std::strerror(errno));
    }
    // The simulated device has a MAC address of its own: the interface must pass on every frame.
    struct packet_mreq mr = {};
    mr.mr_ifindex = index;
    mr.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) != 0)
    {
        Fail(lineNo, "cannot make " + ifname + " in " + ns + " promiscuous: " + std::strerror(errno));
    }
    return fd;
}

void
AttachFd(int lineNo, const std::string& devId, const std::string& nodeId, const std::string& ns,
         const std::string& ifname, bool realTime)
{
    if (!realTime)
    {
        Fail(lineNo, "FdNetDevice " + devId + " needs the RealTime simulator (impl RealTime)");
    }
    Ptr<Node> node = FindNode(lineNo, nodeId);
    Ptr<FdNetDevice> dev = As<FdNetDevice>(lineNo, devId, "an FdNetDevice");
    // The real kernel drops IP packets whose checksums are not right.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    dev->SetAddress(Mac48Address::Allocate());
    node->AddDevice(dev);
    // As for the other devices (AddQueueInterface): the queue disc's quantum comes from it, else
    // FqCoDel dequeues forever. The device writes to the socket at once: its queue never stops.
    dev->AggregateObject(CreateObject<NetDeviceQueueInterface>());
    dev->SetFileDescriptor(OpenRawSocket(lineNo, ns, ifname));
}

void
Line(std::shared_ptr<App> a, const std::string& text)
{
    *a->out << Secs(Simulator::Now()) << " " << text << '\n';
    Written(a->out.get());
}

void
PingRtt(std::shared_ptr<App> a, std::string remote, Time rtt)
{
    a->rxPackets++;
    std::ostringstream s;
    s << "reply from " << remote << ": seq=" << (a->rxPackets - 1) << " time=" << std::fixed
      << std::setprecision(3) << rtt.GetSeconds() * 1000 << " ms";
    Line(a, s.str());
}

void
Tx(std::shared_ptr<App> a, Ptr<const Packet> p)
{
    a->txPackets++;
    a->txBytes += p->GetSize();
}

void
EchoTx(std::shared_ptr<App> a, Ptr<const Packet> p)
{
    Tx(a, p);
    Line(a, "sent " + std::to_string(p->GetSize()) + " bytes");
}

void
EchoRx(std::shared_ptr<App> a, Ptr<const Packet> p, const Address& from, const Address& to)
{
    a->rxPackets++;
    a->rxBytes += p->GetSize();
    std::ostringstream s;
    s << "received " << p->GetSize() << " bytes from ";
    if (InetSocketAddress::IsMatchingType(from))
    {
        s << InetSocketAddress::ConvertFrom(from).GetIpv4();
    }
    Line(a, s.str());
}

void
SinkRx(std::shared_ptr<App> a, Ptr<const Packet> p, const Address& from)
{
    if (a->rxPackets == 0)
    {
        a->firstRx = Simulator::Now();
    }
    a->rxPackets++;
    a->rxBytes += p->GetSize();
    a->lastRx = Simulator::Now();
}

// One line "T MBPS": what the sink received during the interval that ends at T; then the next one.
void
Sample(std::shared_ptr<App> a)
{
    double mbps = (a->rxBytes - a->sampledBytes) * 8.0 / a->interval.GetSeconds() / 1e6;
    a->sampledBytes = a->rxBytes;
    *a->samples << Secs(Simulator::Now()) << " " << std::fixed << std::setprecision(3) << mbps << '\n';
    Written(a->samples.get());
    Simulator::Schedule(a->interval, &Sample, a);
}

void
Started(std::shared_ptr<App> a)
{
    Report("started " + a->id + " " + Secs(Simulator::Now()));
}

void
Stopped(std::shared_ptr<App> a)
{
    std::string type = a->app->GetInstanceTypeId().GetName();
    if (type == "ns3::PacketSink")
    {
        double span = (a->lastRx - a->firstRx).GetSeconds();
        std::ostringstream s;
        s << "total " << a->rxBytes << " bytes in " << a->rxPackets << " packets";
        if (span > 0)
        {
            s << ", " << std::fixed << std::setprecision(3) << (a->rxBytes * 8.0 / span / 1e6)
              << " Mbps from first to last packet";
        }
        Line(a, s.str());
    }
    else if (type == "ns3::OnOffApplication" || type == "ns3::BulkSendApplication")
    {
        Line(a, "total sent " + std::to_string(a->txBytes) + " bytes in " + std::to_string(a->txPackets) +
                    " packets");
    }
    else if (type == "ns3::V4Ping")
    {
        Line(a, "received " + std::to_string(a->rxPackets) + " replies");
    }
    Report("stopped " + a->id + " " + Secs(Simulator::Now()));
}

void
InstallApp(int lineNo, const std::string& appId, const std::string& nodeId, const std::string& outFile)
{
    Ptr<Node> node = FindNode(lineNo, nodeId);
    auto a = std::make_shared<App>();
    a->id = appId;
    a->app = As<Application>(lineNo, appId, "an application");
    a->out = std::make_shared<std::ofstream>(outFile);
    if (!*a->out)
    {
        Fail(lineNo, "cannot write " + outFile);
    }
    node->AddApplication(a->app);
    std::string type = a->app->GetInstanceTypeId().GetName();
    if (type == "ns3::V4Ping")
    {
        Ipv4AddressValue remote;
        a->app->GetAttribute("Remote", remote);
        std::ostringstream r;
        r << remote.Get();
        a->app->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&PingRtt, a, r.str()));
    }
    else if (type == "ns3::UdpEchoClient")
    {
        a->app->TraceConnectWithoutContext("Tx", MakeBoundCallback(&EchoTx, a));
        a->app->TraceConnectWithoutContext("RxWithAddresses", MakeBoundCallback(&EchoRx, a));
    }
    else if (type == "ns3::UdpEchoServer")
    {
        a->app->TraceConnectWithoutContext("RxWithAddresses", MakeBoundCallback(&EchoRx, a));
    }
    else if (type == "ns3::PacketSink")
    {
        a->app->TraceConnectWithoutContext("Rx", MakeBoundCallback(&SinkRx, a));
    }
    else if (type == "ns3::OnOffApplication" || type == "ns3::BulkSendApplication")
    {
        a->app->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Tx, a));
    }
    g_apps.push_back(a);
}

void
DumpTypeIds()
{
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); i++)
    {
        TypeId tid = TypeId::GetRegistered(i);
        std::cout << "type " << tid.GetName() << " "
                  << (tid.GetParent() == tid ? std::string("-") : tid.GetParent().GetName()) << "\n";
        for (size_t j = 0; j < tid.GetAttributeN(); j++)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(j);
            std::cout << "attr " << tid.GetName() << " " << info.name << " " << ValueType(info) << "\n";
            // What values it takes, as ns-3 says it ("uint16_t 0:65535", "bool", enum names a|b|c):
            // NEPI checks values against it when they are set.
            if (info.checker->HasUnderlyingTypeInformation())
            {
                std::cout << "info " << tid.GetName() << " " << info.name << " "
                          << info.checker->GetUnderlyingTypeInformation() << "\n";
            }
        }
    }
}

struct Settings
{
    std::string impl = "Default";
    Time stop = Seconds(10);
    std::string flowmon;
    std::vector<std::pair<std::string, std::string>> pcap;
    std::vector<std::pair<std::string, std::string>> ascii;
    bool globalRouting = false;
};

// Reads and applies the description; returns what is applied only once every object exists.
Settings
Build(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        Fail(0, "cannot read the description " + path);
    }
    Settings settings;
    std::string line;
    int lineNo = 0;
    bool configured = false; // global settings must come before the first object
    while (std::getline(in, line))
    {
        lineNo++;
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        // The last field of these is the rest of the line: a value or a path may hold spaces.
        static const std::map<std::string, size_t> restOfLine = {{"attr", 4}, {"app", 4}, {"pcap", 3},
                                                                 {"ascii", 3}, {"flowmon", 2}, {"throughput", 4}};
        auto rest = restOfLine.find(line.substr(0, line.find(' ')));
        std::vector<std::string> f = Split(line, rest == restOfLine.end() ? 16 : rest->second);
        const std::string& op = f[0];
        auto need = [&](size_t n) {
            if (f.size() != n)
            {
                Fail(lineNo, "'" + op + "' takes " + std::to_string(n - 1) + " fields: " + line);
            }
        };
        if (op == "impl")
        {
            need(2);
            if (configured)
            {
                Fail(lineNo, "impl must come before the first object");
            }
            settings.impl = f[1];
            if (f[1] == "RealTime")
            {
                GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
            }
            else if (f[1] != "Default")
            {
                Fail(lineNo, "impl is Default or RealTime, not " + f[1]);
            }
        }
        else if (op == "checksum")
        {
            need(2);
            GlobalValue::Bind("ChecksumEnabled", BooleanValue(f[1] == "true"));
        }
        else if (op == "seed")
        {
            need(2);
            RngSeedManager::SetSeed(std::stoul(f[1]));
        }
        else if (op == "run")
        {
            need(2);
            RngSeedManager::SetRun(std::stoull(f[1]));
        }
        else if (op == "stop")
        {
            need(2);
            settings.stop = Time(f[1]);
        }
        else if (op == "node")
        {
            need(2);
            configured = true;
            g_nodes[f[1]] = CreateObject<Node>();
        }
        else if (op == "stack")
        {
            need(2);
            static InternetStackHelper stack; // one for every node, as a script installs a container
            stack.Install(FindNode(lineNo, f[1]));
        }
        else if (op == "object")
        {
            need(3);
            configured = true;
            TypeId tid;
            if (!TypeId::LookupByNameFailSafe(f[2], &tid))
            {
                // Wi-Fi, propagation and mobility types are registered once the Wi-Fi part is loaded.
                LoadWifi(lineNo);
                if (!TypeId::LookupByNameFailSafe(f[2], &tid))
                {
                    Fail(lineNo, "ns-3 has no TypeId " + f[2]);
                }
            }
            Obj o;
            o.id = f[1];
            o.factory.SetTypeId(tid);
            g_objects[f[1]] = o;
        }
        else if (op == "attr")
        {
            need(4);
            Obj& o = Find(lineNo, f[1]);
            TypeId tid = o.factory.GetTypeId();
            TypeId::AttributeInformation info;
            if (!tid.LookupAttributeByName(f[2], &info))
            {
                Fail(lineNo, tid.GetName() + " #" + f[1] + " has no attribute " + f[2]);
            }
            Ptr<AttributeValue> value = ParseValue(info, f[3]);
            if (!value)
            {
                Fail(lineNo, tid.GetName() + " #" + f[1] + ": attribute " + f[2] + " cannot be \"" + f[3] +
                                 "\" (a " + ValueType(info) + " is expected)");
            }
            if (info.flags & TypeId::ATTR_CONSTRUCT)
            {
                o.factory.Set(f[2], *value);
            }
            else
            {
                o.afterCreation.emplace_back(f[2], value);
            }
            o.set.push_back(f[2]);
        }
        else if (op == "attach")
        {
            need(4);
            Attach(lineNo, f[1], f[2], f[3]);
        }
        else if (op == "queue")
        {
            need(3);
            As<NetDevice>(lineNo, f[1], "a net device");
            As<Queue<Packet>>(lineNo, f[2], "a packet queue");
            g_queueOf[f[1]] = f[2];
        }
        else if (op == "errormodel")
        {
            need(3);
            Ptr<NetDevice> dev = As<NetDevice>(lineNo, f[1], "a net device");
            Ptr<ErrorModel> model = As<ErrorModel>(lineNo, f[2], "an error model");
            if (!dev->SetAttributeFailSafe("ReceiveErrorModel", PointerValue(model)))
            {
                Fail(lineNo, "device " + f[1] + " (" + dev->GetInstanceTypeId().GetName() +
                                 ") takes no receive error model");
            }
        }
        else if (op == "mobility")
        {
            need(3);
            LoadWifi(lineNo); // mobility is in the Wi-Fi part
            TypeId mobility = TypeId::LookupByName("ns3::MobilityModel");
            Ptr<Node> node = FindNode(lineNo, f[1]);
            Ptr<Object> model = Instance(Find(lineNo, f[2]));
            if (!model->GetInstanceTypeId().IsChildOf(mobility))
            {
                Fail(lineNo, "object #" + f[2] + " (" + model->GetInstanceTypeId().GetName() +
                                 ") is not a mobility model");
            }
            if (node->GetObject<Object>(mobility))
            {
                Fail(lineNo, "node " + f[1] + " has a mobility model already");
            }
            node->AggregateObject(model);
        }
        else if (op == "address")
        {
            need(4);
            Address4(lineNo, f[1], f[2], f[3]);
        }
        else if (op == "route")
        {
            need(5);
            Ptr<Ipv4> ipv4 = FindNode(lineNo, f[1])->GetObject<Ipv4>();
            if (!ipv4)
            {
                Fail(lineNo, "node " + f[1] + " has no internet stack for a route");
            }
            if (!IsIpv4(f[2]) || !IsIpv4(f[4]))
            {
                Fail(lineNo, "route needs IPv4 addresses: " + line);
            }
            Ipv4Address via(f[4].c_str());
            int32_t out = -1;
            for (uint32_t i = 0; i < ipv4->GetNInterfaces() && out < 0; i++)
            {
                for (uint32_t j = 0; j < ipv4->GetNAddresses(i); j++)
                {
                    Ipv4InterfaceAddress a = ipv4->GetAddress(i, j);
                    if (a.GetMask().IsMatch(a.GetLocal(), via) && a.GetLocal() != Ipv4Address::GetLoopback())
                    {
                        out = i;
                    }
                }
            }
            if (out < 0)
            {
                Fail(lineNo, "next hop " + f[4] + " of node " + f[1] + " is on none of its networks");
            }
            Ipv4StaticRoutingHelper helper;
            std::string mask = "/" + f[3];
            helper.GetStaticRouting(ipv4)->AddNetworkRouteTo(Ipv4Address(f[2].c_str()),
                                                               Ipv4Mask(mask.c_str()),
                                                               via,
                                                               out);
        }
        else if (op == "fd")
        {
            need(5);
            AttachFd(lineNo, f[1], f[2], f[3], f[4], settings.impl == "RealTime");
        }
        else if (op == "globalrouting")
        {
            need(1);
            settings.globalRouting = true;
        }
        else if (op == "app")
        {
            need(4);
            InstallApp(lineNo, f[1], f[2], f[3]);
        }
        else if (op == "pcap")
        {
            need(3);
            As<NetDevice>(lineNo, f[1], "a net device");
            settings.pcap.emplace_back(f[1], f[2]);
        }
        else if (op == "ascii")
        {
            need(3);
            As<NetDevice>(lineNo, f[1], "a net device");
            settings.ascii.emplace_back(f[1], f[2]);
        }
        else if (op == "flowmon")
        {
            need(2);
            settings.flowmon = f[1];
        }
        else if (op == "throughput")
        {
            need(4);
            std::shared_ptr<App> sink;
            for (auto& a : g_apps)
            {
                sink = a->id == f[1] ? a : sink;
            }
            if (!sink || sink->app->GetInstanceTypeId().GetName() != "ns3::PacketSink")
            {
                Fail(lineNo, "throughput is sampled on an installed ns3::PacketSink, not on " + f[1]);
            }
            TimeValue interval;
            if (!interval.DeserializeFromString(f[2], MakeTimeChecker()) || !interval.Get().IsStrictlyPositive())
            {
                Fail(lineNo, "the throughput interval must be a positive time, e.g. 100ms, not " + f[2]);
            }
            sink->interval = interval.Get();
            sink->samples = std::make_shared<std::ofstream>(f[3]);
            if (!*sink->samples)
            {
                Fail(lineNo, "cannot write " + f[3]);
            }
            *sink->samples << "time Mbps" << std::endl;
        }
        else
        {
            Fail(lineNo, "unknown command '" + op + "'");
        }
    }
    if (settings.globalRouting)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    return settings;
}

void
EnableTraces(const Settings& settings)
{
    PointToPointHelper p2p;
    CsmaHelper csma;
    AsciiTraceHelper ascii;
    for (const auto& [id, file] : settings.pcap)
    {
        Ptr<NetDevice> dev = DynamicCast<NetDevice>(g_objects[id].object);
        if (DynamicCast<PointToPointNetDevice>(dev))
        {
            p2p.EnablePcap(file, dev, false, true);
        }
        else if (DynamicCast<CsmaNetDevice>(dev))
        {
            csma.EnablePcap(file, dev, false, true);
        }
        else if (IsA(dev, "ns3::WifiNetDevice"))
        {
            g_wifi->trace(dev, file, false);
        }
        else if (DynamicCast<FdNetDevice>(dev))
        {
            FdNetDeviceHelper().EnablePcap(file, dev, false, true);
        }
    }
    for (const auto& [id, file] : settings.ascii)
    {
        Ptr<NetDevice> dev = DynamicCast<NetDevice>(g_objects[id].object);
        if (IsA(dev, "ns3::WifiNetDevice"))
        {
            g_wifi->trace(dev, file, true);
            continue;
        }
        Ptr<OutputStreamWrapper> stream = ascii.CreateFileStream(file);
        if (DynamicCast<PointToPointNetDevice>(dev))
        {
            p2p.EnableAscii(stream, dev);
        }
        else if (DynamicCast<CsmaNetDevice>(dev))
        {
            csma.EnableAscii(stream, dev);
        }
    }
}

void
WriteFlows(FlowMonitorHelper& helper, Ptr<FlowMonitor> monitor, const std::string& file)
{
    monitor->CheckForLostPackets();
    Ptr<Ipv4FlowClassifier> classifier = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    std::ofstream out(file);
    out << "flow\tsource\tdestination\tprotocol\ttxPackets\trxPackets\ttxBytes\trxBytes\tlostPackets"
           "\tmeanDelayMs\tmeanJitterMs\tthroughputMbps\n";
    for (const auto& [id, st] : monitor->GetFlowStats())
    {
        Ipv4FlowClassifier::FiveTuple t = classifier->FindFlow(id);
        double span = (st.timeLastRxPacket - st.timeFirstTxPacket).GetSeconds();
        out << id << "\t" << t.sourceAddress << ":" << t.sourcePort << "\t" << t.destinationAddress << ":"
            << t.destinationPort << "\t" << (t.protocol == 6 ? std::string("TCP") : t.protocol == 17 ? std::string("UDP") : std::to_string(t.protocol))
            << "\t" << st.txPackets << "\t" << st.rxPackets << "\t" << st.txBytes << "\t" << st.rxBytes
            << "\t" << st.lostPackets << "\t" << std::fixed << std::setprecision(3)
            << (st.rxPackets ? st.delaySum.GetSeconds() * 1000 / st.rxPackets : 0.0) << "\t"
            << (st.rxPackets > 1 ? st.jitterSum.GetSeconds() * 1000 / (st.rxPackets - 1) : 0.0) << "\t"
            << (span > 0 ? st.rxBytes * 8.0 / span / 1e6 : 0.0) << "\n";
        out.unsetf(std::ios::fixed);
    }
}

// ---------------------------------------------------------------------------------------------
// Run-time changes (RealTime only). A thread of its own reads the control fifo and hands every
// command to the simulator's thread with ScheduleWithContext, the one call of a running
// RealtimeSimulatorImpl that other threads may make; the objects are only touched there.

void
Refuse(std::string seq, std::string why)
{
    Report("refused " + seq + " " + why);
}

void
ApplySet(std::string seq, std::string id, std::string name, std::string text)
{
    auto it = g_objects.find(id);
    if (it == g_objects.end() || !it->second.object)
    {
        Refuse(seq, "no object #" + id + " in this simulation");
        return;
    }
    Ptr<Object> object = it->second.object;
    TypeId tid = object->GetInstanceTypeId();
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        Refuse(seq, tid.GetName() + " #" + id + " has no attribute " + name);
        return;
    }
    if (!(info.flags & TypeId::ATTR_SET))
    {
        Refuse(seq, tid.GetName() + " #" + id + ": ns-3 does not let attribute " + name + " change");
        return;
    }
    Ptr<AttributeValue> value = ParseValue(info, text);
    if (!value)
    {
        Refuse(seq, tid.GetName() + " #" + id + ": attribute " + name + " cannot be \"" + text + "\" (a " +
                        ValueType(info) + " is expected)");
        return;
    }
    if (!object->SetAttributeFailSafe(name, *value))
    {
        Refuse(seq, tid.GetName() + " #" + id + ": ns-3 refused " + name + " = \"" + text + "\"");
        return;
    }
    Report("applied " + seq + " " + Secs(Simulator::Now()));
}

void
ReadControl(int fd)
{
    FILE* in = fdopen(fd, "r");
    char* buffer = nullptr;
    size_t size = 0;
    ssize_t n;
    while (in && (n = getline(&buffer, &size, in)) >= 0)
    {
        std::string line(buffer, n);
        if (!line.empty() && line.back() == '\n')
        {
            line.pop_back();
        }
        std::vector<std::string> f = Split(line, 5);
        if (f.size() == 5 && f[0] == "set")
        {
            Simulator::ScheduleWithContext(Simulator::NO_CONTEXT, Time(0), &ApplySet, f[1], f[2], f[3], f[4]);
        }
        else if (f.size() > 1)
        {
            Simulator::ScheduleWithContext(Simulator::NO_CONTEXT, Time(0), &Refuse, f[1],
                                           std::string("not a command: ") + line);
        }
    }
    free(buffer);
}

// Opened read-write, so that the fifo never reads as ended between two writers.
void
FollowControl(const std::string& path)
{
    int fd = open(path.c_str(), O_RDWR);
    if (fd < 0)
    {
        Fail(0, "cannot open the control fifo " + path + ": " + std::strerror(errno));
    }
    std::thread(&ReadControl, fd).detach();
}

} // namespace

int
main(int argc, char** argv)
{
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "typeids" && argc == 2)
    {
        LoadWifi(0);
        DumpTypeIds();
        return 0;
    }
    if (!((mode == "check" && argc == 3) || (mode == "run" && (argc == 4 || argc == 5))))
    {
        std::cerr << "usage: nepi-ns3-driver typeids | check DESCRIPTION | run DESCRIPTION EVENTS [CONTROL]"
                  << std::endl;
        return 64;
    }
    if (mode == "run")
    {
        g_events.open(argv[3], std::ios::out | std::ios::app);
        if (!g_events)
        {
            std::cerr << "nepi-ns3-driver: cannot write " << argv[3] << std::endl;
            return 2;
        }
        g_eventOut = &g_events;
    }
    Settings settings = Build(argv[2]);
    // Objects created with no use in the description (a channel no device attached to) are created too.
    for (auto& [id, o] : g_objects)
    {
        Instance(o);
    }
    if (mode == "check")
    {
        Simulator::Destroy();
        std::cout << "ok" << std::endl;
        return 0;
    }
    EnableTraces(settings);
    FlowMonitorHelper flowHelper;
    Ptr<FlowMonitor> monitor;
    if (!settings.flowmon.empty())
    {
        monitor = flowHelper.InstallAll();
    }
    for (auto& a : g_apps)
    {
        TimeValue start;
        TimeValue stop;
        a->app->GetAttribute("StartTime", start);
        a->app->GetAttribute("StopTime", stop);
        Simulator::Schedule(start.Get(), &Started, a);
        if (a->samples)
        {
            Simulator::Schedule(start.Get() + a->interval, &Sample, a);
        }
        // An application with no StopTime (0) runs to the end of the simulation.
        Time end = stop.Get().IsStrictlyPositive() && stop.Get() < settings.stop ? stop.Get() : settings.stop;
        if (end > start.Get())
        {
            Simulator::Schedule(end, &Stopped, a);
        }
    }
    Simulator::Stop(settings.stop);
    if (argc == 5)
    {
        if (settings.impl != "RealTime")
        {
            Fail(0, "run-time changes need the RealTime simulator");
        }
        FollowControl(argv[4]);
    }
    Report("ready");
    g_running = true;
    Simulator::Run();
    g_running = false;
    // What the last instant wrote: its flush event may come after the simulation's stop.
    FlushOutput();
    if (monitor)
    {
        WriteFlows(flowHelper, monitor, settings.flowmon);
    }
    for (auto& a : g_apps)
    {
        a->out->flush();
    }
    Report("done " + Secs(Simulator::Now()));
    Simulator::Destroy();
    return 0;
}
