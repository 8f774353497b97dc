// The sweep file: keys, types, axes and points that make invalid specs are reported with their sweep-file location and
// a stable code before anything runs; a valid file expands into the grid or zipped points it describes.
using HwGen.Sweep;
using HwGen.Tests.Cli;

namespace HwGen.Tests.Sweep;

[TestFixture]
public sealed class SweepFileTests
{
    [Test]
    public void A_bad_axis_is_reported_at_its_location_with_the_spec_diagnostic()
    {
        var folder = SweepFiles.Scratch("bad-axes");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: bad-axes
            spec: base.yaml
            axis: 3
            mode: rtll
            axes:
              - key: workload.layers[0].spike_rte
                values: [0.1, 0.2]
              - key: workload.layers[5].spike_rate
                values: [0.1]
              - key: neuron.timesteps
                values: [4, 300]
            """);
        var display = SweepPlanner.DisplayPath(path);
        Assert.That(SweepFiles.Diagnostics(path), Is.EqualTo(new[]
        {
            $"{display}:4:1: error HW1010: unknown key 'axis' in the sweep file (did you mean 'axes'?); allowed keys: hwgen_sweep, name, description, spec, mode, combine, axes",
            $"{display}:5:7: error HW1014: 'mode' is 'rtll' (did you mean 'rtl'?); allowed values: analytical, rtl, gate-level",
            $"{display}:7:29: error HW0101: unknown key 'spike_rte' in 'workload.layers[0]' (did you mean 'spike_rate'?); allowed keys: name, type, outputs, out_channels, kernel, stride, padding, input, spike_rate, qnn_sparsity, weights_file, noc_encoding, residual",
            $"{display}:9:19: error HW1022: axis key 'workload.layers[5].spike_rate': index 5 is outside 'workload.layers', which has 2 items in the base spec (indices 0 to 1)",
            $"{display}:12:17: error HW1030: 'neuron.timesteps' = 300 makes an invalid spec in 2 points (points 1, 3): error HW0201: 'neuron.timesteps' is 300; allowed range is 1 to 256",
        }));
    }

    [Test]
    public void A_point_invalid_through_the_base_spec_names_the_axis_value_and_the_base_spec_location()
    {
        var folder = SweepFiles.Scratch("bad-points");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: bad-points
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                values: [4, 64]
              - key: core.lanes
                values: [4, zero]
            """);
        var display = SweepPlanner.DisplayPath(path);
        var spec = SweepPlanner.DisplayPath(Path.Combine(folder, "base.yaml"));
        Assert.That(SweepFiles.Diagnostics(path), Is.EqualTo(new[]
        {
            $"{display}:6:17: error HW1030: 'neuron.timesteps' = 64 makes an invalid spec in 2 points (points 2, 3): {spec}:52:7: error HW0311: layer 'conv1': the global buffer holds 16384 event words but the layer's inputs and outputs need up to 20480 (every neuron firing every timestep)",
            $"{display}:6:17: error HW1030: 'neuron.timesteps' = 64 makes an invalid spec in 2 points (points 2, 3): {spec}:60:7: error HW0311: layer 'fc1': the global buffer holds 16384 event words but the layer's inputs and outputs need up to 17024 (every neuron firing every timestep)",
            $"{display}:8:17: error HW1030: 'core.lanes' = zero makes an invalid spec in 2 points (points 1, 3): error HW0104: 'core.lanes' must be an integer; found 'zero'",
        }));
    }

    [Test]
    public void Wrong_types_ranges_zips_and_modes_are_coded_and_located()
    {
        var folder = SweepFiles.Scratch("bad-values");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: bad-values
            spec: base.yaml
            mode: gate_level
            axes:
              - key: neuron.timesteps
                values: 5
              - zip:
                  - key: core.lanes
                    values: [1, 2, 4]
                  - key: memory.lane_memory.weight_words
                    values: [512, 256]
              - key: workload.layers[*].spike_rate
                range: {from: 0.1, to: 0.5, step: -0.1}
            """);
        var display = SweepPlanner.DisplayPath(path);
        Assert.That(SweepFiles.Diagnostics(path), Is.EqualTo(new[]
        {
            $"{display}:4:7: error HW1014: 'mode' is 'gate_level' (did you mean 'gate-level'?); allowed values: analytical, rtl, gate-level",
            $"{display}:7:13: error HW1012: 'axes[0].values' must be a list of values; found the integer 5",
            $"{display}:11:14: error HW1027: axis 'memory.lane_memory.weight_words' has 2 values but is zipped with 'core.lanes', which has 3; zipped axes take their values together and need equal lengths",
            $"{display}:14:39: error HW1026: axis 'workload.layers[*].spike_rate': 'step' -0.1 never gets from 0.1 to 0.5",
        }));
    }

    [Test]
    public void Overlapping_axes_and_bad_key_paths_are_refused()
    {
        var folder = SweepFiles.Scratch("overlap");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: overlap
            spec: base.yaml
            axes:
              - key: workload.layers[*].spike_rate
                values: [0.1]
              - key: workload.layers[1].spike_rate
                values: [0.2]
              - key: core..lanes
                values: [1]
              - key: core.lanes.depth
                values: [1]
            """);
        var display = SweepPlanner.DisplayPath(path);
        Assert.That(SweepFiles.Diagnostics(path), Is.EqualTo(new[]
        {
            $"{display}:7:10: error HW1024: axis key 'workload.layers[1].spike_rate' sets what axis 'workload.layers[*].spike_rate' (line 5) already sets; each spec key may be swept by one axis",
            $"{display}:9:15: error HW1020: axis key 'core..lanes' is not a spec key path: an empty key between dots; write dotted keys with list indices, e.g. 'workload.layers[1].spike_rate' or 'workload.layers[*].spike_rate'",
            $"{display}:11:21: error HW1023: axis key 'core.lanes.depth': 'core.lanes' is the integer 4 in the base spec, so it cannot be a mapping with the key 'depth'",
        }));
    }

    [Test]
    public void The_cli_exits_2_and_writes_nothing_for_an_invalid_sweep()
    {
        var folder = SweepFiles.Scratch("cli-invalid");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: cli-invalid
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                values: [4, 300]
            """);
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run("sweep", path, "-o", output);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("error HW1030: 'neuron.timesteps' = 300 makes an invalid spec in 1 point (point 1)"));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(output), Is.False, "nothing is written");
    }

    [Test]
    public void Parallel_workers_take_rtl_points_longest_first_and_one_worker_takes_every_point_in_order()
    {
        var folder = SweepFiles.Scratch("dispatch-order");
        var plan = SweepFiles.Plan(SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: dispatch-order
            spec: base.yaml
            axes:
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.1, 0.3, 0.2]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.9, 0.7, 0.8]
              - key: mode
                values: [rtl, analytical]
            """));
        var engines = new PointEvaluator.EngineCache();
        var work = plan.Points.Select(p => PointEvaluator.ExpectedWork(p.Model, engines.For(p))).ToList();
        // More spikes in (and a denser twin) mean more lane-memory and buffer accesses: rate 0.3 > 0.2 > 0.1.
        Assert.That(work[2], Is.GreaterThan(work[4]));
        Assert.That(work[4], Is.GreaterThan(work[0]));
        Assert.That(work[0], Is.EqualTo(work[1]), "the estimate depends on the spec, not on the point's mode");
        // RTL points (0, 2, 4) longest first, then the analytical ones (1, 3, 5) in point order; one worker: point order.
        Assert.That(SweepRunner.DispatchOrder(plan.Points, engines, jobs: 2).Select(p => p.Index), Is.EqualTo(new[] { 2, 4, 0, 1, 3, 5 }));
        Assert.That(SweepRunner.DispatchOrder(plan.Points, engines, jobs: 1).Select(p => p.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void A_grid_crosses_its_axes_last_fastest_and_a_zip_takes_values_together()
    {
        var folder = SweepFiles.Scratch("grid");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: grid
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                range: {from: 2, to: 6, step: 2}
              - zip:
                  - key: workload.layers[*].spike_rate
                    range: {from: 0.1, to: 0.3, count: 3}
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.9, 0.8, 0.7]
              - key: mode
                values: [analytical]
            """);
        var plan = SweepFiles.Plan(path);
        Assert.That(plan.Points.Select(p => string.Join(" ", plan.ValuesOf(p))), Is.EqualTo(new[]
        {
            "2 0.1 0.9 analytical", "2 0.2 0.8 analytical", "2 0.3 0.7 analytical",
            "4 0.1 0.9 analytical", "4 0.2 0.8 analytical", "4 0.3 0.7 analytical",
            "6 0.1 0.9 analytical", "6 0.2 0.8 analytical", "6 0.3 0.7 analytical",
        }));
        Assert.That(plan.Points.Select(p => (p.Model.Neuron.Timesteps, p.Model.Layers[1].SpikeRate, p.Model.Layers[0].QnnSparsity)).Last(), Is.EqualTo((6, 0.3, 0.7)));
    }

    [Test]
    public void The_shared_analytical_engine_gives_what_a_fresh_engine_of_each_point_gives()
    {
        var folder = SweepFiles.Scratch("engine");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: engine
            spec: base.yaml
            axes:
              - key: core.lanes
                values: [2, 4]
              - key: neuron.timesteps
                values: [1, 3, 8, 16]
              - key: workload.stimulus.input_spike_rate
                values: [0.1, 0.4]
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.05, 0.3]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.95, 0.7]
            """);
        var plan = SweepFiles.Plan(path);
        Assert.That(plan.Points.Select(p => p.EngineKey).Distinct().Count(), Is.EqualTo(2), "one engine per lane count");
        var cache = new PointEvaluator.EngineCache();
        foreach (var p in plan.Points)
        {
            var shared = PointEvaluator.Analytical(p.Model, cache.For(p));
            var fresh = new HwGen.Energy.AnalyticalEnergyModel(p.Model, HwGen.Energy.EnergyReferenceTableLoader.LoadPreset(p.Model.Technology.Preset));
            var analysis = fresh.Analyze();
            var breakEven = fresh.BreakEven(p.Model.Neuron.Timesteps);
            Assert.That(shared.SnnPj, Is.EqualTo(analysis.Snn.TotalPj).Within(1e-12).Percent, $"point {p.Index} SNN");
            Assert.That(shared.QnnPj, Is.EqualTo(analysis.Qnn.TotalPj).Within(1e-12).Percent, $"point {p.Index} QNN");
            Assert.That(shared.TwinActivationBits, Is.EqualTo(analysis.TwinActivationBits), $"point {p.Index} twin width");
            Assert.That(shared.BreakEven.Kind, Is.EqualTo(breakEven.Kind), $"point {p.Index} break-even kind");
            Assert.That(shared.BreakEven.SpikeRate, Is.EqualTo(breakEven.SpikeRate).Within(1e-12).Percent, $"point {p.Index} break-even");
        }
    }

    /// <summary>
    /// Planning renders a classical design once for all the points that differ only in data and rates; each point's own
    /// render (both twins, at its own T) has the bytes of the shared one, on cores with pools, shortcuts and multi-level spikes.
    /// </summary>
    [TestCase("default")]
    [TestCase("multilevel-leak")]
    [TestCase("pool-residual")]
    public void Classical_points_differing_only_in_data_and_rates_share_one_render_with_their_own_bytes(string spec)
    {
        var folder = SweepFiles.Scratch("render-share-" + spec);
        File.Copy(Path.Combine(RepoPaths.Cases, "000-valid", spec + ".yaml"), Path.Combine(folder, "base.yaml"));
        var path = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(path, """
            hwgen_sweep: 1
            name: share
            spec: base.yaml
            mode: rtl
            axes:
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.02, 0.5, 1.0]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.98, 0.5, 0.0]
              - key: workload.stimulus.input_spike_rate
                values: [0.05, 0.9]
              - key: workload.stimulus.seed
                values: [1, 7]
            """);
        var plan = SweepFiles.Plan(path);
        Assert.That(plan.Points, Has.Count.EqualTo(12));
        var first = plan.Points[0].Rtl!;
        Assert.That(plan.Points.All(p => ReferenceEquals(p.Rtl!.Snn, first.Snn) && ReferenceEquals(p.Rtl.Qnn, first.Qnn)), Is.True, "one render per twin");
        Assert.That(plan.Builds, Is.EqualTo(new BuildPlan(12, 1, 1, 1, 1)));
        foreach (var p in plan.Points)
        {
            Assert.That(HwGen.Emit.RtlGenerator.Render(HwGen.Emit.RtlDesign.Create(p.Model, HwGen.Model.DesignKind.Snn)).ContentHash, Is.EqualTo(first.Snn.ContentHash), $"point {p.Index} SNN");
            Assert.That(HwGen.Emit.RtlGenerator.Render(HwGen.Emit.RtlDesign.Create(p.Model, HwGen.Model.DesignKind.Qnn)).ContentHash, Is.EqualTo(first.Qnn.ContentHash), $"point {p.Index} QNN");
        }
    }

    /// <summary>A mesh design's packet encodings follow the spike rates (noc_encoding: auto), so each mesh point is rendered itself.</summary>
    [Test]
    public void Mesh_points_are_rendered_each_at_their_own_rates()
    {
        var folder = SweepFiles.Scratch("render-mesh");
        File.Copy(Path.Combine(RepoPaths.Cases, "000-valid", "spatial-mesh.yaml"), Path.Combine(folder, "base.yaml"));
        var path = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(path, """
            hwgen_sweep: 1
            name: mesh
            spec: base.yaml
            mode: rtl
            axes:
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.01, 0.9]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.99, 0.1]
            """);
        var plan = SweepFiles.Plan(path);
        Assert.That(plan.Points.Select(p => p.RenderKey), Is.EqualTo(new[] { string.Empty, string.Empty }));
        // The twin's conv1 goes sparse (address + value) at sparsity 0.99 and dense at 0.1.
        Assert.That(plan.Points.Select(p => p.Model.EncodingsOf(HwGen.Model.DesignKind.Qnn)[0].Mode), Is.EqualTo(new[] { HwGen.Model.NocEncoding.Sparse, HwGen.Model.NocEncoding.Dense }));
        Assert.That(plan.Points[0].Rtl!.Qnn.ContentHash, Is.Not.EqualTo(plan.Points[1].Rtl!.Qnn.ContentHash));
        foreach (var p in plan.Points)
        {
            Assert.That(HwGen.Emit.RtlGenerator.Render(HwGen.Emit.RtlDesign.Create(p.Model, HwGen.Model.DesignKind.Snn)).ContentHash, Is.EqualTo(p.Rtl!.Snn.ContentHash), $"point {p.Index} SNN");
            Assert.That(HwGen.Emit.RtlGenerator.Render(HwGen.Emit.RtlDesign.Create(p.Model, HwGen.Model.DesignKind.Qnn)).ContentHash, Is.EqualTo(p.Rtl!.Qnn.ContentHash), $"point {p.Index} QNN");
        }
    }

    [Test]
    public void A_thousand_point_analytical_sweep_records_every_point_once_in_order()
    {
        var folder = SweepFiles.Scratch("thousand");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: thousand
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                range: {from: 1, to: 20, step: 1}
              - zip:
                  - key: workload.layers[*].spike_rate
                    range: {from: 0.01, to: 0.5, step: 0.01}
                  - key: workload.layers[*].qnn_sparsity
                    range: {from: 0.99, to: 0.5, step: -0.01}
            """);
        var plan = SweepFiles.Plan(path);
        var result = SweepRunner.Run(plan, new SweepRunOptions(Path.Combine(folder, "out"), 2));
        Assert.That(result.Records.Select(r => r.Point), Is.EqualTo(Enumerable.Range(0, 1000)));
        Assert.That(result.Records.All(r => r.Status == PointStatus.Ok && r.Measured is null), Is.True);
        var csv = File.ReadAllLines(Path.Combine(folder, "out", SweepFolder.PointsCsv));
        Assert.That(csv, Has.Length.EqualTo(1001));
        Assert.That(csv[1], Does.StartWith("0,ok,analytical,1,0.01,0.99,1,1,yan2024-v1-45nm,"));
    }

    [Test]
    public void The_job_script_passes_point_figures_to_every_task_only_when_asked()
    {
        var folder = SweepFiles.Scratch("script");
        var plan = SweepFiles.Plan(SweepFiles.Write(folder, SweepFiles.RtlRates(3, "script")));
        string Script(bool figures) => SlurmSubmission.Script(plan, Path.Combine(folder, "sweep.yaml"), Path.Combine(folder, "out"),
            new SlurmOptions(3, 2, null, null, false, figures), ["hwgen"], Path.Combine(folder, "cache"));
        var plain = Script(false).Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        var drawn = Script(true).Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        Assert.That(plain, Does.EndWith(" -j 2"));
        Assert.That(drawn, Is.EqualTo(plain + " --point-figures"));
    }
}
