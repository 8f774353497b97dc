// Renders a RunResult: report.md for people, report.json for programs, plots, and the ecosystem exports.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Report;

public static class RunReportWriter
{
    public const string AnalyticalModel = "hwgen-analytical-v1: count formulas of docs/hardware.md x ERT (docs/energy.md)";
    public const string MeasuredModel = MeasuredEnergy.ModelName + ": per component a sum of named terms (quantity x pJ per unit, each with its source): unit toggles x calibrated energy per toggle (arithmetic) + fixed, address, data and flipped-bit parts of each memory and queue access at the memory's own size + DRAM bursts, rows and bus I/O + every flip-flop's toggles and clock + leakage per cycle (docs/measurement.md)";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes report.md, report.json, the plots (when <paramref name="figures"/>) and the exports into <paramref name="folder"/>.</summary>
    public static void Write(RunResult run, string folder, bool figures = true)
    {
        var report = Path.Combine(folder, "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, "report.md"), Markdown(run, figures));
        File.WriteAllText(Path.Combine(report, "report.json"), Formatting.ToJsonText(Json(run)));
        if (run.Corrections is { } corrections)
        {
            // The factors applied, byte for byte: the run folder says what corrected it even when the file is gone.
            File.WriteAllText(Path.Combine(report, GateCorrections.AppliedCopyName), corrections.Text);
        }

        foreach (var extension in figures ? new[] { ".png", ".svg" } : [])
        {
            Plots.Save(run.Curve, Path.Combine(report, "energy-vs-spike-rate" + extension));
            Plots.Save(run.Breakdown, Path.Combine(report, "component-breakdown" + extension));
        }

        var exports = Path.Combine(report, "exports");
        Directory.CreateDirectory(exports);
        foreach (var twin in run.Twins)
        {
            var system = $"{run.Model.Name}.{twin.Name}";
            var rtl = twin.Simulation.Rtl;
            File.WriteAllText(Path.Combine(exports, $"{twin.Name}.ERT.yaml"), AccelergyExport.EnergyReferenceTable(system, AccelergyExport.PricedActions(twin.Prices, twin.Widths)));
            File.WriteAllText(Path.Combine(exports, $"{twin.Name}.action_counts.yaml"), AccelergyExport.ActionCounts(system, rtl.TotalCounts));
            File.WriteAllText(Path.Combine(exports, $"{twin.Name}.power_activity.tcl"), OpenStaActivityExport.PowerActivity(
                twin.Simulation.Set.Design.TopModule, rtl.Toggles, rtl.Cycles, $"hwgen run of '{run.Model.Name}' ({twin.Name})",
                twin.Simulation.Set.Registers?.InstancePorts ?? []));
            if (twin.Coverage is { } coverage)
            {
                File.WriteAllText(Path.Combine(exports, $"{twin.Name}.saif"), SaifExport.Write(twin.Simulation.Set.Design.TopModule, coverage,
                    rtl.Cycles * 1000.0 / run.Model.Core.ClockMhz, $"hwgen run --audit-coverage of {run.Model.Name} ({twin.Name}), Verilator toggle coverage"));
            }
        }
    }

    /// <summary>The name of an effect as the report writes it.</summary>
    public static string EffectName(EffectKind effect) => effect switch
    {
        EffectKind.CapacityScaling => "capacity scaling",
        EffectKind.DataDependentSwitching => "data-dependent switching",
        EffectKind.IdleSwitching => "idle switching",
        EffectKind.RegisterSwitching => "register switching",
        EffectKind.Clock => "clock",
        EffectKind.Leakage => "leakage",
        EffectKind.AccessPattern => "access pattern (DRAM bursts and row activations)",
        _ => effect.ToString(),
    };

    /// <summary>Differences between measured and ERT energy up to this fraction are not explained term by term.</summary>
    public const double ExplainAbove = 0.05;

    /// <summary>
    /// Why a row's measured energy differs from the ERT energy of its measured count: the named effects with their sizes
    /// (they add up to the difference), or that it is within 5%, or that the row is the model again (count × constant).
    /// </summary>
    public static string Explain(ComponentMeasuredEnergy row)
    {
        var difference = row.MeasuredEnergyPj - row.ErtEnergyPj;
        if (row.Basis == MeasuredEnergyBasis.PerAccess)
        {
            return "count x constant only: the model again, not a measurement";
        }

        if (!row.IsAction)
        {
            return "not in the ERT: " + EffectList(row.Effects, 0);
        }

        if (Math.Abs(difference) <= ExplainAbove * Math.Abs(row.ErtEnergyPj))
        {
            return string.Create(Inv, $"within 5% of the ERT ({Pct(row.DifferencePercent)})");
        }

        return EffectList(row.Effects, row.ErtEnergyPj);
    }

    /// <summary>"effect +x pJ (+y%), ..." largest first; the percentages are of <paramref name="ertPj"/> when it is not 0.</summary>
    public static string EffectList(IEnumerable<(EffectKind Effect, double Pj)> effects, double ertPj) =>
        string.Join(", ", effects.Where(e => e.Pj != 0).OrderByDescending(e => Math.Abs(e.Pj))
            .Select(e => ertPj == 0
                ? string.Create(Inv, $"{EffectName(e.Effect)} {SignedPj(e.Pj)} pJ")
                : string.Create(Inv, $"{EffectName(e.Effect)} {SignedPj(e.Pj)} pJ ({Pct(e.Pj / ertPj * 100)})")));

    private static string SignedPj(double value) => value.ToString("+0.###;-0.###;0", Inv);

    private static string Pct(double? value) => value is { } v ? v.ToString("+0.0;-0.0;0.0", Inv) + "%" : "n/a";

    private static string Pj(double value) => value.ToString("0.###", Inv);

    public static string Markdown(RunResult run, bool figures = true)
    {
        var m = run.Model;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# HwGen run: {m.Name}\n\n");
        sb.Append(Inv, $"- Spec: {run.Provenance.SpecLabel}; dataflow {m.Dataflow.ToString().ToLowerInvariant()}, {m.Core.Lanes} lanes, T = {m.Neuron.Timesteps}, twin activations {m.Twin.ActivationBits} bits\n");
        sb.Append(Inv, $"- Analytical model: {AnalyticalModel}\n");
        sb.Append(Inv, $"- Measured model: {MeasuredModel}\n");
        sb.Append(Inv, $"- ERT: {run.Provenance.ErtPreset} ({run.Provenance.TechnologyNm} nm); calibration: {run.Provenance.Calibration.Preset}, seed {run.Provenance.Calibration.Seed}, {run.Provenance.Calibration.Cycles} cycles, microbenchmarks sha256 {run.Provenance.Calibration.MicrobenchmarkSha256[..12]}\n");
        sb.Append(Inv, $"- Simulator: {run.Provenance.VerilatorVersion}; golden model: HwGen.Golden.GoldenModel\n\n");

        sb.Append("## Verdict\n\n");
        sb.Append(Inv, $"- Golden match (every output event and final state, bit for bit): {(run.GoldenMatch ? "yes" : "NO")}\n");
        sb.Append(Inv, $"- Counts match (RTL strobes = golden model = analytical exact mode, every action of every layer): {(run.CountsMatch ? "yes" : "NO")}\n");
        foreach (var twin in run.Twins)
        {
            sb.Append(Inv, $"- {twin.Name.ToUpperInvariant()}: analytical {Pj(twin.AnalyticalEnergyPj)} pJ (ERT x predicted counts), ERT of the measured counts {Pj(twin.ErtEnergyPj)} pJ, measured {Pj(twin.MeasuredEnergyPj)} pJ; expected from the spec's statistics {Pj(twin.ExpectedEnergyPj)} pJ; {twin.Simulation.Rtl.Cycles} cycles\n");
            var basis = twin.EnergyByBasis;
            var measuredTotal = twin.MeasuredEnergyPj;
            string Part(string name) => measuredTotal == 0 ? "0" : (basis.Single(b => b.Basis == name).Pj / measuredTotal * 100).ToString("0.###", Inv);
            sb.Append(Inv, $"  - measured share {twin.MeasuredShare * 100:0.###}%: the part of the measured energy that varies with what the simulation did beyond the action counts: bit toggles {Part("toggles")}% (memory and queue address, data and stored-bit toggles, arithmetic units in and out of action, flip-flops, DRAM bus 0->1 transitions), DRAM bus bits returned as zero {Part("data_bits")}% (termination), cycles {Part("cycles")}% (clock and leakage over the run's time); the other {Part("accesses")}% is measured counts x per-access constants (each memory's fixed part at its own size, CACTI's decoder, bitline and sense-amplifier energy, which no data changes; DRAM bursts and row activations)\n");
            var difference = twin.MeasuredEnergyPj - twin.ErtEnergyPj;
            sb.Append(Inv, $"  - measured - ERT = {SignedPj(difference)} pJ ({Pct(Diff(twin.MeasuredEnergyPj, twin.ErtEnergyPj))}){(twin.Effects.Count == 0 ? string.Empty : ": " + EffectList(twin.Effects, twin.ErtEnergyPj))}\n");
        }

        if (run.Corrections is not null)
        {
            foreach (var twin in run.Twins.Where(t => t.Corrected is not null))
            {
                sb.Append(Inv, $"- {twin.Name.ToUpperInvariant()} gate-corrected (measured with the gate-level factors of the section below applied; not a measurement): {Pj(twin.Corrected!.CorrectedPj)} pJ beside measured {Pj(twin.MeasuredEnergyPj)} pJ ({Pct(Diff(twin.Corrected.CorrectedPj, twin.MeasuredEnergyPj))})\n");
            }
        }

        var snn = run.Snn;
        var c = run.Comparison;
        sb.Append(Inv, $"- SNN/QNN energy ratio: analytical {Ratio(snn.AnalyticalEnergyPj, run.Qnn.AnalyticalEnergyPj)}, ERT of the measured counts {Ratio(snn.ErtEnergyPj, run.Qnn.ErtEnergyPj)}, measured {Ratio(snn.MeasuredEnergyPj, run.Qnn.MeasuredEnergyPj)}, expected {Ratio(snn.ExpectedEnergyPj, run.Qnn.ExpectedEnergyPj)}\n");
        sb.Append(Inv, $"- Break-even spike rate at T = {m.Neuron.Timesteps} (analytical, the same s_r in every layer): {BreakEvenText(c.BreakEven)} with the spec's statistics; {BreakEvenText(c.RunBreakEven)} with this run's input rate and twin sparsities. This run's SNN spike rate: {c.MeasuredSpikeRate:0.####}. {Standing(c)}\n");
        sb.Append("\n## Statistics: spec against this run\n\nThe expected-mode energy uses the spec's statistics; the analytical and measured energies use this run's data. Where they differ, this table says why.\n\n");
        sb.Append("| layer | spec s_r | run s_r | spec QNN sparsity | run QNN sparsity |\n|---|---:|---:|---:|---:|\n");
        foreach (var s in c.Statistics)
        {
            sb.Append(Inv, $"| {s.Layer} | {s.SpecSpikeRate:0.####} | {s.RunSpikeRate:0.####} | {s.SpecQnnSparsity:0.####} | {s.RunQnnSparsity:0.####} |\n");
        }

        if (run.TestSet is { } testSet)
        {
            sb.Append(TestSetReport.Markdown(m, testSet));
        }

        if (run.SpikeRateWarnings.Count > 0)
        {
            sb.Append("\n## Warnings\n\n");
            foreach (var warning in run.SpikeRateWarnings)
            {
                sb.Append("- ").Append(warning.ToString()).Append('\n');
            }
        }

        MeasuredModelSection(run, sb);
        CorrectionsSection(run, sb);
        sb.Append("\n## Cycles\n\n| twin | cycles | analytical lower bound | ratio |\n|---|---:|---:|---:|\n");
        foreach (var twin in run.Twins)
        {
            var o = twin.Simulation;
            sb.Append(Inv, $"| {twin.Name} | {o.Rtl.Cycles} | {o.Bound.Total} | {o.Bound.Ratio(o.Rtl.Cycles):0.###} |\n");
        }

        if (run.Model.Mesh is not null)
        {
            sb.Append(NocSection(run));
        }

        foreach (var twin in run.Twins)
        {
            sb.Append(Inv, $"\n## {twin.Name.ToUpperInvariant()}: per layer and component\n\n");
            sb.Append("| layer | component | predicted count | measured count | analytical pJ | ERT pJ | measured pJ | activity share | measured vs ERT | why |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            foreach (var result in twin.Layers)
            {
                var layer = result.Layer;
                foreach (var row in result.Measured.Components.Where(c => c.Count != 0 || c.MeasuredEnergyPj != 0 || (c.IsAction && result.PredictedCounts[c.Action] != 0)))
                {
                    var predicted = row.IsAction ? result.PredictedCounts[row.Action].ToString(Inv) : string.Empty;
                    var analytical = row.IsAction ? Pj(result.Analytical.EnergyPj[ActionIndex.Of(row.Action)]) : string.Empty;
                    var count = row.IsAction ? row.Count.ToString(Inv) + (result.PredictedCounts[row.Action] == row.Count ? string.Empty : " (MISMATCH)") : string.Empty;
                    var share = row.MeasuredEnergyPj == 0 ? "n/a" : (row.ActivityEnergyPj / row.MeasuredEnergyPj * 100).ToString("0.#", Inv) + "%";
                    sb.Append(Inv, $"| {layer.Name} | {row.Action} | {predicted} | {count} | {analytical} | {Pj(row.ErtEnergyPj)} | {Pj(row.MeasuredEnergyPj)} | {share} | {Pct(row.DifferencePercent)} | {Explain(row)} |\n");
                }

                if (layer.Mapping.Tiles > 1)
                {
                    sb.Append(layer.Mapping.OnOwnCores
                        ? string.Create(Inv, $"| {layer.Name} | slices | | | | | | {layer.Mapping.Tiles} slices on their own cores: every slice core receives, stores and reads the layer's input events (counted in both) |\n")
                        : string.Create(Inv, $"| {layer.Name} | refetch | | | | | | {layer.Mapping.Tiles} output tiles: every tile replays the layer's input events (counted in both) |\n"));
                }
            }
        }

        foreach (var twin in run.Twins.Where(t => t.Layers.All(l => l.Timesteps.Count > 0)))
        {
            var steps = twin.Layers.Max(l => l.Timesteps.Count);
            sb.Append(Inv, $"\n## {twin.Name.ToUpperInvariant()}: measured energy per timestep (pJ)\n\nWeight loading belongs to no timestep; it is the layer total less its timesteps.\n\n");
            sb.Append("| layer | ").Append(string.Join(" | ", Enumerable.Range(0, steps).Select(t => $"t={t}"))).Append(" | loading | layer |\n");
            sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", steps + 2))).Append('\n');
            foreach (var result in twin.Layers)
            {
                var perStep = result.Timesteps.Select(e => e.MeasuredEnergyPj).ToList();
                var layerTotal = result.Measured.MeasuredEnergyPj;
                sb.Append(Inv, $"| {result.Layer.Name} | ").Append(string.Join(" | ", perStep.Select(Pj)))
                    .Append(Inv, $" | {Pj(layerTotal - perStep.Sum())} | {Pj(layerTotal)} |\n");
            }
        }

        sb.Append("\n## Files\n\n- `report.json`: the same figures for programs, with the simulation speed of this run\n");
        if (figures)
        {
            sb.Append("- `energy-vs-spike-rate.png|svg`: analytical SNN and twin energy against spike rate, crossing marked\n");
            sb.Append("- `component-breakdown.png|svg`: analytical energy per layer and component for the run's data\n");
        }

        sb.Append("- `exports/`: Accelergy `ERT.yaml` and `action_counts.yaml`, OpenSTA `set_power_activity` per twin\n");
        return sb.ToString();
    }

    /// <summary>The measured energy by the gate level's signal classes (the rest: memories, DRAM, leakage).</summary>
    private static JsonObject ClassesJson(IReadOnlyList<MeasuredClassEnergy> classes) =>
        new(classes.Select(c => KeyValuePair.Create(c.Class, (JsonNode?)c.Pj)));

    private static JsonArray EffectsJson(IEnumerable<(EffectKind Effect, double Pj)> effects) =>
        new(effects.Select(e => (JsonNode)new JsonObject { ["effect"] = EffectName(e.Effect), ["energy_pj"] = e.Pj }).ToArray());

    /// <summary>A term kind as report.json names it (snake_case).</summary>
    public static string TermKindName(TermKind kind) => kind switch
    {
        TermKind.FixedPerAccess => "fixed_per_access",
        TermKind.AddressToggles => "address_toggles",
        TermKind.DataToggles => "data_toggles",
        TermKind.StoredBitFlips => "stored_bit_flips",
        TermKind.InActionToggles => "in_action_toggles",
        TermKind.IdleToggles => "idle_toggles",
        TermKind.RegisterToggles => "register_toggles",
        TermKind.Clock => "clock",
        TermKind.Leakage => "leakage",
        TermKind.DramBurst => "dram_burst",
        TermKind.DramRowActivation => "dram_row_activation",
        TermKind.DramBusZeros => "dram_bus_zeros",
        TermKind.DramBusRises => "dram_bus_rises",
        TermKind.LinkToggles => "link_toggles",
        _ => kind.ToString(),
    };

    /// <summary>A term's JSON with its caveat when it has one (terms inside their reference data carry no key).</summary>
    private static JsonObject WithCaveat(this JsonObject term, string? caveat)
    {
        if (caveat is not null)
        {
            term["caveat"] = caveat;
        }

        return term;
    }

    /// <summary>The measured model's circuit figures with their sources, and every memory the ERT prices at another memory's figure.</summary>
    private static void MeasuredModelSection(RunResult run, StringBuilder sb)
    {
        sb.Append("\n## Measured model: figures and sources\n\n");
        sb.Append(Inv, $"Every row below is a sum of named terms (report.json lists each with its quantity, unit, pJ per unit and source); clock and leakage are counted per cycle at core.clock_mhz = {run.Model.Core.ClockMhz:0.###} MHz.\n\n");
        if (run.Provenance.Circuit is { } c)
        {
            sb.Append(Inv, $"- Flip-flops: clock {c.FlipFlop.ClockPj * 1000:0.###} fJ per flip-flop per cycle, {c.FlipFlop.TogglePj * 1000:0.###} fJ per output toggle, leakage {c.FlipFlop.LeakageNw:0.###} nW: {c.FlipFlop.Source}\n");
            sb.Append(Inv, $"- SRAM accesses: read = fixed {c.Sram.Read.Fixed:0.###} + address {c.Sram.Read.Address:0.###} + data {c.Sram.Read.Data:0.###}, write = fixed {c.Sram.Write.Fixed:0.###} + address {c.Sram.Write.Address:0.###} + data {c.Sram.Write.Data:0.###} + flipped bits {c.Sram.Write.Flips:0.###} of the memory's size-aware energy per access: {c.Sram.BreakdownSource}\n");
            sb.Append(Inv, $"- SRAM leakage: {c.Sram.LeakageSource}\n");
            var outside = run.Twins
                .SelectMany(t => t.Layers.SelectMany(l => l.Measured.Components)
                    .SelectMany(r => r.Terms.Where(x => x.Caveat is not null).Select(x => (Twin: t.Name, Component: r.Action.Component, x.Name, Caveat: x.Caveat!))))
                .Distinct().ToList();
            foreach (var (twin, component, name, caveat) in outside)
            {
                sb.Append(Inv, $"  - **outside the reference data**, {twin} {component} ({name}): {caveat}\n");
            }

            sb.Append(Inv, $"- DRAM: per word burst {c.Dram.Burst:0.###} ({c.Dram.BurstBits}-bit bursts), row activation {c.Dram.RowActivation:0.###} ({c.Dram.RowBits}-bit rows), bus zeros {c.Dram.BusZeros:0.###}, bus 0->1 transitions {c.Dram.BusRises:0.###} of the ERT's energy per word: {c.Dram.Source}\n");
        }

        var flagged = run.Twins.SelectMany(t => t.MemoryPrices.Where(m => m.Flagged).Select(m => (t.Name, m))).ToList();
        if (flagged.Count > 0)
        {
            sb.Append("\n**Memory sizes.** The ERT prices these memories at a figure measured for another memory; the analytical and ERT energies keep it, the measured energy prices each memory at its own size (the difference is the \"capacity scaling\" effect):\n\n");
            foreach (var (twin, m) in flagged)
            {
                sb.Append(Inv, $"- {twin}: {m.Flag}\n");
            }
        }
    }

    /// <summary>Which gate-level factors were applied, from which file, measured on which design; per twin and class the measured and the corrected figure.</summary>
    private static void CorrectionsSection(RunResult run, StringBuilder sb)
    {
        if (run.Corrections is not { } k)
        {
            return;
        }

        sb.Append("\n## Gate-level corrections applied\n\n");
        sb.Append(Inv, $"The measured figures below are {MeasuredEnergy.ModelName}'s; the **gate-corrected** figures multiply each signal class's measured energy by the gate/RTL factor of `{k.File}` (sha256 {k.Sha256[..12]}, kept as `report/{GateCorrections.AppliedCopyName}`). ");
        sb.Append(Inv, $"The factors were measured by `hwgen run --gate-level` on spec '{k.Spec}' ({k.SpecLabel}) with ERT {k.ErtPreset}, {k.MeasuredModel} and {k.Liberty} (scaling factor {k.ScalingFactor:0.#####} to the ERT's node). ");
        sb.Append("Memories, DRAM, leakage and classes without a factor are not corrected. A corrected figure is an estimate from another run's gate-level energy, not a measurement of this run.\n\n");
        sb.Append("| twin | design sha256 (this run = file) | gate-level run's cycles | this run's cycles | class | factor | measured pJ | gate-corrected pJ |\n|---|---|---:|---:|---|---:|---:|---:|\n");
        foreach (var twin in run.Twins.Where(t => t.Corrected is not null))
        {
            var f = twin.Corrected!.Factors;
            foreach (var cls in twin.Corrected.Classes)
            {
                sb.Append(Inv, $"| {twin.Name} | {f.DesignSha256[..12]} | {f.Cycles} | {twin.Simulation.Rtl.Cycles} | {cls.Class} | {(cls.Factor is { } x ? x.ToString("0.####", Inv) : "none")} | {Pj(cls.MeasuredPj)} | {Pj(cls.CorrectedPj)} |\n");
            }

            sb.Append(Inv, $"| {twin.Name} | | | | **total** (the rest uncorrected) | | {Pj(twin.Corrected.MeasuredPj)} | {Pj(twin.Corrected.CorrectedPj)} |\n");
        }

        sb.Append(Inv, $"\nSNN/QNN energy ratio: measured {Ratio(run.Snn.MeasuredEnergyPj, run.Qnn.MeasuredEnergyPj)}, gate-corrected {Ratio(run.Snn.Corrected?.CorrectedPj ?? 0, run.Qnn.Corrected?.CorrectedPj ?? 0)}.\n");
    }

    /// <summary>report.json's `gate_corrections`: the file, its measurement, and the label of the corrected figures.</summary>
    private static JsonObject CorrectionsJson(GateCorrections k) => new()
    {
        ["file"] = k.File,
        ["sha256"] = k.Sha256,
        ["copy"] = "report/" + GateCorrections.AppliedCopyName,
        ["label"] = $"gate-corrected: {MeasuredEnergy.ModelName} with each class scaled by the file's gate/RTL factor; an estimate, not a measurement",
        ["measured_on"] = new JsonObject
        {
            ["spec"] = k.Spec,
            ["spec_label"] = k.SpecLabel,
            ["ert_preset"] = k.ErtPreset,
            ["measured_model"] = k.MeasuredModel,
            ["liberty"] = k.Liberty,
            ["scaling_factor"] = k.ScalingFactor,
        },
    };

    private static JsonObject CorrectedJson(TwinResult twin)
    {
        var c = twin.Corrected!;
        return new JsonObject
        {
            ["design_sha256"] = c.Factors.DesignSha256,
            ["gate_level_cycles"] = c.Factors.Cycles,
            ["measured_energy_pj"] = c.MeasuredPj,
            ["gate_corrected_energy_pj"] = c.CorrectedPj,
            ["classes"] = new JsonArray(c.Classes.Select(x => (JsonNode)new JsonObject
            {
                ["class"] = x.Class,
                ["factor"] = x.Factor,
                ["measured_pj"] = x.MeasuredPj,
                ["gate_corrected_pj"] = x.CorrectedPj,
            }).ToArray()),
        };
    }

    private static double? Diff(double measured, double analytical) => analytical == 0 ? null : (measured - analytical) / analytical * 100;

    /// <summary>
    /// A mesh run's NoC: per twin and link class the bits × hops, link toggles and energy (analytical per bit × hop,
    /// measured from the toggles), the flits and the injection stalls; then the SNN/QNN ratio with and without the NoC.
    /// </summary>
    private static string NocSection(RunResult run)
    {
        var sb = new StringBuilder("\n## Network-on-chip\n\n");
        sb.Append(Inv, $"Link energy: analytical = bits x hops x ERT energy per bit x hop; measured = link toggles x that energy / {MeasuredEnergy.RandomDataLinkToggleRate} (the toggle rate of random data).\n\n");
        sb.Append("| twin | class | bits x hops | link toggles | analytical pJ | measured pJ | difference |\n|---|---|---:|---:|---:|---:|---:|\n");
        double Sum(TwinResult twin, ActionKey action, Func<LayerResult, ComponentMeasuredEnergy?, double> pick) =>
            twin.Layers.Sum(l => pick(l, l.Measured.Components.FirstOrDefault(c => c.Action == action)));
        foreach (var twin in run.Twins)
        {
            foreach (var (name, action) in new[] { ("sparse", Actions.NocSparseBitHop), ("dense", Actions.NocDenseBitHop) })
            {
                var bitHops = Sum(twin, action, (l, _) => l.MeasuredCounts[action]);
                var toggles = Sum(twin, action, (_, c) => c?.Toggles ?? 0);
                var analytical = Sum(twin, action, (l, _) => l.Analytical.EnergyPj[ActionIndex.Of(action)]);
                var measured = Sum(twin, action, (_, c) => c?.MeasuredEnergyPj ?? 0);
                sb.Append(Inv, $"| {twin.Name} | {name} | {bitHops} | {toggles} | {Pj(analytical)} | {Pj(measured)} | {Pct(Diff(measured, analytical))} |\n");
            }
        }

        sb.Append('\n');
        foreach (var twin in run.Twins)
        {
            var noc = twin.Simulation.Rtl.Noc!.Total;
            sb.Append(Inv, $"- {twin.Name}: {noc.Flits} flits ({noc.SparseFlits} sparse, {noc.DenseFlits} dense, {noc.Markers} markers), {noc.FlitHops} flit hops, {twin.Simulation.Rtl.NocStallCycles} injection stall cycles\n");
        }

        double Noc(TwinResult twin, bool measured) => twin.Layers.Sum(l =>
            measured
                ? l.Measured.Components.Where(c => c.Action == Actions.NocSparseBitHop || c.Action == Actions.NocDenseBitHop).Sum(c => c.MeasuredEnergyPj)
                : l.Analytical.EnergyPj[ActionIndex.Of(Actions.NocSparseBitHop)] + l.Analytical.EnergyPj[ActionIndex.Of(Actions.NocDenseBitHop)]);
        double Total(TwinResult twin, bool measured) => twin.Layers.Sum(l => measured ? l.Measured.MeasuredEnergyPj : l.Analytical.TotalPj);
        var (snn, qnn) = (run.Snn, run.Qnn);
        sb.Append(Inv, $"- SNN/QNN ratio with the NoC: analytical {Ratio(Total(snn, false), Total(qnn, false))}, measured {Ratio(Total(snn, true), Total(qnn, true))}; without it: analytical {Ratio(Total(snn, false) - Noc(snn, false), Total(qnn, false) - Noc(qnn, false))}, measured {Ratio(Total(snn, true) - Noc(snn, true), Total(qnn, true) - Noc(qnn, true))}\n");
        return sb.ToString();
    }

    private static string Ratio(double snn, double qnn) => qnn == 0 ? "n/a" : (snn / qnn).ToString("0.####", Inv);

    private static string BreakEvenText(BreakEvenPoint point) => point.Kind switch
    {
        BreakEvenKind.Never => "never (the SNN loses even with no spikes)",
        BreakEvenKind.Always => "always (the SNN wins even when every neuron fires every timestep)",
        _ => point.SpikeRate.ToString("0.####", Inv),
    };

    /// <summary>The verdict at this run's spike rate, against the break-even of this run's statistics.</summary>
    private static string Standing(TwinComparison comparison)
    {
        var point = comparison.RunBreakEven;
        return point.Kind switch
        {
            BreakEvenKind.Never => "With this run's statistics the SNN does not win at any spike rate on this hardware.",
            BreakEvenKind.Always => "With this run's statistics the SNN wins at any spike rate on this hardware.",
            _ => comparison.MeasuredSpikeRate < point.SpikeRate
                ? "Below this run's break-even: the SNN wins."
                : "At or above this run's break-even: the QNN twin wins.",
        };
    }

    public static JsonObject Json(RunResult run)
    {
        var m = run.Model;
        var json = new JsonObject
        {
            ["spec"] = m.Name,
            ["spec_source"] = run.Provenance.SpecLabel,
            ["analytical_model"] = AnalyticalModel,
            ["measured_model"] = MeasuredModel,
            ["ert"] = run.Provenance.ErtPreset,
            ["calibration"] = new JsonObject
            {
                ["preset"] = run.Provenance.Calibration.Preset,
                ["seed"] = run.Provenance.Calibration.Seed,
                ["cycles"] = run.Provenance.Calibration.Cycles,
                ["microbenchmark_sha256"] = run.Provenance.Calibration.MicrobenchmarkSha256,
            },
            ["verilator"] = run.Provenance.VerilatorVersion,
            ["timesteps"] = m.Neuron.Timesteps,
            ["twin_activation_bits"] = m.Twin.ActivationBits,
            ["golden_match"] = run.GoldenMatch,
            ["counts_match"] = run.CountsMatch,
        };
        foreach (var twin in run.Twins)
        {
            json[twin.Name] = TwinJson(run, twin);
        }

        if (run.TestSet is { } testSet)
        {
            json["test_set"] = TestSetReport.Json(testSet);
            TestSetReport.AddTwinFields(json["snn"]!.AsObject(), testSet.Snn);
            TestSetReport.AddTwinFields(json["qnn"]!.AsObject(), testSet.Qnn);
        }

        var snn = run.Snn;
        var c = run.Comparison;
        json["ratio"] = new JsonObject
        {
            ["analytical"] = snn.AnalyticalEnergyPj / run.Qnn.AnalyticalEnergyPj,
            ["ert"] = snn.ErtEnergyPj / run.Qnn.ErtEnergyPj,
            ["measured"] = snn.MeasuredEnergyPj / run.Qnn.MeasuredEnergyPj,
            ["expected"] = snn.ExpectedEnergyPj / run.Qnn.ExpectedEnergyPj,
        };
        if (run.Corrections is { } corrections)
        {
            json["gate_corrections"] = CorrectionsJson(corrections);
            json["ratio"]!["gate_corrected"] = snn.Corrected!.CorrectedPj / run.Qnn.Corrected!.CorrectedPj;
        }

        json["breakeven"] = new JsonObject
        {
            ["timesteps"] = m.Neuron.Timesteps,
            ["kind"] = c.BreakEven.Kind.ToString().ToLowerInvariant(),
            ["spike_rate"] = c.BreakEven.Kind == BreakEvenKind.Crossing ? c.BreakEven.SpikeRate : null,
            ["run_statistics_kind"] = c.RunBreakEven.Kind.ToString().ToLowerInvariant(),
            ["run_statistics_spike_rate"] = c.RunBreakEven.Kind == BreakEvenKind.Crossing ? c.RunBreakEven.SpikeRate : null,
            ["measured_spike_rate"] = c.MeasuredSpikeRate,
        };
        json["spike_rate_warnings"] = new JsonArray(run.SpikeRateWarnings.Select(w => (JsonNode)new JsonObject
        {
            ["code"] = w.Code,
            ["file"] = w.At.File,
            ["line"] = w.At.Line,
            ["column"] = w.At.Column,
            ["layer"] = w.Layer,
            ["key"] = w.Key,
            ["spec_rate"] = w.SpecRate,
            ["measured_rate"] = w.MeasuredRate,
            ["message"] = w.Message,
        }).ToArray());
        json["statistics"] = new JsonArray(c.Statistics.Select(s => (JsonNode)new JsonObject
        {
            ["layer"] = s.Layer,
            ["spec_spike_rate"] = s.SpecSpikeRate,
            ["run_spike_rate"] = s.RunSpikeRate,
            ["spec_qnn_sparsity"] = s.SpecQnnSparsity,
            ["run_qnn_sparsity"] = s.RunQnnSparsity,
        }).ToArray());

        return json;
    }

    private static JsonObject TwinJson(RunResult run, TwinResult twin)
    {
        var o = twin.Simulation;
        var layers = new JsonArray();
        foreach (var result in twin.Layers)
        {
            var components = new JsonArray();
            foreach (var row in result.Measured.Components)
            {
                double? analytical = row.IsAction ? result.Analytical.EnergyPj[ActionIndex.Of(row.Action)] : null;
                components.Add(new JsonObject
                {
                    ["action"] = row.Action.ToString(),
                    ["predicted_count"] = row.IsAction ? result.PredictedCounts[row.Action] : null,
                    ["measured_count"] = row.Count,
                    ["toggles"] = row.Toggles,
                    ["analytical_energy_pj"] = analytical,
                    ["ert_energy_pj"] = row.ErtEnergyPj,
                    ["measured_energy_pj"] = row.MeasuredEnergyPj,
                    ["activity_energy_pj"] = row.ActivityEnergyPj,
                    ["difference_percent"] = analytical is { } a ? Diff(row.MeasuredEnergyPj, a) : null,
                    ["measured_vs_ert_percent"] = row.DifferencePercent,
                    ["basis"] = row.Basis == MeasuredEnergyBasis.Activity ? "activity" : "per_access",
                    ["explanation"] = Explain(row),
                    ["effects"] = EffectsJson(row.Effects),
                    ["terms"] = new JsonArray(row.Terms.Select(t => (JsonNode)new JsonObject
                    {
                        ["name"] = t.Name,
                        ["kind"] = TermKindName(t.Kind),
                        ["quantity"] = t.Quantity,
                        ["unit"] = t.Unit,
                        ["pj_per_unit"] = t.PjPerUnit,
                        ["energy_pj"] = t.EnergyPj,
                        ["expected_pj"] = t.ExpectedPj,
                        ["varies_with_activity"] = t.VariesWithActivity,
                        ["source"] = t.Source,
                    }.WithCaveat(t.Caveat)).ToArray()),
                });
            }

            layers.Add(new JsonObject
            {
                ["name"] = result.Layer.Name,
                ["cycles"] = result.Cycles,
                ["analytical_energy_pj"] = result.Analytical.TotalPj,
                ["ert_energy_pj"] = result.Measured.ErtEnergyPj,
                ["measured_energy_pj"] = result.Measured.MeasuredEnergyPj,
                ["measured_share"] = MeasuredEnergy.MeasuredShare([result.Measured]),
                ["register_toggles"] = result.Measured.RegisterToggles,
                ["measured_energy_by_class_pj"] = ClassesJson(result.MeasuredClasses),
                ["gate_corrected_energy_pj"] = twin.Corrected?.Layers.Single(x => x.Layer == result.Measured.Layer).CorrectedPj,
                ["timesteps"] = new JsonArray(result.Timesteps.Select((e, t) => (JsonNode)new JsonObject
                {
                    ["timestep"] = t,
                    ["measured_energy_pj"] = e.MeasuredEnergyPj,
                    ["ert_energy_pj"] = e.ErtEnergyPj,
                }).ToArray()),
                ["components"] = components,
            });
        }

        var json = new JsonObject
        {
            ["golden_match"] = o.GoldenMatch,
            ["counts_match"] = twin.CountsMatch,
            ["analytical_energy_pj"] = twin.AnalyticalEnergyPj,
            ["ert_energy_pj"] = twin.ErtEnergyPj,
            ["measured_energy_pj"] = twin.MeasuredEnergyPj,
            ["measured_share"] = twin.MeasuredShare,
            ["measured_energy_by_basis_pj"] = new JsonObject(twin.EnergyByBasis.Select(b => KeyValuePair.Create(b.Basis, (JsonNode?)b.Pj))),
            ["measured_energy_by_class_pj"] = ClassesJson(twin.MeasuredClasses),
            ["effects"] = EffectsJson(twin.Effects),
            ["expected_energy_pj"] = twin.ExpectedEnergyPj,
            ["cycles"] = o.Rtl.Cycles,
            ["cycle_lower_bound"] = o.Bound.Total,
            ["cycles_per_second"] = Math.Round(o.Rtl.CyclesPerSecond),
            ["mismatches"] = new JsonArray(o.Mismatches.Select(x => (JsonNode)x.ToString()).ToArray()),
            ["count_differences"] = new JsonArray(o.CountDifferences.Concat(twin.PredictionDifferences).Select(x => (JsonNode)x).ToArray()),
            ["layers"] = layers,
        };
        if (twin.Corrected is not null)
        {
            json["gate_corrected"] = CorrectedJson(twin);
        }

        if (twin.Audit is { } audit)
        {
            json["coverage_audit"] = new JsonObject
            {
                ["passed"] = twin.AuditPassed,
                ["buses"] = audit.Rows.Count,
                ["differing"] = new JsonArray(audit.Mismatches.Select(r => (JsonNode)r.ToString()).ToArray()),
                ["not_in_coverage"] = new JsonArray(audit.NotInCoverage.Select(x => (JsonNode)x).ToArray()),
            };
        }

        return json;
    }
}
