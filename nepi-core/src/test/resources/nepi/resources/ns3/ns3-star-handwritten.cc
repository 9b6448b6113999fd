// The floor of Ns3Benchmark: the same star as NEPI's, written by hand with ns-3's helpers.
// A hub and N-1 leaves, each on its own point-to-point link (5Mbps, 2ms, 10.a.b.0/24), each
// leaf pinging the hub once at 1 s; the simulation stops at 2 s. Prints the replies received.
//
// Usage: ns3-star-handwritten N
#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>
#include <string>

using namespace ns3;

static uint32_t g_replies = 0;

static void
Reply(Time rtt)
{
    g_replies++;
}

int
main(int argc, char** argv)
{
    uint32_t n = argc > 1 ? std::stoul(argv[1]) : 100;
    NodeContainer hub;
    hub.Create(1);
    NodeContainer leaves;
    leaves.Create(n - 1);
    InternetStackHelper stack;
    stack.Install(hub);
    stack.Install(leaves);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("5Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    Ipv4AddressHelper addresses;
    for (uint32_t i = 1; i < n; i++)
    {
        NetDeviceContainer devices = p2p.Install(hub.Get(0), leaves.Get(i - 1));
        std::string net = "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0";
        addresses.SetBase(net.c_str(), "255.255.255.0");
        Ipv4InterfaceContainer ifs = addresses.Assign(devices);
        V4PingHelper ping(ifs.GetAddress(0));
        ApplicationContainer app = ping.Install(leaves.Get(i - 1));
        app.Start(Seconds(1));
        app.Stop(Seconds(1.5));
        app.Get(0)->TraceConnectWithoutContext("Rtt", MakeCallback(&Reply));
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    Simulator::Destroy();
    std::cout << "replies " << g_replies << std::endl;
    return 0;
}
