// The one entry point from a spec file to a validated HardwareModel: read bytes, build the YAML tree, read the spec, validate.
using System.Reflection;
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Model;

public sealed record LoadResult(HardwareModel? Model, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Model is not null && Diagnostics.All(d => !d.IsError);
}

public static class ModelLoader
{
    public const string DefaultSpecName = "default.yaml";
    private const string ErtResourcePrefix = "HwGen.hwconfigs.ert.";

    /// <summary>ERT presets shipped with HwGen (hwconfigs/ert/*.yaml, embedded).</summary>
    public static IReadOnlyList<string> Presets { get; } = typeof(ModelLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ErtResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ErtResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static LoadResult LoadFile(string path)
    {
        var bag = new DiagnosticBag();
        var display = YamlFile.DisplayPath(path);
        var bytes = YamlFile.ReadBytes(path, display, YamlDocumentKind.Spec, bag);
        return bytes is null
            ? new LoadResult(null, bag.Sorted())
            : Load(bytes, display, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", bag);
    }

    public static LoadResult LoadText(string yaml, string fileName, string? baseDirectory = null) =>
        LoadBytes(System.Text.Encoding.UTF8.GetBytes(yaml), fileName, baseDirectory);

    /// <summary>Loads spec bytes shown as <paramref name="fileName"/>; data files resolve against <paramref name="baseDirectory"/>.</summary>
    public static LoadResult LoadBytes(byte[] bytes, string fileName, string? baseDirectory = null) =>
        Load(bytes, fileName, baseDirectory ?? Directory.GetCurrentDirectory(), new DiagnosticBag());

    /// <summary>The embedded default spec (hwconfigs/default.yaml).</summary>
    public static LoadResult LoadDefault() => LoadText(DefaultSpecText(), DefaultSpecName);

    public static string DefaultSpecText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HwGen.hwconfigs.default.yaml")
            ?? throw new InvalidOperationException("the default spec is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static LoadResult Load(byte[] bytes, string file, string baseDirectory, DiagnosticBag bag)
    {
        var tree = YamlTreeReader.Read(bytes, file, bag);
        if (tree is null)
        {
            return new LoadResult(null, bag.Sorted());
        }

        var doc = SpecReader.Read(tree, file, bag);
        var model = doc is null ? null : new ModelBuilder(bag, baseDirectory, Presets).Build(doc);
        return new LoadResult(bag.HasErrors ? null : model, bag.Sorted());
    }
}
