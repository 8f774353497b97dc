// Renders one twin into a self-describing file set (RTL, harness, build flags) and writes whole output folders atomically.
using System.Text.Json;
using System.Text.Json.Serialization;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>The rendered files of one twin, keyed by path relative to the twin's folder (LF, deterministic).</summary>
public sealed record RtlFileSet(RtlDesign Design, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Every flip-flop of the design, once the build has listed them (<see cref="RtlGenerator.WithRegisters"/>); null before.</summary>
    public RegisterInventory? Registers { get; init; }

    /// <summary>Every bus the harness counts: the core's probes and, once listed, every register's.</summary>
    public IReadOnlyList<ToggleProbe> Probes => Registers is { } r
        ? [.. CoreToggleProbes.For(Design), .. r.Probes(CoreToggleProbes.For(Design))]
        : CoreToggleProbes.For(Design);

    public IEnumerable<string> VerilogFiles => Files.Keys.Where(k => k.StartsWith("rtl/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>SHA-256 over every file (path and bytes): the Verilator build cache key.</summary>
    public string ContentHash => FileSetHash.Of(Files);
}

public static class RtlGenerator
{
    public const string FlagsFile = "verilator.flags";
    public const string WaiverFile = "waivers.vlt";
    public const string ToggleProbeFile = "toggle_probes.vlt";
    public const string RegisterProbeFile = "register_probes.vlt";
    public const string RegisterProbeHeader = "register_probes.h";
    private const string DatapathSuffix = "_lane_datapath.v.sbn";
    private const string PoolDatapathTemplate = "pool_datapath.v.sbn";

    /// <summary>The twins a spec has: the spiking design when it has one, and the QNN twin.</summary>
    public static IReadOnlyList<DesignKind> TwinsOf(HardwareModel model) =>
        model.Designs.Select(d => d.Kind).ToList();

    /// <summary>Renders the requested twins; throws DiagnosticException when the spec cannot be built as RTL.</summary>
    public static IReadOnlyList<RtlFileSet> RenderTwins(HardwareModel model, IEnumerable<DesignKind> twins) =>
        twins.Select(t => Render(RtlDesign.Create(model, t))).ToList();

    /// <summary>The default output folder of a spec: rtl-out/&lt;spec name&gt; below the working directory.</summary>
    public static string DefaultFolder(HardwareModel model) => Path.Combine("rtl-out", model.Name);

    /// <summary>Support files only a mesh design carries (its harness header and its lint waivers).</summary>
    private static readonly string[] MeshSupport = ["hwgen_mesh_harness.h", "mesh_waivers.vlt"];

    /// <summary>The core's module templates a mesh design shares with the classical core (the rest are in templates/mesh/).</summary>
    private static readonly string[] MeshSharedTemplates =
        ["event_fifo.v.sbn", "global_buffer.v.sbn", "integrate_walker.v.sbn", "layer_table.v.sbn", "neural_lane.v.sbn", "pool_datapath.v.sbn", "sram_1r1w.v.sbn"];

    /// <summary>Renders every module template into rtl/, the harness into harness/, flags and waivers into build/.</summary>
    public static RtlFileSet Render(RtlDesign design)
    {
        if (design.Mesh is not null)
        {
            return RenderMesh(design);
        }

        var view = RtlViewBuilder.Build(design);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in TemplateRenderer.TemplateNames)
        {
            // Each twin carries only its own lane datapath; everything around it is shared.
            if (name.EndsWith(DatapathSuffix, StringComparison.Ordinal) && name != design.DatapathModule + ".v.sbn")
            {
                continue;
            }

            // The pooling datapath exists only in a core whose workload pools.
            if (name == PoolDatapathTemplate && !design.HasPools)
            {
                continue;
            }

            var text = TemplateRenderer.Render(name, view);
            var output = name[..^".sbn".Length];
            if (output.EndsWith(".v", StringComparison.Ordinal))
            {
                files["rtl/" + output] = text;
            }
            else
            {
                files["harness/" + output] = text;
            }
        }

        foreach (var name in TemplateRenderer.SupportNames.Where(n => !MeshSupport.Contains(n)))
        {
            var target = name.EndsWith(".h", StringComparison.Ordinal) || name.EndsWith(".cpp", StringComparison.Ordinal) ? "harness/" : "build/";
            files[target + name] = TemplateRenderer.ReadSupport(name);
        }

        files["build/" + ToggleProbeFile] = ToggleProbes.PublicConfig(CoreToggleProbes.For(design));
        return new RtlFileSet(design, files);
    }

    /// <summary>
    /// A mesh design: the top, router, network interface and mesh core (templates/mesh/), the table ROMs (one module
    /// each, from one template), the core's shared modules, the mesh harness and its support files.
    /// </summary>
    private static RtlFileSet RenderMesh(RtlDesign design)
    {
        var (view, roms) = MeshViewBuilder.Build(design);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in MeshSharedTemplates.Append(design.DatapathModule + ".v.sbn").Where(n => n != PoolDatapathTemplate || design.HasPools))
        {
            files["rtl/" + name[..^".sbn".Length]] = TemplateRenderer.Render(name, view);
        }

        foreach (var name in TemplateRenderer.TemplateNamesIn("mesh").Where(n => n != "mesh/table_rom.v.sbn"))
        {
            var output = name["mesh/".Length..^".sbn".Length];
            files[(output.EndsWith(".v", StringComparison.Ordinal) ? "rtl/" : "harness/") + output] = TemplateRenderer.Render(name, view);
        }

        foreach (var rom in roms)
        {
            files["rtl/" + rom.Rom.Module + ".v"] = TemplateRenderer.Render("mesh/table_rom.v.sbn", rom);
        }

        files["harness/hwgen_mesh_harness.h"] = TemplateRenderer.ReadSupport("hwgen_mesh_harness.h");
        files["build/" + FlagsFile] = TemplateRenderer.ReadSupport(FlagsFile);
        files["build/" + WaiverFile] = TemplateRenderer.ReadSupport("mesh_waivers.vlt");
        // The mesh harness reads the buses it counts from top-level ports: nothing needs to be made public.
        files["build/" + ToggleProbeFile] = "`verilator_config\n// The mesh harness reads its counted buses (router outputs, injections) from top-level ports.\n";
        return new RtlFileSet(design, files);
    }

    /// <summary>
    /// The file set with every flip-flop counted: harness/register_probes.h registers each register (and register
    /// array) with the toggle counter, build/register_probes.vlt keeps them readable. The build uses this set.
    /// </summary>
    public static RtlFileSet WithRegisters(RtlFileSet set, RegisterInventory inventory)
    {
        var existing = CoreToggleProbes.For(set.Design);
        var probes = inventory.Probes(existing);
        var view = RtlViewBuilder.Build(set.Design) with
        {
            Registers = ToggleCountingView.For(set.Design.TopModule, probes),
            RegistersNote = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{inventory.FlipFlops} flip-flops in {inventory.Signals.Count(s => !RegisterInventory.IsSramMacro(s.Module))} registers and {inventory.Arrays.Count(a => !RegisterInventory.IsSramMacro(a.Module))} register arrays"),
        };
        var files = new SortedDictionary<string, string>(set.Files.ToDictionary(), StringComparer.Ordinal)
        {
            ["harness/" + RegisterProbeHeader] = TemplateRenderer.Render(RegisterProbeHeader + ".sbn", view),
            ["build/" + RegisterProbeFile] = ToggleProbes.PublicConfig(probes),
        };
        return new RtlFileSet(set.Design, files) { Registers = inventory };
    }

    /// <summary>The files of a generated folder: one subfolder per twin and the resolved spec (the manifest is added on commit).</summary>
    public static IReadOnlyDictionary<string, string> Files(HardwareModel model, IReadOnlyList<RtlFileSet> sets)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var prefix = set.Design.Twin.Name + "/";
            foreach (var (path, text) in set.Files)
            {
                files[prefix + path] = text;
            }
        }

        files["spec.resolved.json"] = ResolvedSpecJson(model);
        return files;
    }

    /// <summary>
    /// Writes the folder (<see cref="Files"/> and a manifest with the SHA-256 of every file) atomically through
    /// <see cref="OutputFolder"/>; returns every file written, the manifest included.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Write(HardwareModel model, IReadOnlyList<RtlFileSet> sets, string folder)
    {
        var files = Files(model, sets);
        using var output = OutputFolder.Begin(folder);
        output.Write(files);
        var hashes = output.Commit(model.Name);
        return new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal) { [OutputFolder.Marker] = OutputFolder.Manifest(model.Name, hashes) };
    }

    /// <summary>The validated model as JSON (the spec as the generator understood it), without machine paths.</summary>
    public static string ResolvedSpecJson(HardwareModel model)
    {
        var portable = model with { SourceFile = Path.GetFileName(model.SourceFile) };
        return JsonSerializer.Serialize(portable, SpecJsonOptions).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>One options instance for every resolved spec: it keeps the model types' serialisation metadata, which a
    /// fresh instance would build again by reflection at each run (a sweep writes one resolved spec per point).</summary>
    private static readonly JsonSerializerOptions SpecJsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
