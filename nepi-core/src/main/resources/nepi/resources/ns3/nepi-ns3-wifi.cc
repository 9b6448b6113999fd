// The Wi-Fi part of nepi-ns3-driver: a library built beside the driver (DRIVER-wifi.so) that the
// driver loads only for a simulation that uses Wi-Fi, propagation or mobility types. ns-3's Wi-Fi
// module and those it needs (propagation, mobility, spectrum, antenna, energy) take about 30 ms
// and 12 MB to load and initialise their types, a third of the run time of a 100-node
// point-to-point simulation that has no use for them.
//
// The driver finds it with dlopen and calls NepiWifiPlugin() for the table below (declared the
// same way in nepi-ns3-driver.cc).

#include "ns3/core-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/propagation-module.h"
#include "ns3/wifi-module.h"

#include <string>
#include <vector>

using namespace ns3;

struct NepiWifi
{
    // Builds Wi-Fi device `configured` (created by TypeId, given the attributes named in `set`) on
    // `node` and `channel` (a YansWifiChannel); returns the device built.
    Ptr<NetDevice> (*attach)(Ptr<NetDevice> configured,
                             const std::vector<std::string>& set,
                             Ptr<Node> node,
                             Ptr<Channel> channel);
    // Writes the pcap (802.11 with radiotap) or, when `ascii`, the ASCII trace of a Wi-Fi device to `file`.
    void (*trace)(Ptr<NetDevice> device, const std::string& file, bool ascii);
};

namespace
{

Ptr<NetDevice>
Attach(Ptr<NetDevice> configured, const std::vector<std::string>& set, Ptr<Node> node, Ptr<Channel> channel)
{
    Ptr<YansWifiChannel> c = DynamicCast<YansWifiChannel>(channel);
    // What YansWifiChannelHelper::Default gives a channel that was given no models.
    PointerValue loss;
    c->GetAttribute("PropagationLossModel", loss);
    if (!loss.Get<PropagationLossModel>())
    {
        c->SetPropagationLossModel(CreateObject<LogDistancePropagationLossModel>());
    }
    PointerValue delay;
    c->GetAttribute("PropagationDelayModel", delay);
    if (!delay.Get<PropagationDelayModel>())
    {
        c->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
    }
    // An ad hoc device as ns-3's Wi-Fi helpers build it (PHY, MAC, rate manager, queues); the
    // attributes given to the device are then set on it.
    WifiHelper wifi;
    YansWifiPhyHelper phy;
    phy.SetChannel(c);
    WifiMacHelper mac;
    mac.SetType("ns3::AdhocWifiMac");
    Ptr<NetDevice> built = wifi.Install(phy, mac, node).Get(0);
    for (const std::string& name : set)
    {
        TypeId::AttributeInformation info;
        configured->GetInstanceTypeId().LookupAttributeByName(name, &info);
        Ptr<AttributeValue> value = info.checker->Create();
        configured->GetAttribute(name, *value);
        built->SetAttribute(name, *value);
    }
    return built;
}

void
Trace(Ptr<NetDevice> device, const std::string& file, bool ascii)
{
    YansWifiPhyHelper wifi;
    if (ascii)
    {
        AsciiTraceHelper helper;
        wifi.EnableAscii(helper.CreateFileStream(file), device);
    }
    else
    {
        wifi.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
        wifi.EnablePcap(file, device, false, true);
    }
}

const NepiWifi g_plugin = {&Attach, &Trace};

} // namespace

extern "C" const NepiWifi*
NepiWifiPlugin()
{
    return &g_plugin;
}
