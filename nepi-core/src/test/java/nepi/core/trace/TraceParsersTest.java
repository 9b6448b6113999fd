package nepi.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dflib.DataFrame;
import org.dflib.Exp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parsers on outputs of the real tools, recorded on Debian 12 against 127.0.0.1 and between network namespaces
 * (src/test/resources/nepi/core/trace).
 */
class TraceParsersTest {

    static String resource(String name) throws IOException {
        try (InputStream in = TraceParsersTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pingGivesOneRowPerReplyAndItsStatistics() throws IOException {
        PingTrace ping = PingTrace.parse(resource("ping.txt"));
        assertThat(ping.replies()).hasSize(5);
        assertThat(ping.replies().get(0)).isEqualTo(new PingTrace.Reply(1, 64, 0.040, null));
        assertThat(ping.replies().stream().map(PingTrace.Reply::icmpSeq)).containsExactly(1, 2, 3, 4, 5);
        assertThat(ping.summary())
                .contains(new PingTrace.Summary(5, 5, 0, 0.0, Duration.ofMillis(814), 0.040, 0.045, 0.048, 0.003));
        TraceTable table = ping.table();
        assertThat(table.columnNames()).containsExactly("icmp_seq", "ttl", "time_ms");
        assertThat(table.numbers("time_ms")).containsExactly(0.040, 0.047, 0.048, 0.048, 0.043);
        assertThat(table.summary()).containsEntry("transmitted", 5L).containsEntry("mdev_ms", 0.003);
        assertThat(ping.replies().get(1).rtt()).isEqualTo(Duration.ofNanos(47_000));
        // busybox and old iputils print time<1 for replies under a millisecond.
        assertThat(PingTrace.parse("64 bytes from h (1.2.3.4): icmp_seq=7 ttl=5 time<1 ms")
                        .replies())
                .containsExactly(new PingTrace.Reply(7, 5, 1.0, null));
    }

    @Test
    void pingWithTimestampsHasATimestampColumn() throws IOException {
        PingTrace ping = PingTrace.parse(resource("ping-timestamps.txt"));
        assertThat(ping.timed()).isTrue();
        assertThat(ping.replies().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1796021871L, 285_619_000));
        assertThat(ping.table().columnNames()).containsExactly("timestamp", "icmp_seq", "ttl", "time_ms");
        assertThat(TraceTable.text(ping.table().rows().get(0).get(0))).isEqualTo("2026-11-30T06:57:51.285619Z");
    }

    @Test
    void lostRepliesLeaveGapsAndTheStatisticsCountThem() throws IOException {
        PingTrace ping = PingTrace.parse(resource("ping-loss.txt"));
        assertThat(ping.replies().stream().map(PingTrace.Reply::icmpSeq)).containsExactly(1, 2, 3, 8, 9, 10);
        assertThat(ping.summary().orElseThrow().lossPercent()).isEqualTo(40.0);
        assertThat(ping.summary().orElseThrow().received()).isEqualTo(6);
    }

    @Test
    void unreachableLinesAreErrorsNotReplies() throws IOException {
        PingTrace ping = PingTrace.parse(resource("ping-unreachable.txt"));
        assertThat(ping.replies()).isEmpty();
        PingTrace.Summary summary = ping.summary().orElseThrow();
        assertThat(summary.errors()).isEqualTo(4);
        assertThat(summary.lossPercent()).isEqualTo(100.0);
        assertThat(summary.avgMs()).isNull();
        assertThat(ping.isEmpty()).isFalse();
        assertThat(ping.table().summary()).containsEntry("errors", 4L).doesNotContainKey("avg_ms");
    }

    @Test
    void quietPingHasOnlyItsSummary() throws IOException {
        PingTrace ping = PingTrace.parse(resource("ping-quiet.txt"));
        assertThat(ping.replies()).isEmpty();
        assertThat(ping.summary().orElseThrow().transmitted()).isEqualTo(3);
        assertThat(TraceTables.parse(resource("ping-quiet.txt")).orElseThrow().format())
                .isEqualTo(TraceFormat.PING);
    }

    @Test
    void iperf3TcpClientGivesIntervalsWithRetransmits() throws IOException {
        IperfTrace iperf = IperfTrace.parse(resource("iperf3-tcp.json"));
        assertThat(iperf.intervals()).hasSize(4);
        IperfTrace.Interval first = iperf.intervals().get(0);
        assertThat(first.start()).isEqualTo(Duration.ZERO);
        assertThat(first.end()).isEqualTo(Duration.ofNanos(500_144_000));
        assertThat(first.bytes()).isEqualTo(454033408L);
        assertThat(iperf.intervals().get(1).retransmits()).isEqualTo(2475L);
        IperfTrace.Summary summary = iperf.summary().orElseThrow();
        assertThat(summary.protocol()).isEqualTo("TCP");
        assertThat(summary.sentBytes()).isEqualTo(1342701568L);
        assertThat(summary.receivedBytes()).isEqualTo(1341915136L);
        assertThat(summary.retransmits()).isEqualTo(2478L);
        TraceTable table = iperf.table();
        assertThat(table.columnNames()).containsExactly("start", "end", "bytes", "bits_per_second", "retransmits");
        assertThat(table.column("end").get(0)).isEqualTo(0.500144);
        long sum = table.column("bytes").stream().mapToLong(b -> (Long) b).sum();
        assertThat(sum).isEqualTo(summary.sentBytes());
    }

    @Test
    void iperf3UdpHasPacketsAndJitterInItsSummary() throws IOException {
        IperfTrace iperf = IperfTrace.parse(resource("iperf3-udp.json"));
        assertThat(iperf.intervals()).hasSize(2);
        assertThat(iperf.intervals().get(0).packets()).isEqualTo(432L);
        assertThat(iperf.intervals().get(0).retransmits()).isNull();
        assertThat(iperf.summary().orElseThrow().protocol()).isEqualTo("UDP");
        assertThat(iperf.summary().orElseThrow().jitterMs()).isNotNull();
        assertThat(iperf.table().columnNames()).containsExactly("start", "end", "bytes", "bits_per_second", "packets");
    }

    @Test
    void iperf3ServerAndParallelReportsSumTheirStreams() throws IOException {
        IperfTrace server = IperfTrace.parse(resource("iperf3-server.json"));
        assertThat(server.intervals()).hasSize(3);
        assertThat(server.intervals().get(0).retransmits()).isNull();
        assertThat(server.summary().orElseThrow().receivedBytes()).isEqualTo(1341915136L);
        IperfTrace parallel = IperfTrace.parse(resource("iperf3-parallel.json"));
        assertThat(parallel.intervals()).hasSize(1);
        assertThat(parallel.intervals().get(0).retransmits()).isEqualTo(538L);
    }

    @Test
    void twoIperf3ReportsOneAfterTheOtherAreBothRead() throws IOException {
        String twice = resource("iperf3-tcp.json") + "\n" + resource("iperf3-udp.json");
        IperfTrace both = IperfTrace.parse(twice);
        assertThat(both.intervals()).hasSize(6);
        assertThat(both.summary().orElseThrow().protocol()).isEqualTo("UDP");
    }

    @Test
    void anIperf3ReportCutShortOrInTextIsRefusedWithTheReason() throws IOException {
        String json = resource("iperf3-tcp.json");
        assertThatThrownBy(() -> IperfTrace.parse(json.substring(0, json.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a complete iperf3 JSON report")
                .hasMessageContaining("still running");
        assertThatThrownBy(() -> IperfTrace.parse("[  5]   0.00-1.00   sec  1.12 GBytes  9.6 Gbits/sec\n"))
                .hasMessageContaining("json=true");
        assertThatThrownBy(
                        () -> TraceTables.parse("Connecting to host 10.0.0.2, port 5201\n", "linux::Iperf", "stdout"))
                .hasMessageContaining("-J");
    }

    @Test
    void tcpdumpGivesOneRowPerPacketWithItsProtocol() throws IOException {
        TcpdumpTrace tcpdump = TcpdumpTrace.parse(resource("tcpdump.txt"));
        assertThat(tcpdump.packets()).hasSize(40);
        assertThat(tcpdump.packets().get(0))
                .isEqualTo(new TcpdumpTrace.Packet(
                        "06:58:28.450331",
                        "10.98.1.1",
                        "10.98.2.2",
                        "ICMP",
                        64L,
                        "ICMP echo request, id 25871, seq 1, length 64"));
        TcpdumpTrace.Packet syn = tcpdump.packets().get(4);
        assertThat(syn.proto()).isEqualTo("TCP");
        assertThat(syn.src()).isEqualTo("10.98.1.1.59314");
        assertThat(syn.dst()).isEqualTo("10.98.2.2.5299");
        assertThat(syn.length()).isEqualTo(0L);
        assertThat(tcpdump.packets().get(7).length()).isEqualTo(37L);
        assertThat(tcpdump.table().summary()).containsEntry("packets", 40L).containsEntry("ICMP", 4L);
    }

    @Test
    void tcpdumpWithUnixTimesUdpAndDns() throws IOException {
        TcpdumpTrace tcpdump = TcpdumpTrace.parse(resource("tcpdump-unix.txt"));
        assertThat(tcpdump.packets()).hasSize(8);
        assertThat(tcpdump.packets().get(0).time()).isEqualTo("1796021915.635695");
        assertThat(tcpdump.packets().stream().map(TcpdumpTrace.Packet::proto))
                .containsExactly("ICMP", "ICMP", "ICMP", "ICMP", "DNS", "ICMP", "UDP", "ICMP");
        assertThat(tcpdump.packets().get(6).length()).isEqualTo(3L);
    }

    @Test
    void tcpdumpWithDatesAndOnTheAnyInterface() throws IOException {
        TcpdumpTrace dated = TcpdumpTrace.parse(resource("tcpdump-date.txt"));
        assertThat(dated.packets()).hasSize(4);
        assertThat(dated.packets().get(1).time()).isEqualTo("2026-11-30 07:56:44.895810");
        assertThat(dated.packets().get(1).info()).startsWith("ICMP echo reply");
        TcpdumpTrace any = TcpdumpTrace.parse(resource("tcpdump-any.txt"));
        assertThat(any.packets())
                .extracting(TcpdumpTrace.Packet::src, TcpdumpTrace.Packet::proto, TcpdumpTrace.Packet::length)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("127.0.0.1", "ICMP", 64L));
        assertThat(TraceFormat.sniff(resource("tcpdump-any.txt"))).contains(TraceFormat.TCPDUMP);
    }

    @Test
    void tcpdumpOnAnyInterfaceAndArpLines() {
        TcpdumpTrace tcpdump = TcpdumpTrace.parse(
                "07:01:02.000001 lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 1, seq 1, length 64\n"
                        + "07:01:02.000002 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n"
                        + "07:01:02.000003 ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28\n"
                        + "\t0x0000:  4500 0054 0000 4000 4001 3ca7 7f00 0001\n");
        assertThat(tcpdump.packets())
                .extracting(TcpdumpTrace.Packet::src, TcpdumpTrace.Packet::dst, TcpdumpTrace.Packet::proto)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1", "127.0.0.1", "ICMP"),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.1", "10.0.0.2", "ARP"),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.2", "", "ARP"));
    }

    @Test
    void tracerouteGivesOneRowPerHopWithItsTimes() throws IOException {
        TracerouteTrace named = TracerouteTrace.parse(resource("traceroute.txt"));
        assertThat(named.hops())
                .containsExactly(new TracerouteTrace.Hop(
                        1, null, "127.0.0.1", 1, "localhost", "127.0.0.1", List.of(0.356, 0.314, 0.298), 0, ""));
        TracerouteTrace twoHops = TracerouteTrace.parse(resource("traceroute-two-hops.txt"));
        assertThat(twoHops.hops()).extracting(TracerouteTrace.Hop::address).containsExactly("10.98.1.2", "10.98.2.2");
        assertThat(twoHops.table().columnNames())
                .containsExactly("hop", "host", "address", "rtt_1_ms", "rtt_2_ms", "rtt_3_ms", "lost");
    }

    @Test
    void tracerouteStarsAreLostProbes() throws IOException {
        TracerouteTrace stars = TracerouteTrace.parse(resource("traceroute-stars.txt"));
        assertThat(stars.hops()).hasSize(4);
        assertThat(stars.hops().get(1))
                .isEqualTo(new TracerouteTrace.Hop(1, null, "10.98.2.2", 2, "", "", List.of(), 2, ""));
        TraceTable table = stars.table();
        assertThat(table.rows().get(1).get(table.columnIndex("rtt_1_ms"))).isNull();
        assertThat(table.numbers("rtt_1_ms")[1]).isNaN();
    }

    @Test
    void repeatedTimedTraceroutesAreNumberedRuns() throws IOException {
        TracerouteTrace runs = TracerouteTrace.parse(resource("traceroute-repeated.txt"));
        assertThat(runs.hops()).hasSize(4);
        assertThat(runs.hops().get(2).run()).isEqualTo(2);
        assertThat(runs.hops().get(2).runStarted()).isEqualTo(Instant.ofEpochSecond(1796021932L, 413_261_741));
        assertThat(runs.hops().get(3).lost()).isEqualTo(1);
        assertThat(runs.table().columnNames()).startsWith("run", "started", "hop");
    }

    @Test
    void numbersOfAnyTextTakeTheirHeaderLine() throws IOException {
        NumericColumns vmstat = NumericColumns.parse(resource("vmstat.txt"));
        assertThat(vmstat.names()).startsWith("r", "b", "swpd", "free").hasSize(17);
        assertThat(vmstat.rows()).hasSize(3);
        NumericColumns mixed = NumericColumns.parse("t rtt\n1 2\n2,4\nnoise\n3;6\n4 8 9\n");
        assertThat(mixed.names()).containsExactly("t", "rtt");
        assertThat(mixed.column(1)).containsExactly(2, 4, 6);
        assertThat(NumericColumns.parse("no numbers here").isEmpty()).isTrue();
        assertThat(TraceTable.text(mixed.table().rows().get(0).get(0))).isEqualTo("1");
    }

    @Test
    void theFormatComesFromTheTypeOrFromTheContent() throws IOException {
        assertThat(TraceFormat.forTrace("linux::Ping", "stdout")).contains(TraceFormat.PING);
        assertThat(TraceFormat.forTrace("linux::Tcpdump", "pcap")).isEmpty();
        assertThat(TraceFormat.forTrace("linux::Application", "stdout")).isEmpty();
        for (var entry : List.of(
                List.of("ping.txt", TraceFormat.PING),
                List.of("ping-unreachable.txt", TraceFormat.PING),
                List.of("iperf3-server.json", TraceFormat.IPERF3),
                List.of("tcpdump.txt", TraceFormat.TCPDUMP),
                List.of("tcpdump-unix.txt", TraceFormat.TCPDUMP),
                List.of("traceroute-stars.txt", TraceFormat.TRACEROUTE),
                List.of("traceroute-repeated.txt", TraceFormat.TRACEROUTE),
                List.of("vmstat.txt", TraceFormat.NUMBERS))) {
            String text = resource((String) entry.get(0));
            assertThat(TraceFormat.sniff(text)).as((String) entry.get(0)).contains((TraceFormat) entry.get(1));
            assertThat(TraceTables.parse(text, "linux::Application", "stdout").map(ParsedTrace::format))
                    .as((String) entry.get(0))
                    .contains((TraceFormat) entry.get(1));
        }
        assertThat(TraceTables.parse("hello\nworld\n")).isEmpty();
        // A ping that printed only its header so far: an empty ping table, not "no known format".
        Optional<ParsedTrace> started =
                TraceTables.parse("PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n", "linux::Ping", "stdout");
        assertThat(started.orElseThrow().table().size()).isZero();
        assertThat(TraceFormat.known())
                .isEqualTo("ping, iperf3 (JSON report, -J), tcpdump (text output), traceroute, numbers (lines of"
                        + " numbers)");
    }

    @Test
    void aTableWritesCsvAndBecomesADataFrame(@TempDir Path dir) throws IOException {
        TraceTable table =
                TracerouteTrace.parse(resource("traceroute-stars.txt")).table();
        Path csv = dir.resolve("hops.csv");
        table.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("hop,host,address,rtt_1_ms,rtt_2_ms,lost");
        assertThat(lines.get(1)).isEqualTo("1,10.98.1.2,10.98.1.2,0.045,0.005,0");
        assertThat(lines.get(2)).isEqualTo("2,,,,,2");
        TraceTable tcp = TcpdumpTrace.parse(resource("tcpdump.txt")).table();
        assertThat(tcp.csv().split("\r\n")[1])
                .isEqualTo("06:58:28.450331,10.98.1.1,10.98.2.2,ICMP,64,"
                        + "\"ICMP echo request, id 25871, seq 1, length 64\"");

        DataFrame ping = PingTrace.parse(resource("ping.txt")).table().dataFrame();
        assertThat(ping.getColumnsIndex().toArray()).containsExactly("icmp_seq", "ttl", "time_ms");
        assertThat(ping.height()).isEqualTo(5);
        DataFrame slow = ping.rows(Exp.$double("time_ms").gt(0.045)).select();
        assertThat(slow.getColumn("icmp_seq").toList()).containsExactly(2L, 3L, 4L);
        DataFrame hops = table.dataFrame();
        assertThat((Double) hops.getColumn("rtt_1_ms").get(1)).isNaN();
    }

    @Test
    void unknownColumnsAreNamed() throws IOException {
        TraceTable table = PingTrace.parse(resource("ping.txt")).table();
        assertThatThrownBy(() -> table.column("rtt"))
                .hasMessage("no column 'rtt' in this ping table; its columns: [icmp_seq, ttl, time_ms]");
    }
}
