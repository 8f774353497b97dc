// Exit codes follow the code range of what was reported; an exception without a code is a bug, never a tool failure.
using HwGen.Cli;
using HwGen.Cli.Commands;
using HwGen.Diagnostics;
using HwGen.Energy;

namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class ExitCodeTests
{
    private static Diagnostic Coded(string code) => new(code, Severity.Error, SourceSpan.None, "x");

    [TestCase("HW0101", 2)]
    [TestCase("HW0411", 2)]
    [TestCase("HW0510", 2)]
    [TestCase("HW0611", 2)]
    [TestCase("HW0703", 3)]
    [TestCase("HW0803", 2)]
    [TestCase("HW1030", 2)]
    [TestCase("HW1051", 2)]
    [TestCase("HW1101", 3)]
    [TestCase("HW1103", 3)]
    [TestCase("HW1109", 3)]
    [TestCase("HW5001", 2)]
    public void A_code_range_decides_the_exit_code(string code, int exit) =>
        Assert.That(ExitCodes.For([Coded(code)]), Is.EqualTo(exit));

    [Test]
    public void Invalid_input_wins_over_a_failing_tool() =>
        Assert.That(ExitCodes.For([Coded("HW0702"), Coded("HW0606")]), Is.EqualTo(ExitCodes.InvalidInput));

    [Test]
    public void An_uncoded_exception_is_not_taken_for_a_tool_failure()
    {
        // Before the catalogue, an InvalidOperationException read as "external tool failed" (exit 3).
        var console = new CliConsole(new StringWriter(), new StringWriter());
        Assert.That(() => CommandFailures.Guard(console, "run", () => throw new InvalidOperationException("a bug")),
            Throws.InvalidOperationException);
        Assert.That(CommandFailures.Coded(new EnergyTableException("lookup of an internal table")), Is.Null, "an energy-model check without a code is a bug");
    }

    [Test]
    public void A_coded_failure_prints_its_diagnostics_and_exits_by_range()
    {
        var error = new StringWriter();
        var code = CommandFailures.Guard(new CliConsole(new StringWriter(), error), "simulate",
            () => throw DiagnosticBag.Fail(b => b.ToolMissing("verilator", "apt-get install verilator")));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.ToolFailed));
            Assert.That(error.ToString(), Is.EqualTo("hwgen simulate: error HW0702: verilator was not found on PATH; install it with: apt-get install verilator\n"));
        });
    }

    [Test]
    public void Every_kind_of_range_is_documented()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        Assert.That(text, Does.Contain("| 70 | internal error (EX_SOFTWARE)"));
        Assert.That(DiagnosticRanges.All.Select(r => r.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<DiagnosticKind>()));
    }

    [Test]
    public void The_documented_range_table_is_the_catalogue_s()
    {
        var kinds = new Dictionary<string, DiagnosticKind>
        {
            ["invalid input (exit 2)"] = DiagnosticKind.InvalidInput,
            ["tool failure (exit 3)"] = DiagnosticKind.ToolFailure,
            ["warning"] = DiagnosticKind.Warning,
        };
        var documented = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| HW(\d{4})-HW(\d{4}) \| ([^|]+) \| (.+) \|$"))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                kinds[m.Groups[3].Value.Trim()], m.Groups[4].Value))
            .ToList();
        Assert.That(documented, Is.EqualTo(DiagnosticRanges.All));
    }

    [Test]
    public void Ranges_are_in_code_order_and_do_not_overlap()
    {
        var all = DiagnosticRanges.All;
        for (var i = 0; i < all.Count; i++)
        {
            Assert.That(all[i].First, Is.LessThanOrEqualTo(all[i].Last));
            if (i > 0)
            {
                Assert.That(all[i].First, Is.GreaterThan(all[i - 1].Last), $"range {all[i].First}-{all[i].Last}");
            }
        }
    }
}
