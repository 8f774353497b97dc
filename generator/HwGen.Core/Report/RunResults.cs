// What a run produced, as pure data computed once by the run stage (Run/RunPipeline.cs): the report only formats it.
using HwGen.Data;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Synth;

namespace HwGen.Report;

/// <summary>Where every figure of a run comes from: the spec, the energy table, the calibration, the simulator.</summary>
public sealed record RunProvenance(string SpecLabel, string ErtPreset, double TechnologyNm, ToggleCalibration Calibration, string VerilatorVersion)
{
    /// <summary>The ERT's circuit figures the measured model used.</summary>
    public CircuitFigures? Circuit { get; init; }
}

/// <summary>One layer of one twin: the analytical prediction beside what the RTL did and what it cost.</summary>
public sealed record LayerResult(
    LayerModel Layer,
    ActionCounts PredictedCounts,
    ActionCounts MeasuredCounts,
    DesignEnergy Analytical,
    LayerMeasuredEnergy Measured,
    IReadOnlyList<LayerMeasuredEnergy> Timesteps,
    long? Cycles)
{
    /// <summary>Actions whose measured count differs from the analytical exact-mode prediction.</summary>
    public IReadOnlyList<string> PredictionDifferences => PredictedCounts.Differences(MeasuredCounts);

    /// <summary>The layer's measured energy by the gate level's signal classes (<see cref="MeasuredEnergyModel.Classes"/>).</summary>
    public IReadOnlyList<MeasuredClassEnergy> MeasuredClasses { get; init; } = [];

    /// <summary>The same classes instance by instance (<see cref="MeasuredEnergyModel.Instances"/>).</summary>
    public IReadOnlyList<MeasuredInstanceEnergy> MeasuredInstances { get; init; } = [];
}

/// <summary>One twin of a run: its simulation, per-layer results, prices and (optionally) its coverage audit.</summary>
public sealed record TwinResult(
    TwinOutcome Simulation,
    IReadOnlyList<LayerResult> Layers,
    double ExpectedEnergyPj,
    ActionPrices Prices,
    DesignWidths Widths,
    ToggleAuditResult? Audit)
{
    public TwinDesign Design => Simulation.Set.Design.Twin;

    /// <summary>Each memory action's size-aware price beside the ERT's (the measured model's; flagged where they differ).</summary>
    public IReadOnlyList<MemoryPrice> MemoryPrices { get; init; } = [];

    /// <summary>The clock the measured model counted leakage and clock energy at.</summary>
    public double ClockMhz { get; init; }

    /// <summary>The measured model that priced the twin (the gate level prices its netlist's memories and DRAM with it).</summary>
    public MeasuredEnergyModel? MeasuredModel { get; init; }

    /// <summary>With `run --apply-corrections`: the measured energy with the gate-level factors applied (the measured figure kept).</summary>
    public CorrectedTwinEnergy? Corrected { get; init; }

    /// <summary>The twin's measured energy by the gate level's signal classes, over the layers.</summary>
    public IReadOnlyList<MeasuredClassEnergy> MeasuredClasses => HwGen.Energy.MeasuredClasses.Sum(Layers.Select(l => l.MeasuredClasses));

    /// <summary>The twin's measured energy by instance and class, over the layers.</summary>
    public IReadOnlyList<MeasuredInstanceEnergy> MeasuredInstances => HwGen.Energy.MeasuredClasses.SumInstances(Layers.Select(l => l.MeasuredInstances));

    /// <summary>Every bit's toggles from the coverage audit (null when the run was not audited): the SAIF export.</summary>
    public IReadOnlyList<ToggleCoveragePoint>? Coverage { get; init; }

    public string Name => Design.Name;

    /// <summary>"layer: action: ..." for every count that differs from the analytical exact-mode prediction.</summary>
    public IReadOnlyList<string> PredictionDifferences =>
        Layers.SelectMany((l, i) => l.PredictionDifferences.Select(d => $"layer {i}: {d}")).ToList();

    /// <summary>Measured strobe counts equal both the golden model's and the analytical engine's exact-mode counts.</summary>
    public bool CountsMatch => Simulation.CountsMatch && PredictionDifferences.Count == 0;

    public bool AuditPassed => Audit is null || (Audit.Passed && Audit.NotInCoverage.Count == 0);

    public double AnalyticalEnergyPj => Layers.Sum(l => l.Analytical.TotalPj);

    public double MeasuredEnergyPj => Layers.Sum(l => l.Measured.MeasuredEnergyPj);

    /// <summary>The ERT energy of the measured counts (what Accelergy gives for the exported ERT and action counts).</summary>
    public double ErtEnergyPj => Layers.Sum(l => l.Measured.ErtEnergyPj);

    /// <summary>The fraction of the measured energy that varies with the run's activity beyond the action counts.</summary>
    public double MeasuredShare => MeasuredEnergy.MeasuredShare(Layers.Select(l => l.Measured));

    /// <summary>The measured energy from toggles, from cycles (clock, leakage) and from access counts (pJ).</summary>
    public IReadOnlyList<(string Basis, double Pj)> EnergyByBasis => MeasuredEnergy.EnergyByBasis(Layers.Select(l => l.Measured));

    /// <summary>measured − ERT of the whole twin, split into named effects (they add up to the difference).</summary>
    public IReadOnlyList<(EffectKind Effect, double Pj)> Effects =>
        Layers.SelectMany(l => l.Measured.Components).SelectMany(c => c.Effects)
            .GroupBy(e => e.Effect).Select(g => (g.Key, g.Sum(e => e.Pj))).OrderBy(e => e.Key).ToList();
}

/// <summary>One layer's statistics as the spec expects them and as this run produced them.</summary>
public sealed record LayerRunStatistics(string Layer, double SpecSpikeRate, double RunSpikeRate, double SpecQnnSparsity, double RunQnnSparsity);

/// <summary>The SNN against its twin: break-even with the spec's and with the run's statistics, and the run's spike rate.</summary>
public sealed record TwinComparison(
    BreakEvenPoint BreakEven,
    BreakEvenPoint RunBreakEven,
    double MeasuredSpikeRate,
    IReadOnlyList<LayerRunStatistics> Statistics);

/// <summary>Everything a run produced, ready to be rendered.</summary>
public sealed record RunResult(
    HardwareModel Model,
    RunProvenance Provenance,
    IReadOnlyList<TwinResult> Twins,
    TwinComparison Comparison,
    EnergyCurve Curve,
    ComponentBreakdown Breakdown,
    IReadOnlyList<SpikeRateWarning> SpikeRateWarnings)
{
    public TwinResult Snn => Twins.First(t => t.Design.Kind == DesignKind.Snn);

    public TwinResult Qnn => Twins.First(t => t.Design.Kind == DesignKind.Qnn);

    public bool GoldenMatch => Twins.All(t => t.Simulation.GoldenMatch);

    public bool CountsMatch => Twins.All(t => t.CountsMatch);

    public bool AuditPassed => Twins.All(t => t.AuditPassed);

    /// <summary>The test-set evaluation (accuracy, RTL sample, energy per inference) when the spec names a test set.</summary>
    public Train.TestSetResult? TestSet { get; init; }

    /// <summary>With `run --apply-corrections`: the factors applied (the file, its design and measurement); each twin's result is <see cref="TwinResult.Corrected"/>.</summary>
    public GateCorrections? Corrections { get; init; }

    /// <summary>With `run --gate-level`: each twin's netlist simulation (docs/measurement.md, "Gate level").</summary>
    public IReadOnlyList<GateLevelTwinResult>? GateLevel { get; init; }

    public bool GateLevelPassed => GateLevel is null || GateLevel.All(g => g.GoldenMatch && g.RtlMatch);

    public bool Passed => GoldenMatch && CountsMatch && AuditPassed && GateLevelPassed && (TestSet?.RtlBitExact ?? true);
}
