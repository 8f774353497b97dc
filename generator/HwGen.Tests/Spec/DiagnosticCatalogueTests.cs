// The diagnostics catalogue (generator/HwGen.Core/Diagnostics/) against its goldens and its documentation: every code
// can fire (a golden case shows it), is documented, sits in a code range, and no code lives outside the catalogue.
using System.Text.RegularExpressions;
using HwGen.Diagnostics;

namespace HwGen.Tests.Spec;

[TestFixture]
public sealed partial class DiagnosticCatalogueTests
{
    private static string CatalogueFolder => Path.Combine(RepoPaths.Root, "generator", "HwGen.Core", "Diagnostics");

    /// <summary>Every code the catalogue can report: the literal of each <c>Error("HWnnnn", ...)</c> or <c>Warning(...)</c>.</summary>
    public static IReadOnlyList<string> CatalogueCodes() =>
        Directory.EnumerateFiles(CatalogueFolder, "*.cs")
            .SelectMany(f => ReportedCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Codes printed by the golden cases: spec goldens (<c>*.expected</c>) and command goldens (<c>expected</c>).</summary>
    private static HashSet<string> GoldenCodes() =>
        Directory.EnumerateFiles(RepoPaths.Cases, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".expected", StringComparison.Ordinal) || Path.GetFileName(f) == "expected")
            .SelectMany(f => PrintedCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [Test]
    public void The_catalogue_has_codes() => Assert.That(CatalogueCodes(), Has.Count.GreaterThan(80));

    [Test]
    public void Every_code_appears_in_a_golden_case()
    {
        var golden = GoldenCodes();
        Assert.That(CatalogueCodes().Where(c => !golden.Contains(c)), Is.Empty, "codes no golden case shows (dead, or missing a case under Cases/)");
    }

    [Test]
    public void Goldens_print_only_catalogue_codes() =>
        Assert.That(GoldenCodes().Except(CatalogueCodes()), Is.Empty);

    [Test]
    public void Every_code_is_documented_and_nothing_else()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        var documented = DocumentedCode().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(CatalogueCodes().Where(c => !documented.Contains(c)), Is.Empty, "codes missing from docs/diagnostics.md");
            Assert.That(documented.Except(CatalogueCodes()), Is.Empty, "docs/diagnostics.md lists codes the catalogue does not have");
        });
    }

    [Test]
    public void Every_code_is_in_a_range() =>
        Assert.That(() => CatalogueCodes().Select(DiagnosticRanges.KindOf).ToList(), Throws.Nothing);

    [Test]
    public void No_code_is_written_outside_the_catalogue()
    {
        var catalogue = CatalogueCodes().ToHashSet(StringComparer.Ordinal);
        var outside = new[] { "HwGen.Core", "HwGen.Cli" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "generator", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.StartsWith(CatalogueFolder, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Groups[1].Value}"))
            .Where(hit => !catalogue.Contains(hit[^6..]))
            .ToList();
        Assert.That(outside, Is.Empty, "a code outside the catalogue");
    }

    [GeneratedRegex("(?:Error|Warning)\\(\"(HW[0-9]{4})\"")]
    private static partial Regex ReportedCode();

    [GeneratedRegex("(?:error|warning) (HW[0-9]{4}):")]
    private static partial Regex PrintedCode();

    [GeneratedRegex("^\\| `(HW[0-9]{4})`", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();

    [GeneratedRegex("\"(HW[0-9]{4})\"")]
    private static partial Regex CodeLiteral();
}
