package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeProvider;

/** Makes the ns-3 family known to the resource factory. */
public final class Ns3Types implements ResourceTypeProvider {

    @Override
    public List<Class<? extends ResourceManager>> resourceTypes() {
        return List.of(
                Ns3Simulation.class,
                Ns3Node.class,
                Ns3PointToPointNetDevice.class,
                Ns3PointToPointChannel.class,
                Ns3CsmaNetDevice.class,
                Ns3CsmaChannel.class,
                Ns3WifiNetDevice.class,
                Ns3FdNetDevice.class,
                Ns3YansWifiChannel.class,
                Ns3ConstantPositionMobilityModel.class,
                Ns3RandomWalk2dMobilityModel.class,
                Ns3DropTailQueue.class,
                Ns3RateErrorModel.class,
                Ns3Route.class,
                Ns3V4Ping.class,
                Ns3UdpEchoServer.class,
                Ns3UdpEchoClient.class,
                Ns3OnOffApplication.class,
                Ns3PacketSink.class,
                Ns3BulkSendApplication.class);
    }
}
