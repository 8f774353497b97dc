// The run stage (`hwgen run`, `hwgen simulate`): one forward pass load → model → emit → simulate → audit → price →
// report → commit. Each step computes its results once as data; the report only formats them; the output folder is
// written through one staging folder and swapped into place last, so a failure or an interrupt leaves nothing behind.
using HwGen.Data;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Report;
using HwGen.Sim;
using HwGen.Synth;
using HwGen.Train;

namespace HwGen.Run;

/// <summary>
/// What to run: a validated spec, its data, where the folder goes, and the optional coverage audit. <paramref name="Twins"/>
/// are twin file sets rendered ahead (a sweep renders the spiking design once at the largest T of the points that share
/// its hardware, and runs each point's T on that build, as docs/rtl.md allows); by default both are rendered from the spec.
/// <paramref name="GateLevel"/> adds both twins' synthesised netlists simulated on the same data (docs/measurement.md).
/// </summary>
public sealed record RunRequest(HardwareModel Model, string SpecLabel, NetworkData Data, string Folder, bool AuditCoverage = false, string? CacheRoot = null,
    IReadOnlyList<RtlFileSet>? Twins = null, bool GateLevel = false)
{
    /// <summary>
    /// Most twin simulations (and netlist simulations) run at once; null: one per core. A sweep that runs several points
    /// at once gives each point its share of the sweep's <c>-j</c>.
    /// </summary>
    public int? Parallelism { get; init; }

    /// <summary>
    /// Whether the report folder gets its figures (PNG and SVG); a sweep's points leave them out unless asked
    /// (<c>hwgen sweep --point-figures</c>): the sweep draws its own, and rendering them is a quarter of a small point's time.
    /// </summary>
    public bool Figures { get; init; } = true;

    /// <summary>The spec's loaded test set (<c>workload.test_set</c>); the run then also reports accuracy and energy per inference.</summary>
    public TestSet? TestSet { get; init; }

    /// <summary>
    /// Gate-level correction factors to apply (`run --apply-corrections`): checked against the spec's preset and each
    /// twin's design before anything is simulated, applied class by class to the measured energy.
    /// </summary>
    public GateCorrections? Corrections { get; init; }
}

/// <summary>What the run is doing, for progress displays: a step, or a twin's simulation.</summary>
public readonly record struct RunProgress(string Step, SimulationProgress? Twin = null);

public static class RunPipeline
{
    /// <summary>
    /// Simulates the requested twins against the golden model (concurrently) and writes the generated folder with each
    /// twin's run data; the `simulate` verb.
    /// </summary>
    public static IReadOnlyList<TwinOutcome> Simulate(HardwareModel model, NetworkData data, IReadOnlyList<DesignKind> twins, string folder,
        IProgress<RunProgress>? progress = null, string? cacheRoot = null)
    {
        using var output = OutputFolder.Begin(folder);
        var sets = RtlGenerator.RenderTwins(model, twins);
        Toolchain.Require("verilator");
        output.Write(RtlGenerator.Files(model, sets));
        var outcomes = TwinSimulation.RunAll(model, data, sets, output.Staging, cacheRoot, TwinProgress(progress));
        output.Commit(model.Name);
        return outcomes;
    }

    /// <summary>The main job: both twins simulated, audited (optionally), priced three ways, reported and committed.</summary>
    public static RunResult Execute(RunRequest request, IProgress<RunProgress>? progress = null)
    {
        var model = request.Model;
        if (!model.HasSpikingDesign)
        {
            throw new Diagnostics.DiagnosticException([RunNeedsTwins(model)]);
        }

        // The folder is checked first, so that a path hwgen may not replace fails before any work.
        using var output = OutputFolder.Begin(request.Folder);

        // Load: the energy table, its calibration and the analytical engine at the spec's statistics.
        progress?.Report(new("load"));
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        // A mesh dataflow's auto encodings and hybrid crossovers follow from this table (a model resolved already stays as it is).
        model = NocEncodingResolver.Resolve(model);
        var engine = new AnalyticalEnergyModel(model, table);
        var scale = request.GateLevel ? GateLevelRun.ScaleFor(model, table.TechnologyNm) : null;
        // Render both twins (no tool needed); factors measured on another design, or at another preset, are refused
        // here, before any tool runs.
        var sets = request.Twins ?? RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        CheckTwins(model, sets);
        if (request.GateLevel && sets.Any(s => s.Design.Mesh is not null))
        {
            throw Diagnostics.DiagnosticBag.Fail(b => b.GateLevelOfMesh(model.Locations.At("dataflow"), model.Dataflow.ToString().ToLowerInvariant()));
        }

        if (request.Corrections is { } corrections)
        {
            var problems = corrections.CheckAgainst(model, sets.Select(s => (s.Design.Twin.Name, GateCorrections.DesignSha256Of(s))).ToList());
            if (problems.Any(d => d.IsError))
            {
                throw new Diagnostics.DiagnosticException(problems);
            }
        }

        Toolchain.Require("verilator");
        var calibration = OwnWidthCalibration.For(model, table, request.CacheRoot);

        // Emit.
        progress?.Report(new("emit"));
        output.Write(RtlGenerator.Files(model, sets));

        // Simulate (both twins at once where there are cores) and audit before anything is committed.
        var outcomes = TwinSimulation.RunAll(model, request.Data, sets, output.Staging, request.CacheRoot, TwinProgress(progress), request.Parallelism);
        var audits = outcomes.Select(o => request.AuditCoverage ? Audit(o, request, output, progress) : ((ToggleAuditResult, IReadOnlyList<ToggleCoveragePoint>)?)null).ToList();

        // Price.
        progress?.Report(new("price"));
        var expected = engine.Analyze();
        var twins = outcomes.Select((o, i) => Price(engine, table, calibration, o, expected, audits[i]?.Item1) with { Coverage = audits[i]?.Item2 }).ToList();
        if (request.Corrections is { } factors)
        {
            twins = twins.Select(t => t with
            {
                Corrected = GateCorrections.Apply(factors.Twin(t.Name)!, t.Layers.Select(l => l.Measured).ToList(), t.Layers.Select(l => l.MeasuredClasses).ToList()),
            }).ToList();
        }

        var snn = outcomes.First(o => o.Design == DesignKind.Snn);
        var qnn = outcomes.First(o => o.Design == DesignKind.Qnn);
        var measured = WorkloadStatistics.FromRun(model, snn.Golden.Trace, qnn.Golden.Trace);
        var comparison = new TwinComparison(
            engine.BreakEven(model.Neuron.Timesteps),
            new AnalyticalEnergyModel(model, table, statistics: measured).BreakEven(model.Neuron.Timesteps),
            NetworkSpikeRate(model, snn.Golden.Trace),
            model.Layers.Select((layer, l) => new LayerRunStatistics(
                layer.Name, layer.SpikeRate, measured.Layers[l].SpikeRate, layer.QnnSparsity, measured.Layers[l].QnnSparsity)).ToList());
        var result = new RunResult(
            model,
            new RunProvenance(request.SpecLabel, table.Preset, table.TechnologyNm, calibration, Toolchain.VerilatorVersion) { Circuit = table.Circuit },
            twins,
            comparison,
            EnergyCurve.ForSpec(engine, model.Neuron.Timesteps),
            ComponentBreakdown.For(engine.AnalyzeExact(snn.Golden.Trace, qnn.Golden.Trace), SpecAnalysis.DataSource(model)),
            SpikeRateCheck.Check(model, snn.Golden.Trace))
        {
            Corrections = request.Corrections,
            GateLevel = scale is null ? null : GateLevelPipeline.Execute(request, twins, scale, output.Staging, progress),
        };

        // Test set: both twins on every image (golden model), the first rtl_sample images in RTL as well.
        if (request.TestSet is { } testSet)
        {
            progress?.Report(new("test set"));
            var work = Path.Combine(output.Staging, ".test-set");
            result = result with
            {
                TestSet = TestSetEvaluation.Run(model, testSet, request.Data.Weights, sets, new TestSetPricing(engine, table, calibration), work, request.CacheRoot,
                    progress is null ? null : new InlineProgress<TestSetProgress>(p => progress.Report(new($"test set: {p.Phase} {p.Done}/{p.Total}")))),
            };
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        // Report, then commit.
        progress?.Report(new("report"));
        RunReportWriter.Write(result, output.Staging, request.Figures);
        if (result.GateLevel is not null)
        {
            GateLevelReportWriter.Write(result, output.Staging);
        }

        output.Commit(model.Name);
        return result;
    }

    /// <summary>Rendered-ahead sets must be the spec's twins, the spiking one built for at least the spec's T.</summary>
    private static void CheckTwins(HardwareModel model, IReadOnlyList<RtlFileSet> sets)
    {
        var kinds = sets.Select(s => s.Design.Design).ToList();
        if (!kinds.SequenceEqual(RtlGenerator.TwinsOf(model)))
        {
            throw new ArgumentException($"the run needs the twins {string.Join(", ", RtlGenerator.TwinsOf(model))}; given {string.Join(", ", kinds)}");
        }

        foreach (var set in sets.Where(s => s.Design.Timesteps < model.Design(s.Design.Design).Timesteps))
        {
            throw new ArgumentException($"the {set.Design.Design} design was built for T = {set.Design.Timesteps}; the run has T = {model.Neuron.Timesteps}");
        }
    }

    private static IProgress<SimulationProgress>? TwinProgress(IProgress<RunProgress>? progress) =>
        progress is null ? null : new InlineProgress<SimulationProgress>(p => progress.Report(new("simulate", p)));

    private static Diagnostics.Diagnostic RunNeedsTwins(HardwareModel model)
    {
        var bag = new Diagnostics.DiagnosticBag();
        bag.RunNeedsSpikingDesign(model.Locations.At("neuron.model"));
        return bag.Items[0];
    }

    /// <summary>Reruns a twin in its --coverage-toggle build; the files go to audit/&lt;twin&gt;/ of the run folder.</summary>
    private static (ToggleAuditResult Audit, IReadOnlyList<ToggleCoveragePoint> Coverage) Audit(TwinOutcome outcome, RunRequest request, OutputFolder output,
        IProgress<RunProgress>? progress)
    {
        progress?.Report(new($"coverage audit ({outcome.Name})"));
        var input = new RtlRunInput(request.Data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), outcome.Golden.Trace.Layers[0].Inputs);
        var folder = Path.Combine(output.Staging, "audit", outcome.Name);
        var (_, audit) = CoreCoverageAudit.Run(outcome.Set, input, folder, request.CacheRoot);
        return (audit, CoverageFile.ParseToggles(File.ReadAllText(Path.Combine(folder, "coverage.dat")), "coverage.dat"));
    }

    /// <summary>One twin priced three ways: expected (spec statistics), analytical exact (the run's traces) and measured (RTL activity).</summary>
    private static TwinResult Price(AnalyticalEnergyModel engine, EnergyReferenceTable table, ToggleCalibration calibration, TwinOutcome outcome,
        NetworkComparison expected, ToggleAuditResult? audit)
    {
        var model = engine.Model;
        var spiking = outcome.Design == DesignKind.Snn;
        var prices = spiking ? engine.SnnPrices : engine.QnnPrices(model.Twin.ActivationBits);
        var widths = DesignWidths.Of(model, spiking, model.Twin.ActivationBits);
        var vectors = engine.ExactVectors(outcome.Golden.Trace);
        var rtl = outcome.Rtl;
        var expectedPj = spiking ? expected.Snn.TotalPj : expected.Qnn.TotalPj;
        if (outcome.Set.Design.Mesh is not null)
        {
            // A mesh: the links priced from their toggles, everything else per access (MeasuredEnergy.PriceMesh).
            var meshMeasured = MeasuredEnergy.PriceMesh(prices, rtl.LayerCounts, rtl.NocLinkToggles);
            var meshLayers = model.Layers.Select((layer, l) => new LayerResult(
                layer,
                vectors[l].ToActionCounts(),
                rtl.LayerCounts[l],
                DesignEnergy.Of(vectors[l], prices.Energies),
                meshMeasured[l],
                rtl.StepCounts.Count > l ? MeasuredEnergy.PriceMesh(prices, rtl.StepCounts[l], []) : [],
                rtl.LayerCycles.Count > l ? rtl.LayerCycles[l] : null)).ToList();
            return new TwinResult(outcome, meshLayers, expectedPj, prices, widths, audit);
        }

        var probes = outcome.Set.Probes;
        var pricing = new MeasuredEnergyModel(outcome.Set.Design, table, prices, widths, calibration, probes,
            outcome.Set.Registers ?? throw new InvalidOperationException("the simulated set lists no flip-flops"));
        var measured = pricing.Price(rtl.LayerCounts, rtl.LayerToggles, rtl.Dram);
        var layers = model.Layers.Select((layer, l) => new LayerResult(
            layer,
            vectors[l].ToActionCounts(),
            rtl.LayerCounts[l],
            DesignEnergy.Of(vectors[l], prices.Energies),
            measured[l],
            rtl.StepCounts.Count > l ? pricing.Price(rtl.StepCounts[l], rtl.StepToggles[l], rtl.Dram) : [],
            rtl.LayerCycles.Count > l ? rtl.LayerCycles[l] : null)
        {
            MeasuredClasses = pricing.Classes(measured[l], rtl.LayerToggles[l]),
            MeasuredInstances = pricing.Instances(measured[l], rtl.LayerToggles[l]),
        }).ToList();
        return new TwinResult(outcome, layers, expectedPj, prices, widths, audit)
        {
            MemoryPrices = pricing.MemoryPrices, ClockMhz = pricing.ClockMhz, MeasuredModel = pricing,
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

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
