// Golden spec cases: every Cases/<NNN-category>/<name>.yaml has its exact expected diagnostics (and, when valid, its explain text).
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;

namespace HwGen.Tests.Spec;

[TestFixture]
public sealed class SpecGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        // Spec cases sit directly in their category folder; the folders below are command cases (CommandGoldenTests).
        Directory.EnumerateDirectories(RepoPaths.Cases)
            .SelectMany(category => Directory.EnumerateFiles(category, "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetRelativePath(RepoPaths.Cases, path).Replace('\\', '/'))
                .SetName($"Spec golden {Path.GetRelativePath(RepoPaths.Cases, path).Replace('\\', '/')}"));

    [TestCaseSource(nameof(Cases))]
    public void Diagnostics_match_golden(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Cases, relativePath);
        var result = ModelLoader.LoadBytes(File.ReadAllBytes(path), Path.GetFileName(path), Path.GetDirectoryName(path));
        var actual = string.Concat(result.Diagnostics.Select(d => d + "\n"));
        Golden.Check(Path.ChangeExtension(path, ".expected"), actual);
        if (result.Succeeded)
        {
            // As `hwgen explain` prints it: a mesh spec with its encodings decided from its preset.
            Golden.Check(Path.ChangeExtension(path, ".explain"), ModelReport.ToText(NocEncodingResolver.Resolve(result.Model!)));
        }
        else
        {
            Assert.That(result.Diagnostics.Any(d => d.IsError), Is.True, "an invalid spec must have at least one error");
        }
    }

    [Test]
    public void At_least_thirty_malformed_cases_exist()
    {
        var malformed = Directory.EnumerateFiles(RepoPaths.Cases, "*.expected", SearchOption.AllDirectories)
            .Count(f => File.ReadAllText(f).Contains(": error HW", StringComparison.Ordinal));
        Assert.That(malformed, Is.GreaterThanOrEqualTo(30));
    }
}
