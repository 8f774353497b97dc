// The ERT check's energy per operation (ArithmeticUnits.PerOperation, docs/synthesis.md) against a hand computation: a
// 1-bit add synthesised to one XOR2X1, driven by the check's own seeded random operands, priced from numbers copied out
// of osu018_stdcells.lib.
using HwGen.Synth;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
public class ArithmeticCheckTests
{
    /// <summary>SplitMix64 as published (Steele, Lea and Flood 2014; Vigna's reference code), written out here.</summary>
    private static IEnumerable<ulong> SplitMix64(ulong state)
    {
        while (true)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            yield return z ^ (z >> 31);
        }
    }

    [Test]
    public void AOneBitAddCostsItsTogglesTimesTheLibertyEnergiesPerOperandPair()
    {
        const string verilog = "module hwgen_add1 (input wire [0:0] a, input wire [0:0] b, output wire [0:0] y);\n    assign y = a + b;\nendmodule\n";
        var run = YosysRunner.Run(new Dictionary<string, string> { ["rtl/hwgen_add1.v"] = verilog }, "hwgen_add1", SynthTarget.Osu018, "add1");
        var netlist = GateNetlist.Build(run.ReadNetlist(), TechLibrary.Osu018Liberty);
        Assert.That(netlist.Cells.Select(c => c.Cell.Type), Is.EqualTo(new[] { "XOR2X1" }));

        const int vectors = 1000;
        const ulong seed = 5;
        var perOperation = ArithmeticUnits.PerOperation(netlist, vectors, seed);

        // Operand pairs: a then b from one generator, bit 0 each; toggles between consecutive pairs.
        var words = SplitMix64(seed).Take(2 * vectors).ToList();
        var a = Enumerable.Range(0, vectors).Select(i => words[2 * i] & 1).ToList();
        var b = Enumerable.Range(0, vectors).Select(i => words[(2 * i) + 1] & 1).ToList();
        int Toggles(IReadOnlyList<ulong> x) => Enumerable.Range(1, x.Count - 1).Count(i => x[i] != x[i - 1]);
        var y = a.Zip(b, (p, q) => p ^ q).ToList();
        var (ta, tb, ty) = (Toggles(a), Toggles(b), Toggles(y));
        Assert.That(ta, Is.InRange(400, 600), "random bits change about half the time");

        // XOR2X1 (V = 1.8): pin capacitances A 0.0296528 pF, B 0.0342661 pF; its output drives only the port (no load), so
        // its internal energy is the tables' rows 1-2 (loads 0.005, 0.0125 pF) extrapolated to 0, column 1 (0.06 ns, the
        // transition of primary inputs): mean of rise and fall of A and of B.
        const double v = 1.8;
        var pinOfA = netlist.TopNet("a", 0).Loads.Single().Pin;
        var (ca, cb) = pinOfA == "A" ? (0.0296528, 0.0342661) : (0.0342661, 0.0296528);
        var g = (0 - 0.005) / (0.0125 - 0.005);
        double AtZero(double r1, double r2) => r1 + ((r2 - r1) * g);
        var xor = (AtZero(0.039147, 0.039465) + AtZero(0.115486, 0.11447) + AtZero(0.026559, 0.025608) + AtZero(0.135123, 0.135422)) / 4;
        var expected = ((ty * xor) + (ta * 0.5 * ca * v * v) + (tb * 0.5 * cb * v * v)) / (vectors - 1);
        Assert.That(perOperation, Is.EqualTo(expected).Within(1e-12));
    }
}
