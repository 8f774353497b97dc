// Invariant-culture number formatting and JSON helpers shared by the energy reports (deterministic bytes).
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using HwGen.Energy;

namespace HwGen.Report;

public static class Formatting
{
    public static string Num(double value, string format = "G6") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Round-trip form for CSV (programs read it back exactly).</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    public static string ToJsonText(JsonNode node) =>
        node.ToJsonString(ReportJsonOptions).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    private static readonly JsonSerializerOptions ReportJsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A break-even value for JSON: the spike rate as a number, or "never"/"always".</summary>
    public static JsonNode BreakEvenNode(double raw) =>
        raw <= 0 ? JsonValue.Create("never") : raw > 1 ? JsonValue.Create("always") : JsonValue.Create(raw);

    public static JsonObject RangeNode(ResultRange range, bool breakEven = false) => breakEven
        ? new JsonObject { ["nominal"] = BreakEvenNode(range.Nominal), ["min"] = BreakEvenNode(range.Min), ["max"] = BreakEvenNode(range.Max) }
        : new JsonObject { ["nominal"] = range.Nominal, ["min"] = range.Min, ["max"] = range.Max };

    public static string RangeText(ResultRange range, bool breakEven = false) => breakEven
        ? $"{BreakEvenPoint.Describe(range.Min)} .. {BreakEvenPoint.Describe(range.Max)}"
        : $"{Num(range.Min)} .. {Num(range.Max)}";

    /// <summary>Parses "a-b" or "n" into an inclusive list of timesteps.</summary>
    public static IReadOnlyList<int> ParseTimestepRange(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var last = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first;
            if (first >= 1 && last >= first && last <= 1024)
            {
                return Enumerable.Range(first, last - first + 1).ToArray();
            }
        }

        throw new FormatException($"--timesteps expects N or FIRST-LAST with 1 <= FIRST <= LAST <= 1024, found '{text}'.");
    }
}
