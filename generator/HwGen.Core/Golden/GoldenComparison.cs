// Compares a measured trace with the golden one and names every mismatch by layer, timestep, neuron and both values.
using System.Globalization;
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>One disagreement: which layer, which timestep (null for the final state), which neuron, and both values.</summary>
public sealed record TraceMismatch(int Layer, int? Timestep, int Neuron, string What, long Expected, long Measured)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"layer {Layer}, {(Timestep is { } t ? $"timestep {t}" : "final state")}, neuron {Neuron}: {What} expected {Expected}, measured {Measured}");
}

public static class GoldenComparison
{
    /// <summary>
    /// Every mismatch between two traces of the same design, in layer, timestep and address order: output events
    /// (a missing event compares as value 0; an event out of ascending order or repeated is reported at its address),
    /// then the final membrane/accumulator state. Stops after <paramref name="limit"/> mismatches.
    /// </summary>
    public static IReadOnlyList<TraceMismatch> Compare(NetworkTrace expected, NetworkTrace measured, int limit = 100)
    {
        var mismatches = new List<TraceMismatch>();
        if (expected.Design != measured.Design || expected.Layers.Count != measured.Layers.Count)
        {
            throw new ArgumentException(
                $"traces differ in kind: {expected.Design} with {expected.Layers.Count} layers against {measured.Design} with {measured.Layers.Count}");
        }

        for (var l = 0; l < expected.Layers.Count && mismatches.Count < limit; l++)
        {
            var want = expected.Layers[l];
            var got = measured.Layers[l];
            var steps = Math.Max(want.Outputs.Count, got.Outputs.Count);
            for (var t = 0; t < steps && mismatches.Count < limit; t++)
            {
                var wantEvents = t < want.Outputs.Count ? want.Outputs[t] : [];
                var gotEvents = t < got.Outputs.Count ? got.Outputs[t] : [];
                CompareEvents(l, t, wantEvents, gotEvents, mismatches, limit);
            }

            var neurons = Math.Max(want.FinalState.Count, got.FinalState.Count);
            for (var n = 0; n < neurons && mismatches.Count < limit; n++)
            {
                var a = n < want.FinalState.Count ? want.FinalState[n] : 0;
                var b = n < got.FinalState.Count ? got.FinalState[n] : 0;
                if (a != b)
                {
                    mismatches.Add(new TraceMismatch(l, null, n, expected.Design == DesignKind.Snn ? "membrane" : "accumulator", a, b));
                }
            }
        }

        return mismatches;
    }

    private static void CompareEvents(
        int layer, int timestep, IReadOnlyList<SpikeEvent> want, IReadOnlyList<SpikeEvent> got, List<TraceMismatch> mismatches, int limit)
    {
        // Two-pointer merge over ascending addresses; order or duplicate faults of the measured stream are reported too.
        int i = 0, j = 0, last = -1;
        while ((i < want.Count || j < got.Count) && mismatches.Count < limit)
        {
            if (j < got.Count && got[j].Address <= last)
            {
                mismatches.Add(new TraceMismatch(layer, timestep, got[j].Address, "event out of ascending order, value", 0, got[j].Value));
                j++;
                continue;
            }

            var a = i < want.Count ? want[i].Address : int.MaxValue;
            var b = j < got.Count ? got[j].Address : int.MaxValue;
            var address = Math.Min(a, b);
            var expectedValue = a == address ? want[i++].Value : 0;
            var measuredValue = b == address ? got[j++].Value : 0;
            last = b == address ? address : last;
            if (expectedValue != measuredValue || a != b)
            {
                mismatches.Add(new TraceMismatch(layer, timestep, address, "output event value", expectedValue, measuredValue));
            }
        }
    }
}
