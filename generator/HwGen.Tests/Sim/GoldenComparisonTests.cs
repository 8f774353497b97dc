// Trace comparison: identical traces agree; each kind of fault is named by layer, timestep, neuron and both values.
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Sim;

public sealed class GoldenComparisonTests
{
    private static NetworkTrace Trace(IReadOnlyList<SpikeEvent>[] outputs, long[] state) =>
        new(DesignKind.Snn, [new LayerTrace(0, outputs.Select(_ => (IReadOnlyList<SpikeEvent>)[]).ToList(), outputs, state)]);

    [Test]
    public void IdenticalTracesAgree()
    {
        var trace = Trace([[new(1, 1), new(4, 1)], []], [3, 0, 5, 1, 0]);
        Assert.That(GoldenComparison.Compare(trace, Trace([[new(1, 1), new(4, 1)], []], [3, 0, 5, 1, 0])), Is.Empty);
    }

    [Test]
    public void NamesMissingExtraWrongAndDisorderedEvents()
    {
        var golden = Trace([[new(1, 1), new(4, 2)], [new(0, 1)]], [3, 0, 5, 1, 0]);
        var measured = Trace([[new(2, 1), new(4, 1), new(3, 1)], []], [3, 0, 5, 1, -7]);
        var mismatches = GoldenComparison.Compare(golden, measured).Select(m => m.ToString()).ToArray();
        Assert.That(mismatches, Is.EqualTo(new[]
        {
            "layer 0, timestep 0, neuron 1: output event value expected 1, measured 0",
            "layer 0, timestep 0, neuron 2: output event value expected 0, measured 1",
            "layer 0, timestep 0, neuron 4: output event value expected 2, measured 1",
            "layer 0, timestep 0, neuron 3: event out of ascending order, value expected 0, measured 1",
            "layer 0, timestep 1, neuron 0: output event value expected 1, measured 0",
            "layer 0, final state, neuron 4: membrane expected 0, measured -7",
        }));
        Assert.That(GoldenComparison.Compare(golden, measured, limit: 2), Has.Count.EqualTo(2));
    }
}
