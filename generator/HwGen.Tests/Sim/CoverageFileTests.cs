// coverage.dat parsing in Verilator 5.006's format and the newer split-edge format.
using HwGen.Diagnostics;
using HwGen.Measure;

namespace HwGen.Tests.Sim;

[TestFixture]
public sealed class CoverageFileTests
{
    [Test]
    public void Parses_5006_records_per_bit_and_instance()
    {
        var text = string.Join('\n',
            "# SystemC::Coverage-3",
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[0]", "TOP.core.lane0", 7),
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[1]", "TOP.core.lane0", 3),
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[0]", "TOP.core.lane1", 5),
            CoverageFile.FormatRecord("lane.v", 14, "hwgen_lane", "valid", "TOP.core.lane1", 2),
            "C '\x01f\x02lane.v\x01l\x0220\x01page\x02v_line/hwgen_lane\x01o\x02block\x01h\x02TOP.core.lane0' 99",
            string.Empty);
        var points = CoverageFile.ParseToggles(text, "coverage.dat");
        Assert.That(points, Has.Count.EqualTo(4), "the line-coverage record is skipped");
        Assert.That(points[0], Is.EqualTo(new ToggleCoveragePoint("hwgen_lane", "TOP.core.lane0", "acc", 0, string.Empty, 7)));
        Assert.That(points[3].Bit, Is.EqualTo(-1));
        var perSignal = CoverageFile.TogglesPerSignal(points);
        Assert.Multiple(() =>
        {
            Assert.That(perSignal[("TOP.core.lane0", "acc")], Is.EqualTo(10));
            Assert.That(perSignal[("TOP.core.lane1", "acc")], Is.EqualTo(5));
            Assert.That(perSignal[("TOP.core.lane1", "valid")], Is.EqualTo(2));
        });
    }

    [Test]
    public void Split_edge_records_add_up_to_the_same_totals()
    {
        var text = string.Join('\n',
            "# SystemC::Coverage-3",
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[0]:0->1", "TOP.core.lane0", 4, splitEdges: true),
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[0]:1->0", "TOP.core.lane0", 3, splitEdges: true),
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[1]:0->1", "TOP.core.lane0", 2, splitEdges: true),
            CoverageFile.FormatRecord("lane.v", 12, "hwgen_lane", "acc[1]:1->0", "TOP.core.lane0", 1, splitEdges: true));
        var points = CoverageFile.ParseToggles(text, "coverage.dat");
        Assert.Multiple(() =>
        {
            Assert.That(points.Select(p => p.Edge), Is.EqualTo(new[] { "0->1", "1->0", "0->1", "1->0" }));
            Assert.That(points[1].Bit, Is.EqualTo(0));
            Assert.That(CoverageFile.TogglesPerSignal(points)[("TOP.core.lane0", "acc")], Is.EqualTo(10));
        });
    }

    [Test]
    public void A_file_without_the_header_is_refused_with_its_location()
    {
        var ex = Assert.Throws<DiagnosticException>(() => CoverageFile.ParseToggles("C 'x' 1\n", "cov.dat"));
        Assert.That(ex!.Diagnostics.Single().ToString(), Is.EqualTo("cov.dat:1:1: error HW0701: not a Verilator coverage file: the first line must be '# SystemC::Coverage-3'"));
    }

    [Test]
    public void A_record_with_a_bad_count_names_its_line()
    {
        var ex = Assert.Throws<DiagnosticException>(() => CoverageFile.ParseToggles("# SystemC::Coverage-3\nC '\x01o\x02a' x\n", "cov.dat"));
        Assert.That(ex!.Diagnostics.Single().Span.Line, Is.EqualTo(2));
    }
}
