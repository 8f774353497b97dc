// The golden model on shipped specs loaded from YAML: the default spec end to end, and VGG16/CIFAR-10 at full size.
using System.Diagnostics;
using HwGen.Data;
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Sim;

public sealed class GoldenSpecTests
{
    [Test]
    public void DefaultSpecRunsBothTwinsWithFiringLayers()
    {
        var load = ModelLoader.LoadDefault();
        Assert.That(load.Succeeded, Is.True, string.Join("\n", load.Diagnostics));
        var model = load.Model!;
        var data = StimulusGenerator.Generate(model);
        var result = GoldenModel.Run(model, data);

        var snn = result.Snn!;
        Assert.That(snn.Trace.Layers, Has.Count.EqualTo(model.Layers.Count));
        Assert.That(result.Qnn.Trace.Layers[0].Inputs.Single().Sum(e => (long)e.Value),
            Is.EqualTo(data.InputLevels!.Sum(step => step.Sum())), "the twin's input is the spike count");
        foreach (var layer in model.Layers)
        {
            var events = snn.Trace.Layers[layer.Index].Outputs.Sum(step => step.Count);
            Assert.That(events, Is.GreaterThan(0), $"layer '{layer.Name}' fires");
            Assert.That(snn.LayerCounts[layer.Index][Actions.Subtract], Is.EqualTo(events));
            Assert.That(snn.LaneWork[layer.Index].Total, Is.EqualTo(snn.LayerCounts[layer.Index][Actions.WeightMemoryRead]));
        }
    }

    [Test]
    public void DefaultSpecIsDeterministic()
    {
        var model = ModelLoader.LoadDefault().Model!;
        var first = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        var second = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(second.Snn!.Trace.Layers[l].Outputs, Is.EqualTo(first.Snn!.Trace.Layers[l].Outputs));
            Assert.That(second.Qnn.Trace.Layers[l].FinalState, Is.EqualTo(first.Qnn.Trace.Layers[l].FinalState));
            Assert.That(second.Snn.LayerCounts[l], Is.EqualTo(first.Snn.LayerCounts[l]));
        }
    }

    [Test]
    public void Vgg16RunsInSeconds()
    {
        var load = ModelLoader.LoadFile(Path.Combine(RepoPaths.HwConfigs, "vgg16-cifar10.yaml"));
        Assert.That(load.Succeeded, Is.True, string.Join("\n", load.Diagnostics));
        var model = load.Model!;
        var clock = Stopwatch.StartNew();
        var data = StimulusGenerator.Generate(model);
        var generated = clock.Elapsed;
        var result = GoldenModel.Run(model, data);
        var elapsed = clock.Elapsed;

        var snn = result.Snn!;
        var updates = snn.TotalCounts[Actions.WeightMemoryRead] + result.Qnn.TotalCounts[Actions.MultiplyAccumulate];
        TestContext.Out.WriteLine(
            $"VGG16/CIFAR-10 golden model (T={model.Neuron.Timesteps}): data {generated.TotalSeconds:F2} s, both twins {(elapsed - generated).TotalSeconds:F2} s, " +
            $"{updates} synaptic updates");
        foreach (var layer in model.Layers)
        {
            var events = snn.Trace.Layers[layer.Index].Outputs.Sum(step => step.Count);
            var rate = events / (double)(layer.Neurons * model.Neuron.Timesteps);
            TestContext.Out.WriteLine($"  {layer.Name}: spec spike rate {layer.SpikeRate}, golden {rate:F3}, tiles {layer.Mapping.Tiles}");
            Assert.That(rate, Is.InRange(layer.SpikeRate / 2, layer.SpikeRate * 2), $"layer '{layer.Name}' fires near its spec rate");
        }

        Assert.That(snn.Trace.Layers[^1].Outputs.Sum(step => step.Count), Is.GreaterThan(0), "spikes reach the last layer");
        Assert.That(elapsed.TotalSeconds, Is.LessThan(60));
    }
}
