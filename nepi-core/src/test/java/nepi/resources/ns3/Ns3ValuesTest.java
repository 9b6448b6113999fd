package nepi.resources.ns3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ns-3 attribute values against the value types and bounds of the bundled ns-3 3.37 TypeIds. */
class Ns3ValuesTest {

    private final Ns3TypeIds ids = Ns3TypeIds.bundled();

    @Test
    void dataRatesInNs3sUnitsAreAcceptedAndATypoIsRefusedWithExamples() {
        for (String ok : new String[] {"5Mbps", "1Gbps", "100kbps", "1.5Mb/s", "64KiBps", "9600"}) {
            assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "DataRate", ok))
                    .as(ok)
                    .isEmpty();
        }
        assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "DataRate", "5Mbs"))
                .contains("DataRate cannot be \"5Mbs\": a data rate such as 5Mbps, 1Gbps, 100kbps (bps, b/s, Bps or"
                        + " B/s after an optional k, K, Ki, M, Mi, G or Gi)");
        assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "DataRate", "5 Mbps"))
                .isPresent();
    }

    @Test
    void timesNeedAKnownUnitOrNoneForSeconds() {
        for (String ok : new String[] {"2ms", "1s", "1.5min", "0ns", "3", "+1e9ns", "2h"}) {
            assertThat(ids.valueProblem("ns3::V4Ping", "Interval", ok)).as(ok).isEmpty();
        }
        assertThat(ids.valueProblem("ns3::V4Ping", "StartTime", "1sec")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("StartTime cannot be \"1sec\": a time such as 2ms, 1s or 1.5min"));
        assertThat(ids.valueProblem("ns3::PointToPointChannel", "Delay", "two ms"))
                .isPresent();
    }

    @Test
    void wholeNumbersAreCheckedAgainstNs3sBounds() {
        assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "Mtu", "1500"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "Mtu", "70000"))
                .contains("Mtu cannot be \"70000\": a whole number from 0 to 65535");
        assertThat(ids.valueProblem("ns3::PointToPointNetDevice", "Mtu", "1500.5"))
                .isPresent();
        // An inherited attribute: V4Ping's Size is its own, at least 16 bytes.
        assertThat(ids.valueProblem("ns3::V4Ping", "Size", "8"))
                .contains("Size cannot be \"8\": a whole number from 16 to 4294967295");
        assertThat(ids.valueProblem("ns3::UdpEchoClient", "MaxPackets", "-1"))
                .hasValueSatisfying(p -> assertThat(p).contains("a whole number from 0 to"));
    }

    @Test
    void booleansEnumsAndDoublesTakeWhatNs3Parses() {
        assertThat(ids.valueProblem("ns3::V4Ping", "Verbose", "true")).isEmpty();
        assertThat(ids.valueProblem("ns3::V4Ping", "Verbose", "0")).isEmpty();
        assertThat(ids.valueProblem("ns3::V4Ping", "Verbose", "yes"))
                .contains("Verbose cannot be \"yes\": true or false");
        assertThat(ids.valueProblem("ns3::RateErrorModel", "ErrorUnit", "ERROR_UNIT_PACKET"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::RateErrorModel", "ErrorUnit", "PACKET"))
                .contains("ErrorUnit cannot be \"PACKET\": one of ERROR_UNIT_BIT, ERROR_UNIT_BYTE,"
                        + " ERROR_UNIT_PACKET");
        assertThat(ids.valueProblem("ns3::RateErrorModel", "ErrorRate", "0.25")).isEmpty();
        assertThat(ids.valueProblem("ns3::RateErrorModel", "ErrorRate", "1e-3")).isEmpty();
        assertThat(ids.valueProblem("ns3::RateErrorModel", "ErrorRate", "25%"))
                .contains("ErrorRate cannot be \"25%\": a number such as 0.25 or 1e-3");
    }

    @Test
    void addressesAndQueueSizesAreCheckedAsTheDriverReadsThem() {
        assertThat(ids.valueProblem("ns3::V4Ping", "Remote", "10.0.0.2")).isEmpty();
        assertThat(ids.valueProblem("ns3::V4Ping", "Remote", "10.0.0.256"))
                .contains("Remote cannot be \"10.0.0.256\": an IPv4 address such as 10.0.0.2");
        assertThat(ids.valueProblem("ns3::OnOffApplication", "Remote", "10.0.0.2:9"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::OnOffApplication", "Remote", "10.0.0.2:99999"))
                .hasValueSatisfying(p -> assertThat(p).contains("an address and a port such as 10.0.0.2:9"));
        assertThat(ids.valueProblem(Ns3DropTailQueue.TYPE_ID, "MaxSize", "64KiB"))
                .isEmpty();
        assertThat(ids.valueProblem(Ns3DropTailQueue.TYPE_ID, "MaxSize", "10 parcels"))
                .hasValueSatisfying(p -> assertThat(p).startsWith("MaxSize cannot be \"10 parcels\": a queue size"));
    }

    @Test
    void positionsAndBoundsOnWhichNs3WouldAbortAreChecked() {
        assertThat(ids.valueProblem("ns3::ConstantPositionMobilityModel", "Position", "10:0:-2.5"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::ConstantPositionMobilityModel", "Position", "0:zero:0"))
                .contains("Position cannot be \"0:zero:0\": a position or vector x:y:z in metres, such as 10:0:0");
        assertThat(ids.valueProblem("ns3::RandomWalk2dMobilityModel", "Bounds", "0|100|0|100"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::RandomWalk2dMobilityModel", "Bounds", "0|100|zero|100"))
                .contains("Bounds cannot be \"0|100|zero|100\": a rectangle xMin|xMax|yMin|yMax in metres, such as"
                        + " 0|100|0|100");
    }

    @Test
    void objectsNamedByAnUnknownTypeIdAreRefusedWithTheClosestNames() {
        assertThat(ids.valueProblem("ns3::RateErrorModel", "RanVar", "ns3::UniformRandomVariable[Max=2]"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::RateErrorModel", "RanVar", "ns3::UniformRandomVariabel[Max=2]"))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("RanVar cannot be \"ns3::UniformRandomVariabel[Max=2]\": ns-3 has no TypeId"
                                + " ns3::UniformRandomVariabel")
                        .contains("ns3::UniformRandomVariable"));
    }

    @Test
    void valueTypesOnlyNs3CanCheckAndUnknownAttributesAreLeftToDeploy() {
        // A known random variable with an attribute it does not have: ns-3 refuses it at deploy.
        assertThat(ids.valueProblem("ns3::RateErrorModel", "RanVar", "ns3::UniformRandomVariable[Mux=2]"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::OnOffApplication", "Protocol", "ns3::TcpSocketFactory"))
                .isEmpty();
        assertThat(ids.valueProblem("ns3::V4Ping", "NoSuchAttribute", "x")).isEmpty();
    }

    @Test
    void theBoundsOfTheHostsDumpAreTheOnesUsed() {
        Ns3TypeIds host = Ns3TypeIds.parse("type ns3::Thing -\nattr ns3::Thing Count UintegerValue\n"
                + "info ns3::Thing Count uint8_t 1:10\ntype ns3::SubThing ns3::Thing\n");
        assertThat(host.valueProblem("ns3::SubThing", "Count", "10")).isEmpty();
        assertThat(host.valueProblem("ns3::SubThing", "Count", "11"))
                .contains("Count cannot be \"11\": a whole number from 1 to 10");
    }
}
