// Reads Verilator's coverage.dat toggle records (5.006 format and the 5.040+ split-edge format) for audits.
using System.Globalization;
using System.Text;
using HwGen.Diagnostics;

namespace HwGen.Measure;

/// <summary>One toggle-coverage point: a bit of a signal in one instance, and how often it toggled.</summary>
/// <param name="Hierarchy">Instance path, e.g. <c>TOP.core.lane0</c>.</param>
/// <param name="Signal">Signal name without the bit index, e.g. <c>acc</c>.</param>
/// <param name="Bit">Bit index, or -1 for a scalar signal.</param>
/// <param name="Edge">"" when both edges are counted together (5.006), else "0->1" or "1->0".</param>
public sealed record ToggleCoveragePoint(string Module, string Hierarchy, string Signal, int Bit, string Edge, long Count);

public static class CoverageFile
{
    private const string Header = "# SystemC::Coverage-3";

    /// <summary>The toggle points of a coverage.dat text; non-toggle points (line, user) are skipped.</summary>
    public static IReadOnlyList<ToggleCoveragePoint> ParseToggles(string text, string fileName)
    {
        var points = new List<ToggleCoveragePoint>();
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
        {
            throw Error(fileName, 1, $"not a Verilator coverage file: the first line must be '{Header}'");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var point = ParseLine(line, fileName, i + 1);
            if (point is not null)
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static ToggleCoveragePoint? ParseLine(string line, string fileName, int lineNumber)
    {
        // C '<\x01key\x02value ...>' <count>
        var open = line.IndexOf('\'', StringComparison.Ordinal);
        var close = line.LastIndexOf('\'');
        if (!line.StartsWith("C ", StringComparison.Ordinal) || open < 0 || close <= open)
        {
            throw Error(fileName, lineNumber, "expected a record of the form C '<keys>' <count>");
        }

        if (!long.TryParse(line[(close + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw Error(fileName, lineNumber, "the record's count is not a non-negative integer");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in line[(open + 1)..close].Split('\x01', StringSplitOptions.RemoveEmptyEntries))
        {
            var sep = pair.IndexOf('\x02', StringComparison.Ordinal);
            if (sep > 0)
            {
                fields[pair[..sep]] = pair[(sep + 1)..];
            }
        }

        var page = fields.GetValueOrDefault("page", string.Empty);
        if (!page.StartsWith("v_toggle", StringComparison.Ordinal) && fields.GetValueOrDefault("t") != "toggle")
        {
            return null;
        }

        var module = page.Contains('/', StringComparison.Ordinal) ? page[(page.IndexOf('/', StringComparison.Ordinal) + 1)..] : string.Empty;
        var signal = fields.GetValueOrDefault("o", string.Empty);
        var edge = string.Empty;
        var colon = signal.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            edge = signal[(colon + 1)..];
            signal = signal[..colon];
        }

        var bit = -1;
        if (signal.EndsWith(']') && signal.LastIndexOf('[') is var lb and > 0
            && int.TryParse(signal[(lb + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            bit = parsed;
            signal = signal[..lb];
        }

        return new ToggleCoveragePoint(module, fields.GetValueOrDefault("h", string.Empty), signal, bit, edge, count);
    }

    /// <summary>Total toggles (both edges, all bits) per (hierarchy, signal).</summary>
    public static IReadOnlyDictionary<(string Hierarchy, string Signal), long> TogglesPerSignal(IEnumerable<ToggleCoveragePoint> points)
    {
        var totals = new SortedDictionary<(string, string), long>();
        foreach (var p in points)
        {
            var key = (p.Hierarchy, p.Signal);
            totals[key] = totals.GetValueOrDefault(key) + p.Count;
        }

        return totals;
    }

    /// <summary>Writes a record the way Verilator does; used to build test fixtures in either format.</summary>
    public static string FormatRecord(string file, int line, string module, string signal, string hierarchy, long count, bool splitEdges = false)
    {
        var sb = new StringBuilder("C '");
        void Field(string key, string value) => sb.Append('\x01').Append(key).Append('\x02').Append(value);
        Field("f", file);
        Field("l", line.ToString(CultureInfo.InvariantCulture));
        Field("n", "0");
        if (splitEdges)
        {
            Field("t", "toggle");
        }

        Field("page", $"v_toggle/{module}");
        Field("o", signal);
        Field("h", hierarchy);
        sb.Append("' ").Append(count.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static DiagnosticException Error(string file, int line, string message) =>
        DiagnosticBag.Fail(b => b.CoverageFileMalformed(new SourceSpan(file, line, 1), message));
}
