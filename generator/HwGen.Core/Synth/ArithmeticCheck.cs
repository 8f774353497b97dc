// The first measured check of the energy table itself: the ERT's add and multiply entries beside the same units
// synthesised to OSU 0.18 um cells, evaluated on seeded random operands and priced from the Liberty, then scaled to
// the table's node (Stillmaker & Baas 2017).
using HwGen.Data;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Synth;

/// <summary>One synthesised unit: cells, energy per operation at 0.18 um and scaled, and the ERT figure it is set against.</summary>
public sealed record ArithmeticUnitResult(string Name, int Cells, double EnergyPj180, double EnergyPjScaled, double ErtPj, string ErtEntry);

public sealed record ArithmeticCheck(string Preset, string Liberty, int Vectors, ulong Seed, NodeScale Scaling, IReadOnlyList<ArithmeticUnitResult> Units);

public static class ArithmeticUnits
{
    public const ulong DefaultSeed = 20170213;
    public const int DefaultVectors = 20000;

    /// <summary>A unit: its Verilog, its top, and how the ERT prices the same operation.</summary>
    public sealed record Unit(string Name, string Top, int Bits, string Verilog, Func<EnergyReferenceTable, (double Pj, string Entry)> Ert);

    public static IReadOnlyList<Unit> Units { get; } =
    [
        Add(8), Add(16), Add(32), Multiply(8), Multiply(32),
    ];

    private static Unit Add(int bits) => new($"{bits}-bit add", $"hwgen_add{bits}", bits,
        $"// {bits}-bit two's-complement add (the ERT's adder.accumulate at {bits} bits).\nmodule hwgen_add{bits} (input wire [{bits - 1}:0] a, input wire [{bits - 1}:0] b, output wire [{bits - 1}:0] y);\n    assign y = a + b;\nendmodule\n",
        t => (t.EnergyPj(Actions.Accumulate, new EnergyArguments(Bits: bits)), $"adder.accumulate(bits={bits})"));

    private static Unit Multiply(int bits) => new($"{bits}x{bits}-bit multiply", $"hwgen_mul{bits}", bits,
        $"// {bits} x {bits}-bit signed multiply, full {2 * bits}-bit product.\nmodule hwgen_mul{bits} (input wire signed [{bits - 1}:0] a, input wire signed [{bits - 1}:0] b, output wire signed [{2 * bits - 1}:0] y);\n    assign y = a * b;\nendmodule\n",
        t => (t.EnergyPj(Actions.MultiplyAccumulate, new EnergyArguments(WeightBits: bits, ActivationBits: bits)) - t.EnergyPj(Actions.Accumulate, new EnergyArguments(Bits: bits)),
            $"mac.multiply_accumulate({bits}x{bits}) - adder.accumulate({bits})"));

    /// <summary>Synthesises each unit (cached), runs it on random operands and prices it; null when the ERT's node has no scaling.</summary>
    public static ArithmeticCheck? Run(EnergyReferenceTable table, int vectors = DefaultVectors, ulong seed = DefaultSeed, string? cacheRoot = null)
    {
        var library = TechLibrary.Osu018Liberty;
        var scale = NodeScaling.ToErtNode(180, library.NominalVoltage, table.TechnologyNm);
        if (scale is null)
        {
            return null;
        }

        var results = new List<ArithmeticUnitResult>();
        foreach (var unit in Units)
        {
            var run = YosysRunner.Run(new Dictionary<string, string> { [$"rtl/{unit.Top}.v"] = unit.Verilog }, unit.Top, SynthTarget.Osu018, unit.Name, cacheRoot);
            var netlist = GateNetlist.Build(run.ReadNetlist(), library);
            var energy = PerOperation(netlist, vectors, seed);
            var (ert, entry) = unit.Ert(table);
            results.Add(new ArithmeticUnitResult(unit.Name, netlist.Cells.Count, energy, energy * scale.Factor, ert, entry));
        }

        return new ArithmeticCheck(table.Preset, library.FileName, vectors, seed, scale, results);
    }

    /// <summary>Mean energy per operation (pJ, the library's node) of a combinational unit with inputs a and b on random operands.</summary>
    public static double PerOperation(GateNetlist netlist, int vectors, ulong seed)
    {
        var simulator = new CellSimulator(netlist);
        var random = new SplitMix64(seed);
        for (var i = 0; i < vectors; i++)
        {
            simulator.SetInput("a", random.Next());
            simulator.SetInput("b", random.Next());
            simulator.Settle();
            simulator.Sample();
        }

        // Operands come from registers: the input nets' pin loads switch with the unit (priced as the unit's energy).
        var model = new GateEnergyModel(netlist, GateEnergyOptions.For(netlist.Library));
        var result = model.Compute(simulator.Toggles, 0);
        return (result.DynamicPj + result.PrimaryInputLoadPj) / (vectors - 1);
    }
}
