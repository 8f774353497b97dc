// `hwgen synth`: emit both twins, synthesise each for the requested targets (cached), check the ERT's arithmetic
// entries against synthesised units, and write one output folder (RTL, scripts, logs, netlists, synth.md, synth.json)
// through a staging folder committed last.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;
using HwGen.Synth;

namespace HwGen.Run;

public sealed record SynthRequest(HardwareModel Model, IReadOnlyList<SynthTarget> Targets, string Folder, bool PlaceAndRoute = true, string? CacheRoot = null);

public sealed record SynthOutcome(SynthReport Report, ArithmeticCheck? Check, IReadOnlyDictionary<string, string> Files);

public static class SynthPipeline
{
    public const string MarkdownFile = "synth.md";
    public const string JsonFile = "synth.json";

    public static SynthOutcome Execute(SynthRequest request, IProgress<RunProgress>? progress = null)
    {
        var model = request.Model;
        using var output = OutputFolder.Begin(request.Folder);
        progress?.Report(new("emit"));
        var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        output.Write(RtlGenerator.Files(model, sets));
        var report = SynthFlow.Run(model, sets, request.Targets, request.CacheRoot,
            progress is null ? null : new Inline<SynthProgress>(p => progress.Report(new($"{p.Twin} {SynthScripts.Name(p.Target)}: {p.Step}"))),
            request.PlaceAndRoute);
        ArithmeticCheck? check = null;
        if (request.Targets.Contains(SynthTarget.Osu018))
        {
            progress?.Report(new("ERT arithmetic check"));
            check = ArithmeticUnits.Run(EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset), cacheRoot: request.CacheRoot);
        }

        foreach (var run in report.Runs)
        {
            foreach (var file in run.Run.KeptFiles)
            {
                output.Write($"{run.Twin}/{file}", File.ReadAllText(Path.Combine(run.Run.Folder, file)));
            }
        }

        foreach (var run in report.For(SynthTarget.Ice40).Where(r => r.PlaceAndRoute is not null))
        {
            foreach (var file in Directory.EnumerateFiles(run.PlaceAndRoute!.Folder).Order(StringComparer.Ordinal).Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != "status"))
            {
                output.Write($"{run.Twin}/synth/ice40/pnr/{Path.GetFileName(file)}", File.ReadAllText(file));
            }
        }

        output.Write(MarkdownFile, SynthReportWriter.Markdown(report, check));
        output.Write(JsonFile, Formatting.ToJsonText(SynthReportWriter.Json(report, check)));
        var files = output.Commit(model.Name);
        return new SynthOutcome(report, check, files);
    }

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
