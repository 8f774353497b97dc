// Renders the embedded Scriban templates (templates/*.sbn) with strict settings; the loader never leaves templates/.
using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace HwGen.Emit;

public static class TemplateRenderer
{
    private const string ResourcePrefix = "HwGen.templates.";
    private const string SupportPrefix = "HwGen.support.";

    private static Assembly Assembly => typeof(TemplateRenderer).Assembly;

    /// <summary>Names of the embedded core templates (templates/ itself, no subfolder), e.g. <c>neural_core.v.sbn</c>, in ordinal order.</summary>
    public static IReadOnlyList<string> TemplateNames { get; } = TemplateNamesIn(null);

    /// <summary>Templates of one subfolder of templates/ (e.g. <c>calibration</c>) as <c>folder/name</c>, or of templates/ itself for null.</summary>
    public static IReadOnlyList<string> TemplateNamesIn(string? folder) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Where(n => folder is null ? !n.Contains('/', StringComparison.Ordinal) : n.StartsWith(folder + "/", StringComparison.Ordinal) && n.Count(c => c == '/') == 1)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Names of the embedded hand-written support files (testbenches/, verilator/), e.g. <c>hwgen_harness.h</c>.</summary>
    public static IReadOnlyList<string> SupportNames { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(SupportPrefix, StringComparison.Ordinal))
        .Select(n => n[SupportPrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string ReadSupport(string name) => ReadResource(SupportPrefix + name)
        ?? throw new InvalidOperationException($"support file '{name}' is not embedded");

    public static string Render(string templateName, object view)
    {
        var template = Parsed.GetOrAdd(NormalizeTemplatePath(templateName), Parse);
        var globals = new ScriptObject();
        globals.Import(view);
        // One context per thread, reset before each render: the context keeps the member accessors it built for the
        // view types (building them is a third of a harness render), and Reset clears everything a render leaves behind.
        // A render that throws drops its context, so no half-finished state reaches the next one.
        var context = threadContext ?? NewContext();
        threadContext = null;
        context.Reset();
        context.PushGlobal(globals);
        var text = template.Render(context);
        context.PopGlobal();
        threadContext = context;
        return text.ReplaceLineEndings("\n");
    }

    [ThreadStatic]
    private static TemplateContext? threadContext;

    private static TemplateContext NewContext() => new()
    {
        StrictVariables = true,
        LoopLimit = 0,
        LimitToString = 0,
        EnableRelaxedMemberAccess = false,
        EnableRelaxedIndexerAccess = false,
        TemplateLoader = new EmbeddedTemplateLoader(),
        NewLine = "\n",
    };

    /// <summary>
    /// Each embedded template parsed once per process: a parsed Scriban template is immutable and may be rendered from
    /// several threads at once, each with its own context (a sweep plans its points' RTL, and renders its twins, in parallel).
    /// </summary>
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    private static Template Parse(string templateName)
    {
        var template = Template.Parse(ReadTemplate(templateName), "templates/" + templateName);
        if (template.HasErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, template.Messages.Select(m => m.ToString())));
        }

        return template;
    }

    /// <summary>Reads a template by its name below templates/; refuses any path that would leave that folder.</summary>
    public static string ReadTemplate(string templateName)
    {
        var normalized = NormalizeTemplatePath(templateName);
        return ReadResource(ResourcePrefix + normalized)
            ?? throw new InvalidOperationException($"template '{templateName}' does not exist under templates/");
    }

    public static string NormalizeTemplatePath(string templateName)
    {
        var name = templateName.Replace('\\', '/');
        if (name.StartsWith("templates/", StringComparison.Ordinal))
        {
            name = name["templates/".Length..];
        }

        if (name.Length == 0 || name.StartsWith('/') || Path.IsPathRooted(name) || name.Split('/').Any(part => part is ".." or "." or ""))
        {
            throw new InvalidOperationException($"template path '{templateName}' is outside templates/");
        }

        return name;
    }

    private static string? ReadResource(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private sealed class EmbeddedTemplateLoader : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
            "templates/" + NormalizeTemplatePath(templateName);

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => ReadTemplate(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            ValueTask.FromResult<string?>(ReadTemplate(templatePath));
    }
}
