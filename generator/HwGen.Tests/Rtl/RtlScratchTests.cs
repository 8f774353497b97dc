using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

public class RtlScratchTests
{
    [Test]
    public void Dump()
    {
        var spec = new RtlSpec("scratch", new Shape(1, 1, 10), [LayerSpec.Fc(6)], Lanes: 4, Timesteps: 3).Build();
        var design = RtlDesign.Create(spec, DesignKind.Snn);
        var set = RtlGenerator.Render(design);
        var weights = RtlStimulus.Weights(spec, 1, 0.3);
        var inputs = RtlStimulus.Events(10, 3, 0.5, 1, 2);
        var (result, exe) = VerilatorSimulation.Run(set, new RtlRunInput(weights, inputs), "/tmp/rtl-scratch/run");
        var reference = RtlReference.Run(spec, DesignKind.Snn, weights, inputs);
        TestContext.Out.WriteLine($"build {exe.BuildTime} cached {exe.FromCache} cycles {result.Cycles} finished {result.Finished} {result.Failure}");
        for (var t = 0; t < 3; t++)
        {
            TestContext.Out.WriteLine($"t{t} rtl {string.Join(' ', result.Trace.Layers[0].Outputs[t])} | ref {string.Join(' ', reference.Trace.Layers[0].Outputs[t])}");
        }
        TestContext.Out.WriteLine($"state rtl {string.Join(' ', result.Trace.Layers[0].FinalState)} | ref {string.Join(' ', reference.Trace.Layers[0].FinalState)}");
        foreach (var d in reference.LayerCounts[0].Differences(result.LayerCounts[0])) TestContext.Out.WriteLine(d);
    }
}
