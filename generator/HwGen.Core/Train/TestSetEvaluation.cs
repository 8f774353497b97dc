// Evaluates both twins on a spec's test set: the golden model on every image (accuracy, activity, agreement, exact
// counts priced by the ERT), and the first images also in RTL (bit-exactness, the RTL's own predictions, energy).
using System.Diagnostics;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Train;

/// <summary>How far an evaluation is: "golden" or "rtl", and images done of the total.</summary>
public readonly record struct TestSetProgress(string Phase, int Done, int Total);

/// <summary>What an evaluation needs besides the spec and its data: the rendered twins and the energy models.</summary>
/// <summary>How test-set images are priced: the analytical engine, its table, and the calibration at the design's own widths.</summary>
public sealed record TestSetPricing(AnalyticalEnergyModel Engine, EnergyReferenceTable Table, ToggleCalibration Calibration)
{
    /// <summary>The pricing a run of <paramref name="model"/> uses: its preset's table and the calibration at its widths.</summary>
    public static TestSetPricing For(HardwareModel model, string? cacheRoot = null)
    {
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        return new TestSetPricing(new AnalyticalEnergyModel(model, table), table, OwnWidthCalibration.For(model, table, cacheRoot));
    }
}

public static class TestSetEvaluation
{
    /// <summary>The class a trace predicts (<see cref="TestSetResult.PredictionRule"/>).</summary>
    public static int Prediction(HardwareModel model, NetworkTrace trace)
    {
        var last = trace.Layers[^1];
        var scores = new long[last.FinalState.Count];
        for (var n = 0; n < scores.Length; n++)
        {
            scores[n] = last.FinalState[n];
        }

        if (trace.Design == DesignKind.Snn)
        {
            var threshold = 1L << model.Design(DesignKind.Snn).ThresholdLog2;
            foreach (var step in last.Outputs)
            {
                foreach (var spike in step)
                {
                    scores[spike.Address] += spike.Value * threshold;
                }
            }
        }

        var best = 0;
        for (var n = 1; n < scores.Length; n++)
        {
            if (scores[n] > scores[best])
            {
                best = n;
            }
        }

        return best;
    }

    /// <summary>
    /// Runs the evaluation. <paramref name="sets"/> are both twins' rendered RTL (SNN first or not; matched by kind);
    /// the RTL runs work in <paramref name="workFolder"/>/&lt;twin&gt;/ (one run folder per twin, reused image by image).
    /// <paramref name="rtlSample"/> overrides the spec's <c>rtl_sample</c> (0: the golden model only).
    /// </summary>
    public static TestSetResult Run(HardwareModel model, TestSet testSet, IReadOnlyList<int[]> weights, IReadOnlyList<RtlFileSet> sets,
        TestSetPricing pricing, string workFolder, string? cacheRoot = null, IProgress<TestSetProgress>? progress = null, int? rtlSample = null)
    {
        var clock = Stopwatch.StartNew();
        var golden = GoldenPass(model, testSet, weights, pricing.Engine, progress);
        var goldenSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var sample = Math.Min(rtlSample ?? model.Workload.TestSet?.RtlSample ?? TestSetModel.DefaultRtlSample, testSet.Count);
        var rtl = RtlPass(model, testSet, weights, sets, pricing, sample, workFolder, cacheRoot, progress);
        var rtlSeconds = clock.Elapsed.TotalSeconds;

        TwinTestResult Twin(DesignKind kind)
        {
            var g = golden.Of(kind);
            var r = rtl.Of(kind);
            var goldenSampleCorrect = Enumerable.Range(0, sample).Count(i => g.Predictions[i] == testSet.Labels[i]);
            var prices = kind == DesignKind.Snn ? pricing.Engine.SnnPrices : pricing.Engine.QnnPrices(model.Twin.ActivationBits);
            var analytical = g.Counts.Sum(c => DesignEnergy.Of(c, prices.Energies).TotalPj) / Math.Max(1, testSet.Count);
            var energy = new InferenceEnergy(analytical, Mean(r.AnalyticalPj), Mean(r.ErtPj), Mean(r.MeasuredPj));
            return new TwinTestResult(kind == DesignKind.Snn ? "snn" : "qnn", testSet.Count, g.Correct, sample, r.BitExact, r.Correct,
                r.SameAsGolden, goldenSampleCorrect, energy, Mean(r.Cycles));
        }

        var snn = golden.Snn;
        var qnn = golden.Qnn;
        int disagreements = 0, snnOnly = 0, qnnOnly = 0;
        for (var i = 0; i < testSet.Count; i++)
        {
            if (snn.Predictions[i] != qnn.Predictions[i])
            {
                disagreements++;
                snnOnly += snn.Predictions[i] == testSet.Labels[i] ? 1 : 0;
                qnnOnly += qnn.Predictions[i] == testSet.Labels[i] ? 1 : 0;
            }
        }

        var images = Math.Max(1, testSet.Count);
        var timesteps = model.Neuron.Timesteps;
        var layers = model.Layers.Select((layer, l) => new LayerTestStatistics(
            layer.Name,
            layer.SpikeRate,
            golden.SpikeEvents[l] / ((double)images * layer.Neurons * timesteps),
            layer.QnnSparsity,
            1 - golden.NonZeroActivations[l] / ((double)images * layer.Neurons),
            golden.LevelDifferences[l] / ((double)images * layer.Neurons),
            golden.AboveCapacity[l] / ((double)images * layer.Neurons))).ToList();
        return new TestSetResult(testSet.Source, testSet.Count, Twin(DesignKind.Snn), Twin(DesignKind.Qnn), disagreements, snnOnly, qnnOnly,
            layers, goldenSeconds, rtlSeconds);
    }

    private static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? 0 : values.Average();

    /// <summary>The golden model's results of one twin over every image.</summary>
    private sealed class GoldenTwin(int images, int layers)
    {
        public int[] Predictions { get; } = new int[images];

        public int Correct { get; set; }

        /// <summary>Exact-mode counts per layer, summed over the images.</summary>
        public ActionVector[] Counts { get; } = new ActionVector[layers];
    }

    private sealed class GoldenTotals(int images, int layers)
    {
        public GoldenTwin Snn { get; } = new(images, layers);

        public GoldenTwin Qnn { get; } = new(images, layers);

        public double[] SpikeEvents { get; } = new double[layers];

        public double[] NonZeroActivations { get; } = new double[layers];

        public double[] LevelDifferences { get; } = new double[layers];

        public double[] AboveCapacity { get; } = new double[layers];

        public GoldenTwin Of(DesignKind kind) => kind == DesignKind.Snn ? Snn : Qnn;
    }

    /// <summary>One image's share, accumulated per worker and merged under a lock.</summary>
    private sealed class Partial(int layers)
    {
        public ActionVector[] SnnCounts { get; } = new ActionVector[layers];

        public ActionVector[] QnnCounts { get; } = new ActionVector[layers];

        public double[] SpikeEvents { get; } = new double[layers];

        public double[] NonZero { get; } = new double[layers];

        public double[] LevelDifferences { get; } = new double[layers];

        public double[] AboveCapacity { get; } = new double[layers];

        public int SnnCorrect { get; set; }

        public int QnnCorrect { get; set; }
    }

    private static GoldenTotals GoldenPass(HardwareModel model, TestSet testSet, IReadOnlyList<int[]> weights, AnalyticalEnergyModel engine,
        IProgress<TestSetProgress>? progress)
    {
        var layers = model.Layers.Count;
        var totals = new GoldenTotals(testSet.Count, layers);
        var capacity = NetworkData.MaxLevel(model.Neuron) * model.Neuron.Timesteps;
        var done = 0;
        var gate = new object();
        var options = new ParallelOptions { CancellationToken = Interruption.Token, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, testSet.Count, options, () => new Partial(layers), (i, _, partial) =>
        {
            var data = testSet.Data(model, weights, i);
            var snn = GoldenModel.RunSnn(model, data).Trace;
            var qnn = GoldenModel.RunQnn(model, data).Trace;
            var snnClass = Prediction(model, snn);
            var qnnClass = Prediction(model, qnn);
            totals.Snn.Predictions[i] = snnClass;
            totals.Qnn.Predictions[i] = qnnClass;
            partial.SnnCorrect += snnClass == testSet.Labels[i] ? 1 : 0;
            partial.QnnCorrect += qnnClass == testSet.Labels[i] ? 1 : 0;
            var snnVectors = engine.ExactVectors(snn);
            var qnnVectors = engine.ExactVectors(qnn);
            for (var l = 0; l < layers; l++)
            {
                partial.SnnCounts[l].AddScaled(snnVectors[l], 1);
                partial.QnnCounts[l].AddScaled(qnnVectors[l], 1);
                var counts = new int[model.Layers[l].Neurons];
                foreach (var step in snn.Layers[l].Outputs)
                {
                    partial.SpikeEvents[l] += step.Count;
                    foreach (var spike in step)
                    {
                        counts[spike.Address] += spike.Value;
                    }
                }

                var activations = new int[counts.Length];
                foreach (var activation in qnn.Layers[l].Outputs[0])
                {
                    activations[activation.Address] = activation.Value;
                    partial.NonZero[l] += activation.Value > 0 ? 1 : 0;
                }

                for (var n = 0; n < counts.Length; n++)
                {
                    partial.LevelDifferences[l] += counts[n] != activations[n] ? 1 : 0;
                    partial.AboveCapacity[l] += activations[n] > capacity ? 1 : 0;
                }
            }

            var finished = Interlocked.Increment(ref done);
            if (progress is not null && (finished % 500 == 0 || finished == testSet.Count))
            {
                progress.Report(new TestSetProgress("golden", finished, testSet.Count));
            }

            return partial;
        }, partial =>
        {
            lock (gate)
            {
                totals.Snn.Correct += partial.SnnCorrect;
                totals.Qnn.Correct += partial.QnnCorrect;
                for (var l = 0; l < layers; l++)
                {
                    totals.Snn.Counts[l].AddScaled(partial.SnnCounts[l], 1);
                    totals.Qnn.Counts[l].AddScaled(partial.QnnCounts[l], 1);
                    totals.SpikeEvents[l] += partial.SpikeEvents[l];
                    totals.NonZeroActivations[l] += partial.NonZero[l];
                    totals.LevelDifferences[l] += partial.LevelDifferences[l];
                    totals.AboveCapacity[l] += partial.AboveCapacity[l];
                }
            }
        });
        return totals;
    }

    private sealed class RtlTwin
    {
        public int BitExact { get; set; }

        public int Correct { get; set; }

        public int SameAsGolden { get; set; }

        public List<double> AnalyticalPj { get; } = [];

        public List<double> ErtPj { get; } = [];

        public List<double> MeasuredPj { get; } = [];

        public List<double> Cycles { get; } = [];
    }

    private sealed class RtlTotals
    {
        public RtlTwin Snn { get; } = new();

        public RtlTwin Qnn { get; } = new();

        public RtlTwin Of(DesignKind kind) => kind == DesignKind.Snn ? Snn : Qnn;
    }

    private static RtlTotals RtlPass(HardwareModel model, TestSet testSet, IReadOnlyList<int[]> weights, IReadOnlyList<RtlFileSet> sets,
        TestSetPricing pricing, int sample, string workFolder, string? cacheRoot, IProgress<TestSetProgress>? progress)
    {
        var totals = new RtlTotals();
        if (sample == 0)
        {
            return totals;
        }

        Toolchain.Require("verilator");
        for (var i = 0; i < sample; i++)
        {
            Interruption.Token.ThrowIfCancellationRequested();
            var data = testSet.Data(model, weights, i);
            var outcomes = TwinSimulation.RunAll(model, data, sets, workFolder, cacheRoot);
            foreach (var outcome in outcomes)
            {
                var twin = totals.Of(outcome.Design);
                var rtlClass = outcome.Rtl.Failure is null ? Prediction(model, outcome.Rtl.Trace) : -1;
                var goldenClass = Prediction(model, outcome.Golden.Trace);
                twin.BitExact += outcome.GoldenMatch && outcome.CountsMatch ? 1 : 0;
                twin.Correct += rtlClass == testSet.Labels[i] ? 1 : 0;
                twin.SameAsGolden += rtlClass == goldenClass ? 1 : 0;
                var (analytical, ert, measured) = Price(model, pricing, outcome);
                twin.AnalyticalPj.Add(analytical);
                twin.ErtPj.Add(ert);
                twin.MeasuredPj.Add(measured);
                twin.Cycles.Add(outcome.Rtl.Cycles);
            }

            progress?.Report(new TestSetProgress("rtl", i + 1, sample));
        }

        return totals;
    }

    /// <summary>One RTL image of one twin: analytical exact mode, the ERT of the measured counts, and the measured energy.</summary>
    private static (double Analytical, double Ert, double Measured) Price(HardwareModel model, TestSetPricing pricing, TwinOutcome outcome)
    {
        var engine = pricing.Engine;
        var prices = outcome.Design == DesignKind.Snn ? engine.SnnPrices : engine.QnnPrices(model.Twin.ActivationBits);
        var analytical = engine.ExactVectors(outcome.Golden.Trace).Sum(v => DesignEnergy.Of(v, prices.Energies).TotalPj);
        var widths = DesignWidths.Of(model, outcome.Design == DesignKind.Snn, model.Twin.ActivationBits);
        var measuredModel = new MeasuredEnergyModel(outcome.Set.Design, pricing.Table, prices, widths, pricing.Calibration, outcome.Set.Probes,
            outcome.Set.Registers ?? throw new InvalidOperationException("the simulated set lists no flip-flops"));
        var measured = measuredModel.Price(outcome.Rtl.LayerCounts, outcome.Rtl.LayerToggles, outcome.Rtl.Dram);
        return (analytical, measured.Sum(l => l.ErtEnergyPj), measured.Sum(l => l.MeasuredEnergyPj));
    }
}
