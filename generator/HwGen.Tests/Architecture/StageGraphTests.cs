// The library's stages import only earlier stages (docs/architecture.md), and the facts every stage shares are
// decided in one place: the twin widths and the event word in Model/TwinDesign.cs.
using System.Text.RegularExpressions;

namespace HwGen.Tests.Architecture;

[TestFixture]
public sealed class StageGraphTests
{
    /// <summary>The stages in pipeline order; a stage may use any stage before it. Diagnostics is the base of all.</summary>
    public static readonly string[] Stages = ["Diagnostics", "Spec", "Model", "Golden", "Data", "Emit", "Sim", "Measure", "Energy", "Synth", "Train", "Report", "Run", "Sweep"];

    private static string CoreRoot => Path.Combine(RepoPaths.Root, "generator", "HwGen.Core");

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(CoreRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Test]
    public void Every_source_file_belongs_to_a_stage_named_after_its_folder()
    {
        foreach (var file in Sources())
        {
            var folder = Path.GetRelativePath(CoreRoot, file).Split(Path.DirectorySeparatorChar)[0];
            var text = File.ReadAllText(file);
            var ns = Regex.Match(text, @"^namespace HwGen\.(\w+)", RegexOptions.Multiline);
            Assert.That(ns.Success, Is.True, $"{file} declares a namespace");
            Assert.That(ns.Groups[1].Value, Is.EqualTo(folder), $"{Path.GetRelativePath(CoreRoot, file)}: namespace and folder name the same stage");
            Assert.That(Stages, Does.Contain(folder), $"{folder} is a stage of the pipeline");
        }
    }

    [Test]
    public void No_stage_imports_a_later_one()
    {
        var violations = new List<string>();
        foreach (var file in Sources())
        {
            var text = File.ReadAllText(file);
            var own = Array.IndexOf(Stages, Regex.Match(text, @"^namespace HwGen\.(\w+)", RegexOptions.Multiline).Groups[1].Value);
            // using directives, and qualified names such as HwGen.Sim.Foo in code.
            foreach (Match m in Regex.Matches(text, @"\bHwGen\.(\w+)\b"))
            {
                var used = Array.IndexOf(Stages, m.Groups[1].Value);
                if (used > own)
                {
                    violations.Add($"{Path.GetRelativePath(CoreRoot, file)} ({Stages[own]}) uses HwGen.{Stages[used]}");
                }
            }
        }

        Assert.That(violations.Distinct().ToList(), Is.Empty);
    }

    [Test]
    public void The_twin_widths_and_the_event_word_are_decided_only_in_Model()
    {
        // Reading the neuron's membrane/accumulator widths, the spike payload or building event fields outside Model
        // would decide a twin's widths or its event word a second time. Report/ModelReport.cs prints the spec as given.
        var decisions = new Regex(@"Neuron\.MembraneBits|Neuron\.AccumulatorBits|\.PayloadBits\b|neuron\.MembraneBits|neuron\.AccumulatorBits|new EventFormat\(|EventFormat\.For\(");
        var allowed = new[] { Path.Combine("Report", "ModelReport.cs") };
        var found = Sources()
            .Where(f => !Path.GetRelativePath(CoreRoot, f).StartsWith("Model" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !allowed.Contains(Path.GetRelativePath(CoreRoot, f)))
            .Where(f => decisions.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(CoreRoot, f))
            .ToList();
        Assert.That(found, Is.Empty);
    }
}
