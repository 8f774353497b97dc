// Why the subtractor's in-action toggles on the default run are 0.30 of its random-data figure (docs/measurement.md,
// "Arithmetic units on the default SNN"): the harness's in-action window is exactly the transitions into the subtract
// cycles, read back from the run's own waveform, and the run's operands are membranes just above the threshold.
using System.Globalization;
using HwGen.Data;
using HwGen.Emit;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class SubtractorOperandTests
{
    [Test]
    public void InActionTogglesAreTheTransitionsIntoTheSubtractCyclesAndTheOperandsStayNearTheThreshold()
    {
        var model = ModelLoader.LoadDefault().Model!;
        var data = NpyNetworkData.Load(model, RepoPaths.HwConfigs);
        var set = VerilatorBuild.Counted(RtlGenerator.Render(RtlDesign.Create(model, DesignKind.Snn)));
        var golden = GoldenModel.RunSnn(model, data);
        var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs);
        var work = CalibrationBenches.WorkFolder("subtractor-operands");
        var vcdPath = Path.Combine(work, "run.vcd");
        var run = VcdTrace.Run(set, input, 0, 1_000_000, Path.Combine(work, "traced"), vcdPath);
        Assert.That(run.Failure, Is.Null);

        var design = set.Design;
        var f = design.ThresholdLog2;
        var theta = 1 << f;
        var b = design.StateBits;
        var quotientMask = (1L << (b - f)) - 1;
        var nets = new List<string>();
        for (var lane = 0; lane < design.Lanes; lane++)
        {
            nets.AddRange([$"lane{lane}.fire_emit", $"lane{lane}.datapath.fire_in", $"lane{lane}.datapath.fire_value", $"lane{lane}.datapath.reset_state"]);
        }

        var wave = Vcd.Read(File.ReadAllText(vcdPath), $"TOP.{design.TopModule}.", nets);
        long Signed(long v) => v >= 1L << (b - 1) ? v - (1L << b) : v;
        var subtracts = 0;
        var belowZero = 0;
        long togglesAfterNegative = 0;
        foreach (var lane in Enumerable.Range(0, design.Lanes))
        {
            // The harness samples a cycle after its clock-low evaluation: VCD time 2 x cycle.
            long[] At(string net) => Enumerable.Range(0, (int)run.Cycles).Select(c => wave.ValueAt(net, 2L * c)).ToArray();
            var emit = At($"lane{lane}.fire_emit");
            var fireIn = At($"lane{lane}.datapath.fire_in");
            var fireValue = At($"lane{lane}.datapath.fire_value");
            var reset = At($"lane{lane}.datapath.reset_state");
            long inputToggles = 0, valueToggles = 0, resetToggles = 0;
            for (var c = 1; c < run.Cycles; c++)
            {
                if (emit[c] == 0)
                {
                    continue;
                }

                var toggles = long.PopCount(((fireIn[c] ^ fireIn[c - 1]) >> f) & quotientMask);
                inputToggles += toggles;
                valueToggles += long.PopCount(fireValue[c] ^ fireValue[c - 1]);
                var resetFlips = long.PopCount(((reset[c] ^ reset[c - 1]) >> f) & quotientMask);
                resetToggles += resetFlips;
                subtracts++;
                // The minuend of every subtract lies within four thresholds above it: its quotient is 1, 2 or 3.
                Assert.That(Signed(fireIn[c]), Is.InRange(theta, 4 * theta - 1), $"lane {lane} cycle {c}");
                if (Signed(fireIn[c - 1]) < 0)
                {
                    belowZero++;
                    togglesAfterNegative += toggles + resetFlips + long.PopCount(fireValue[c] ^ fireValue[c - 1]);
                }
            }

            // The harness's in-action counters are exactly these transitions, bus by bus.
            long Counted(string signal) => run.Toggles.Single(t => t.Hierarchy == $"TOP.{design.TopModule}.lane{lane}.datapath" && t.Signal == signal).Count;
            Assert.That(Counted($"fire_in[{b - 1}:{f}]:in:subtractor"), Is.EqualTo(inputToggles), $"lane {lane} fire_in");
            Assert.That(Counted("fire_value:in:subtractor"), Is.EqualTo(valueToggles), $"lane {lane} fire_value");
            Assert.That(Counted($"reset_state[{b - 1}:{f}]:in:subtractor"), Is.EqualTo(resetToggles), $"lane {lane} reset_state");
        }

        Assert.That(subtracts, Is.EqualTo(golden.TotalCounts[Actions.Subtract]));
        var total = run.Toggles.Where(t => t.Signal.EndsWith(":in:subtractor", StringComparison.Ordinal)).Sum(t => t.Count);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{subtracts} subtracts, {total} in-action toggles ({(double)total / subtracts:F2} per subtract); {belowZero} follow a membrane below zero " +
            $"({(double)togglesAfterNegative / belowZero:F1} toggles each), the other {subtracts - belowZero} {(double)(total - togglesAfterNegative) / (subtracts - belowZero):F2} each"));
        // A predecessor below zero flips the sign-extended quotient bits of the input and the result together (at least 8 of
        // the 2 x (b - F) bits); a predecessor in [0, 4 theta) flips at most the two low quotient bits of each and the spike.
        Assert.That(togglesAfterNegative, Is.GreaterThanOrEqualTo(8L * belowZero));
        Assert.That(total - togglesAfterNegative, Is.LessThanOrEqualTo(5L * (subtracts - belowZero)));
    }

    /// <summary>A value-change dump read back for a few nets: each net's (time, value) changes in time order.</summary>
    private sealed class Vcd
    {
        private readonly Dictionary<string, List<(long Time, long Value)>> changes = [];

        public long ValueAt(string net, long time)
        {
            var list = changes[net];
            var lo = 0;
            var hi = list.Count - 1;
            var value = 0L;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (list[mid].Time <= time)
                {
                    value = list[mid].Value;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return value;
        }

        /// <summary>Reads the nets named (below <paramref name="prefix"/>) in <paramref name="nets"/>; x and z read as 0.</summary>
        public static Vcd Read(string text, string prefix, IReadOnlyList<string> nets)
        {
            var vcd = new Vcd();
            var codes = new Dictionary<string, List<string>>();
            var scope = new List<string>();
            var time = 0L;
            var header = true;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (header)
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts[0] == "$scope")
                    {
                        scope.Add(parts[2]);
                    }
                    else if (parts[0] == "$upscope")
                    {
                        scope.RemoveAt(scope.Count - 1);
                    }
                    else if (parts[0] == "$var")
                    {
                        var name = string.Join('.', scope.Append(parts[4]));
                        var net = nets.FirstOrDefault(n => name == prefix + n);
                        if (net is not null)
                        {
                            if (!codes.TryGetValue(parts[3], out var list))
                            {
                                codes[parts[3]] = list = [];
                            }

                            list.Add(net);
                            vcd.changes.TryAdd(net, []);
                        }
                    }
                    else if (parts[0] == "$enddefinitions")
                    {
                        header = false;
                    }

                    continue;
                }

                if (line[0] == '#')
                {
                    time = long.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                    continue;
                }

                var vector = line[0] == 'b';
                var space = vector ? line.IndexOf(' ', StringComparison.Ordinal) : 0;
                var code = vector ? line[(space + 1)..] : line[1..];
                if (codes.TryGetValue(code, out var targets))
                {
                    var value = vector ? Convert.ToInt64(line[1..space].Replace('x', '0').Replace('z', '0'), 2) : line[0] == '1' ? 1 : 0;
                    foreach (var net in targets)
                    {
                        vcd.changes[net].Add((time, value));
                    }
                }
            }

            Assert.That(vcd.changes.Keys, Is.EquivalentTo(nets), "every net is in the VCD");
            return vcd;
        }
    }
}
