// The main job (`hwgen run`): generate both twins, simulate them against the golden model, measure counts and toggles,
// price them three ways (analytical expected, analytical exact, measured) and write the report folder atomically.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Data;
using HwGen.Golden;
using HwGen.Report;

namespace HwGen.Run;

/// <summary>One twin of a run: the simulation, the analytical prediction of its counts and its priced energies.</summary>
public sealed record TwinRunReport(
    TwinOutcome Outcome,
    IReadOnlyList<ActionCounts> PredictedCounts,
    IReadOnlyList<DesignEnergy> AnalyticalEnergy,
    IReadOnlyList<LayerMeasuredEnergy> MeasuredEnergy,
    double ExpectedEnergyPj)
{
    /// <summary>Measured energy per layer and timestep ([layer][t]); weight loading belongs to no timestep.</summary>
    public IReadOnlyList<IReadOnlyList<LayerMeasuredEnergy>> StepEnergy { get; init; } = [];

    public string Name => Outcome.Name;

    /// <summary>Layers whose measured counts differ from the analytical exact-mode prediction: "layer: action: ...".</summary>
    public IReadOnlyList<string> PredictionDifferences =>
        Enumerable.Range(0, PredictedCounts.Count)
            .SelectMany(l => PredictedCounts[l].Differences(Outcome.Rtl.LayerCounts[l]).Select(d => $"layer {l}: {d}"))
            .ToList();

    /// <summary>Measured strobe counts equal both the golden model's and the analytical engine's exact-mode counts.</summary>
    public bool CountsMatch => Outcome.CountsMatch && PredictionDifferences.Count == 0;

    public double AnalyticalEnergyPj => AnalyticalEnergy.Sum(e => e.TotalPj);

    public double MeasuredEnergyPj => MeasuredEnergy.Sum(l => l.MeasuredEnergyPj);
}

/// <summary>Everything a run produced, ready to be rendered.</summary>
public sealed record RunResult(
    HardwareModel Model,
    string SpecLabel,
    SpecEnergyModel Engine,
    ToggleCalibration Calibration,
    string VerilatorVersion,
    IReadOnlyList<TwinRunReport> Twins,
    BreakEvenPoint BreakEven,
    double MeasuredSpikeRate)
{
    /// <summary>Per layer: the spec's s_r and γ beside those of this run (SNN outputs, QNN twin outputs).</summary>
    public IReadOnlyList<LayerRunStatistics> Statistics { get; init; } = [];

    /// <summary>The break-even spike rate with this run's measured statistics in place of the spec's.</summary>
    public BreakEvenPoint? RunBreakEven { get; init; }

    public TwinRunReport? Snn => Twins.FirstOrDefault(t => t.Outcome.Design == DesignKind.Snn);

    public TwinRunReport Qnn => Twins.First(t => t.Outcome.Design == DesignKind.Qnn);

    public bool GoldenMatch => Twins.All(t => t.Outcome.GoldenMatch);

    public bool CountsMatch => Twins.All(t => t.CountsMatch);

    public bool Passed => GoldenMatch && CountsMatch;
}

public static class RunPipeline
{
    /// <summary>Runs every twin of the spec on <paramref name="data"/> and writes the run folder to <paramref name="folder"/>.</summary>
    public static RunResult Execute(HardwareModel model, string specLabel, NetworkData data, string folder, string? cacheRoot = null)
    {
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var calibration = ToggleCalibrationLoader.LoadPreset(model.Technology.Preset);
        var engine = new SpecEnergyModel(model, table);
        var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        Toolchain.Require("verilator");

        // Everything is written into a temporary sibling folder and renamed into place at the end.
        OutputFolder.CheckReplaceable(folder);
        var final = Path.GetFullPath(folder);
        var staging = StagingFolder.Next(final);
        RtlGenerator.Write(model, sets, staging);
        try
        {
            var expected = engine.Analyze();
            var twins = new List<TwinRunReport>();
            foreach (var set in sets)
            {
                var outcome = TwinSimulation.Run(model, data, set, Path.Combine(staging, set.Design.Design.ToString().ToLowerInvariant(), "run"), cacheRoot);
                twins.Add(Price(model, engine, calibration, outcome, outcome.Design == DesignKind.Snn ? expected.Snn.TotalPj : expected.Qnn.TotalPj));
            }

            var timesteps = model.Neuron.Timesteps;
            var snn = twins.FirstOrDefault(t => t.Outcome.Design == DesignKind.Snn);
            var qnn = twins.First(t => t.Outcome.Design == DesignKind.Qnn);
            var statistics = snn is null ? [] : Measure(model, snn.Outcome.Golden.Trace, qnn.Outcome.Golden.Trace);
            var result = new RunResult(
                model,
                specLabel,
                engine,
                calibration,
                Toolchain.VerilatorVersion,
                twins,
                engine.BreakEven(timesteps),
                snn is null ? double.NaN : NetworkSpikeRate(model, snn.Outcome.Golden.Trace))
            {
                Statistics = statistics,
                RunBreakEven = snn is null ? null : new SpecEnergyModel(WithStatistics(model, snn.Outcome.Golden.Trace, statistics), table).BreakEven(timesteps),
            };
            RunReportWriter.Write(result, staging);
            StagingFolder.Commit(staging, final);
            return result;
        }
        catch
        {
            StagingFolder.Discard(staging);
            throw;
        }
    }

    private static TwinRunReport Price(HardwareModel model, SpecEnergyModel engine, ToggleCalibration calibration, TwinOutcome outcome, double expectedEnergyPj)
    {
        var spiking = outcome.Design == DesignKind.Snn;
        var prices = spiking ? engine.SnnPrices : engine.QnnPrices(model.Twin.ActivationBits);
        var vectors = engine.ExactVectors(outcome.Golden.Trace);
        var analytical = vectors.Select(v => DesignEnergy.Of(v, prices.Energies)).ToList();
        var probes = CoreToggleProbes.For(outcome.Set.Design);
        var measured = Energy.MeasuredEnergy.Compute(
            model.Technology.Preset,
            prices,
            calibration,
            outcome.Set.Design.TopModule,
            probes,
            outcome.Rtl.LayerCounts,
            outcome.Rtl.LayerToggles);
        var steps = outcome.Rtl.StepCounts.Select((counts, l) => Energy.MeasuredEnergy.ComputeTimesteps(
            model.Technology.Preset,
            prices,
            calibration,
            outcome.Set.Design.TopModule,
            probes,
            counts,
            outcome.Rtl.StepToggles[l])).ToList();
        return new TwinRunReport(outcome, vectors.Select(v => v.ToActionCounts()).ToList(), analytical, measured, expectedEnergyPj) { StepEnergy = steps };
    }

    /// <summary>Per layer: spec and measured output spike rate (SNN) and zero fraction γ of the QNN twin's outputs.</summary>
    public static IReadOnlyList<LayerRunStatistics> Measure(HardwareModel model, NetworkTrace snn, NetworkTrace qnn)
    {
        var spiking = TraceStatistics.Measure(model, snn);
        return model.Layers.Select((layer, l) =>
        {
            var nonZero = qnn.Layers[l].Outputs[0].Count(e => e.Value != 0);
            return new LayerRunStatistics(layer.Name, layer.SpikeRate, spiking[l].SpikeRate, layer.QnnSparsity, 1 - (double)nonZero / layer.Neurons);
        }).ToList();
    }

    /// <summary>The spec with this run's statistics in place of its expected ones (input rate, s_r and γ per layer).</summary>
    public static HardwareModel WithStatistics(HardwareModel model, NetworkTrace snn, IReadOnlyList<LayerRunStatistics> statistics)
    {
        var inputEvents = snn.Layers[0].Inputs.Sum(step => step.Count);
        var inputRate = (double)inputEvents / ((double)model.Workload.Input.Size * model.Neuron.Timesteps);
        var layers = model.Layers.Select((layer, l) => layer with { SpikeRate = statistics[l].RunSpikeRate, QnnSparsity = statistics[l].RunQnnSparsity }).ToList();
        return model with
        {
            Workload = model.Workload with { Stimulus = model.Workload.Stimulus with { InputSpikeRate = inputRate }, Layers = layers },
        };
    }

    /// <summary>Output spikes over neuron-timesteps, summed over the layers (the s_r the break-even rate is stated in).</summary>
    public static double NetworkSpikeRate(HardwareModel model, NetworkTrace trace)
    {
        double spikes = 0, slots = 0;
        for (var l = 0; l < model.Layers.Count; l++)
        {
            spikes += trace.Layers[l].Outputs.Sum(step => step.Sum(e => (double)e.Value));
            slots += (double)model.Layers[l].Neurons * model.Neuron.Timesteps;
        }

        return slots == 0 ? 0 : spikes / slots;
    }
}

/// <summary>One layer's statistics as the spec expects them and as this run produced them.</summary>
public sealed record LayerRunStatistics(string Layer, double SpecSpikeRate, double RunSpikeRate, double SpecQnnSparsity, double RunQnnSparsity);

/// <summary>Atomic output folders: write into a hidden sibling, then swap it into place.</summary>
public static class StagingFolder
{
    public static string Next(string final)
    {
        OutputFolder.CheckReplaceable(final);
        var parent = Path.GetDirectoryName(final) ?? throw new IOException($"output folder '{final}' has no parent folder");
        var staging = Path.Combine(parent, "." + Path.GetFileName(final) + ".run-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            // Created now so that an unwritable place fails before any simulation, naming the folder the user gave.
            Directory.CreateDirectory(parent);
            Discard(staging);
            Directory.CreateDirectory(staging);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write output folder '{final}': {ex.Message}", ex);
        }

        return staging;
    }

    public static void Commit(string staging, string final)
    {
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(staging, final);
    }

    public static void Discard(string staging)
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
