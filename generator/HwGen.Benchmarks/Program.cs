// Measures the analytical engine on one core: layer evaluations per second (and bytes allocated), and the latency of
// a break-even table for T = 1..64 over the 13 VGG16 conv layers. Run: dotnet run -c Release --project generator/HwGen.Benchmarks
using System.Diagnostics;
using System.Globalization;
using HwGen.Energy;
using HwGen.Tests.Energy;

namespace HwGen.Benchmarks;

public static class Program
{
    public static int Main()
    {
        const string preset = "yan2024-v1-45nm";
        var model = EnergyTestModels.Vgg16Conv(preset);
        var table = EnergyReferenceTableLoader.LoadPreset(preset);
        var engine = new AnalyticalEnergyModel(model, table);
        Console.WriteLine($"model: {AnalyticalEnergyModelName} on VGG16/CIFAR-10 conv layers ({engine.LayerCount} layers), ERT {preset}, classical dataflow");
        Console.WriteLine($"runtime: .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, single-threaded measurement");

        // Warm up so the JIT has produced its optimised code before timing.
        Evaluate(engine, 2_000_000);

        const int evaluations = 20_000_000;
        var best = double.MaxValue;
        long allocated = 0;
        for (var run = 0; run < 5; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            var sink = Evaluate(engine, evaluations);
            var elapsed = Stopwatch.GetElapsedTime(start);
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            best = Math.Min(best, elapsed.TotalSeconds);
            GC.KeepAlive(sink);
        }

        Console.WriteLine($"layer evaluations: {Format(evaluations / best / 1e6, "F1")} million/s (best of 5 runs of {evaluations:N0}; " +
                          $"{Format(best * 1e9 / evaluations, "F1")} ns each), {allocated} bytes allocated");

        var timings = new List<double>();
        BreakEvenPoint last = default;
        for (var run = 0; run < 50; run++)
        {
            var watch = Stopwatch.StartNew();
            for (var t = 1; t <= 64; t++)
            {
                last = engine.BreakEven(t);
            }

            watch.Stop();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        Console.WriteLine($"break-even table T = 1..64 (13 conv layers): median {Format(timings[timings.Count / 2], "F3")} ms, " +
                          $"max {Format(timings[^1], "F3")} ms over 50 runs; s_r*(64) = {last.Describe()}");

        var coldWatch = Stopwatch.StartNew();
        var cold = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(preset), table);
        for (var t = 1; t <= 64; t++)
        {
            last = cold.BreakEven(t);
        }

        coldWatch.Stop();
        Console.WriteLine($"break-even table including model construction and pricing: {Format(coldWatch.Elapsed.TotalMilliseconds, "F3")} ms");
        return 0;
    }

    private const string AnalyticalEnergyModelName = "hwgen-analytical-v1 expected mode";

    private static double Evaluate(AnalyticalEnergyModel engine, int evaluations)
    {
        var counts = default(ActionVector);
        var layers = engine.LayerCount;
        var sink = 0.0;
        var layer = 0;
        for (var i = 0; i < evaluations; i++)
        {
            // Vary the spike rate so no evaluation can be hoisted out of the loop.
            sink += engine.SnnLayerEnergy(layer, 4, 0.1 + (i & 7) * 0.01, 0.12, ref counts);
            if (++layer == layers)
            {
                layer = 0;
            }
        }

        return sink;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
