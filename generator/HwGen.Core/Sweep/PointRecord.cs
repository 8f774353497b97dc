// One finished point as it is stored: the same fields as a CSV row and a JSON Lines object, deterministic (no times, no
// paths) so that a resumed, sharded or merged sweep gives the same bytes as one uninterrupted run.
using System.Globalization;
using System.Text;
using System.Text.Json;
using HwGen.Energy;

namespace HwGen.Sweep;

public enum PointStatus
{
    /// <summary>Evaluated; for RTL, both twins matched the golden model and the analytical counts.</summary>
    Ok,

    /// <summary>Simulated, but an output, a state or a count differs from the golden model or the analytical engine.</summary>
    CheckFailed,

    /// <summary>The point could not be evaluated (a tool or harness failure, unreadable data): retried by a rerun.</summary>
    Error,
}

/// <summary>Who wins at a point: the lower energy, or a tie.</summary>
public enum Verdict
{
    Snn,
    Qnn,
    Tie,
}

/// <summary>A break-even spike rate as stored: a rate in (0, 1], or never / always.</summary>
public readonly record struct StoredBreakEven(BreakEvenKind Kind, double SpikeRate)
{
    public static StoredBreakEven Of(BreakEvenPoint p) => new(p.Kind, p.SpikeRate);

    public override string ToString() => Kind switch
    {
        BreakEvenKind.Crossing => PointRecord.Number(SpikeRate),
        BreakEvenKind.Never => "never",
        _ => "always",
    };

    public static StoredBreakEven Parse(string text) => text switch
    {
        "never" => new(BreakEvenKind.Never, 0),
        "always" => new(BreakEvenKind.Always, 1),
        _ => new(BreakEvenKind.Crossing, double.Parse(text, CultureInfo.InvariantCulture)),
    };
}

/// <summary>What the analytical engine says at a point (expected mode at the point's spec statistics).</summary>
public sealed record AnalyticalFigures(int Timesteps, int TwinActivationBits, string Preset, double SpecSpikeRate, double SnnPj, double QnnPj, StoredBreakEven BreakEven)
{
    public Verdict Verdict => PointRecord.VerdictOf(SnnPj, QnnPj);
}

/// <summary>
/// What an RTL point measured, as the run stage reports it: the network spike rate of the run, the analytical exact-mode
/// energy on the run's traces, the measured energy, the break-even with the run's statistics, the checks and the builds.
/// </summary>
public sealed record MeasuredFigures(
    double SpikeRate,
    double ExactSnnPj,
    double ExactQnnPj,
    double SnnPj,
    double QnnPj,
    StoredBreakEven RunBreakEven,
    bool GoldenMatch,
    bool CountsMatch,
    long SnnCycles,
    long QnnCycles,
    string SnnBuild,
    string QnnBuild,
    int SnnBuildTimesteps,
    GateLevelFigures? GateLevel = null)
{
    public Verdict Verdict => PointRecord.VerdictOf(SnnPj, QnnPj);

    public Verdict ExactVerdict => PointRecord.VerdictOf(ExactSnnPj, ExactQnnPj);
}

/// <summary>
/// One twin's netlist at a gate-level point, as `hwgen run --gate-level` reports it: outputs equal to the golden model's,
/// everything equal to the RTL run's, and the energy (scaled logic + memory macros + DRAM, pJ).
/// </summary>
public sealed record GateLevelTwinFigures(bool GoldenMatch, bool RtlMatch, double EnergyPj);

/// <summary>A gate-level point's netlists: the SNN and its QNN twin.</summary>
public sealed record GateLevelFigures(GateLevelTwinFigures Snn, GateLevelTwinFigures Qnn)
{
    public Verdict Verdict => PointRecord.VerdictOf(Snn.EnergyPj, Qnn.EnergyPj);
}

public sealed record PointRecord(int Point, string Key, PointStatus Status, PointMode Mode, IReadOnlyList<string> Values, AnalyticalFigures? Analytical, MeasuredFigures? Measured, string? Error)
{
    private static readonly string[] FixedColumns =
    [
        "timesteps", "twin_activation_bits", "preset", "spec_spike_rate", "expected_snn_pj", "expected_qnn_pj", "expected_ratio", "expected_verdict",
        "breakeven_spike_rate", "measured_spike_rate", "exact_snn_pj", "exact_qnn_pj", "exact_ratio", "exact_verdict", "measured_snn_pj",
        "measured_qnn_pj", "measured_ratio", "measured_verdict", "run_breakeven_spike_rate", "golden_match", "counts_match", "snn_cycles",
        "qnn_cycles", "snn_build", "qnn_build", "snn_build_timesteps", "gate_snn_pj", "gate_qnn_pj", "gate_ratio", "gate_verdict",
        "gate_snn_golden_match", "gate_qnn_golden_match", "gate_snn_rtl_match", "gate_qnn_rtl_match", "error",
    ];

    public static Verdict VerdictOf(double snn, double qnn) => snn < qnn ? Verdict.Snn : snn > qnn ? Verdict.Qnn : Verdict.Tie;

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string StatusText(PointStatus status) => status switch
    {
        PointStatus.Ok => "ok",
        PointStatus.CheckFailed => "check-failed",
        _ => "error",
    };

    public static string ModeText(PointMode mode) => PointModes.Text(mode);

    private static string VerdictText(Verdict v) => v.ToString().ToLowerInvariant();

    private static string Ratio(double snn, double qnn) => qnn == 0 ? string.Empty : Number(snn / qnn);

    public static string CsvHeader(IReadOnlyList<string> axisKeys) =>
        string.Join(",", new[] { "point", "status", "mode" }.Concat(axisKeys).Concat(FixedColumns).Select(Csv)) + "\n";

    public string CsvRow()
    {
        var a = Analytical;
        var m = Measured;
        var g = m?.GateLevel;
        var cells = new List<string> { Point.ToString(CultureInfo.InvariantCulture), StatusText(Status), ModeText(Mode) };
        cells.AddRange(Values);
        cells.AddRange([
            a is null ? string.Empty : a.Timesteps.ToString(CultureInfo.InvariantCulture),
            a is null ? string.Empty : a.TwinActivationBits.ToString(CultureInfo.InvariantCulture),
            a?.Preset ?? string.Empty,
            a is null ? string.Empty : Number(a.SpecSpikeRate),
            a is null ? string.Empty : Number(a.SnnPj),
            a is null ? string.Empty : Number(a.QnnPj),
            a is null ? string.Empty : Ratio(a.SnnPj, a.QnnPj),
            a is null ? string.Empty : VerdictText(a.Verdict),
            a?.BreakEven.ToString() ?? string.Empty,
            m is null ? string.Empty : Number(m.SpikeRate),
            m is null ? string.Empty : Number(m.ExactSnnPj),
            m is null ? string.Empty : Number(m.ExactQnnPj),
            m is null ? string.Empty : Ratio(m.ExactSnnPj, m.ExactQnnPj),
            m is null ? string.Empty : VerdictText(m.ExactVerdict),
            m is null ? string.Empty : Number(m.SnnPj),
            m is null ? string.Empty : Number(m.QnnPj),
            m is null ? string.Empty : Ratio(m.SnnPj, m.QnnPj),
            m is null ? string.Empty : VerdictText(m.Verdict),
            m?.RunBreakEven.ToString() ?? string.Empty,
            m is null ? string.Empty : m.GoldenMatch ? "true" : "false",
            m is null ? string.Empty : m.CountsMatch ? "true" : "false",
            m is null ? string.Empty : m.SnnCycles.ToString(CultureInfo.InvariantCulture),
            m is null ? string.Empty : m.QnnCycles.ToString(CultureInfo.InvariantCulture),
            m?.SnnBuild ?? string.Empty,
            m?.QnnBuild ?? string.Empty,
            m is null ? string.Empty : m.SnnBuildTimesteps.ToString(CultureInfo.InvariantCulture),
            g is null ? string.Empty : Number(g.Snn.EnergyPj),
            g is null ? string.Empty : Number(g.Qnn.EnergyPj),
            g is null ? string.Empty : Ratio(g.Snn.EnergyPj, g.Qnn.EnergyPj),
            g is null ? string.Empty : VerdictText(g.Verdict),
            g is null ? string.Empty : Bool(g.Snn.GoldenMatch),
            g is null ? string.Empty : Bool(g.Qnn.GoldenMatch),
            g is null ? string.Empty : Bool(g.Snn.RtlMatch),
            g is null ? string.Empty : Bool(g.Qnn.RtlMatch),
            Error ?? string.Empty,
        ]);
        return string.Join(",", cells.Select(Csv)) + "\n";
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One JSON Lines record (ends with a newline).</summary>
    public string JsonLine(IReadOnlyList<string> axisKeys)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("point", Point);
            w.WriteString("key", Key);
            w.WriteString("status", StatusText(Status));
            w.WriteString("mode", ModeText(Mode));
            w.WriteStartObject("values");
            for (var i = 0; i < axisKeys.Count; i++)
            {
                w.WriteString(axisKeys[i], Values[i]);
            }

            w.WriteEndObject();
            if (Analytical is { } a)
            {
                w.WriteStartObject("analytical");
                w.WriteNumber("timesteps", a.Timesteps);
                w.WriteNumber("twin_activation_bits", a.TwinActivationBits);
                w.WriteString("preset", a.Preset);
                WriteNumber(w, "spec_spike_rate", a.SpecSpikeRate);
                WriteNumber(w, "snn_pj", a.SnnPj);
                WriteNumber(w, "qnn_pj", a.QnnPj);
                w.WriteString("breakeven_spike_rate", a.BreakEven.ToString());
                w.WriteEndObject();
            }

            if (Measured is { } m)
            {
                w.WriteStartObject("measured");
                WriteNumber(w, "spike_rate", m.SpikeRate);
                WriteNumber(w, "exact_snn_pj", m.ExactSnnPj);
                WriteNumber(w, "exact_qnn_pj", m.ExactQnnPj);
                WriteNumber(w, "snn_pj", m.SnnPj);
                WriteNumber(w, "qnn_pj", m.QnnPj);
                w.WriteString("run_breakeven_spike_rate", m.RunBreakEven.ToString());
                w.WriteBoolean("golden_match", m.GoldenMatch);
                w.WriteBoolean("counts_match", m.CountsMatch);
                w.WriteNumber("snn_cycles", m.SnnCycles);
                w.WriteNumber("qnn_cycles", m.QnnCycles);
                w.WriteString("snn_build", m.SnnBuild);
                w.WriteString("qnn_build", m.QnnBuild);
                w.WriteNumber("snn_build_timesteps", m.SnnBuildTimesteps);
                w.WriteEndObject();
                if (m.GateLevel is { } g)
                {
                    w.WriteStartObject("gate_level");
                    foreach (var (name, twin) in new[] { ("snn", g.Snn), ("qnn", g.Qnn) })
                    {
                        w.WriteStartObject(name);
                        w.WriteBoolean("golden_match", twin.GoldenMatch);
                        w.WriteBoolean("rtl_match", twin.RtlMatch);
                        WriteNumber(w, "energy_pj", twin.EnergyPj);
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }
            }

            if (Error is not null)
            {
                w.WriteString("error", Error);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Reads a record written by <see cref="JsonLine"/>; null when the line is not one (a torn last line).</summary>
    public static PointRecord? TryParse(string line, IReadOnlyList<string> axisKeys)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var values = axisKeys.Select(k => r.GetProperty("values").GetProperty(k).GetString()!).ToList();
            AnalyticalFigures? analytical = null;
            if (r.TryGetProperty("analytical", out var a))
            {
                analytical = new AnalyticalFigures(a.GetProperty("timesteps").GetInt32(), a.GetProperty("twin_activation_bits").GetInt32(), a.GetProperty("preset").GetString()!,
                    Read(a, "spec_spike_rate"), Read(a, "snn_pj"), Read(a, "qnn_pj"), StoredBreakEven.Parse(a.GetProperty("breakeven_spike_rate").GetString()!));
            }

            MeasuredFigures? measured = null;
            if (r.TryGetProperty("measured", out var m))
            {
                measured = new MeasuredFigures(Read(m, "spike_rate"), Read(m, "exact_snn_pj"), Read(m, "exact_qnn_pj"), Read(m, "snn_pj"), Read(m, "qnn_pj"),
                    StoredBreakEven.Parse(m.GetProperty("run_breakeven_spike_rate").GetString()!), m.GetProperty("golden_match").GetBoolean(),
                    m.GetProperty("counts_match").GetBoolean(), m.GetProperty("snn_cycles").GetInt64(), m.GetProperty("qnn_cycles").GetInt64(),
                    m.GetProperty("snn_build").GetString()!, m.GetProperty("qnn_build").GetString()!, m.GetProperty("snn_build_timesteps").GetInt32(),
                    r.TryGetProperty("gate_level", out var g) ? new GateLevelFigures(GateTwin(g.GetProperty("snn")), GateTwin(g.GetProperty("qnn"))) : null);
            }

            var status = r.GetProperty("status").GetString() switch
            {
                "ok" => PointStatus.Ok,
                "check-failed" => PointStatus.CheckFailed,
                "error" => PointStatus.Error,
                _ => throw new FormatException("unknown status"),
            };
            var mode = PointModes.Parse(r.GetProperty("mode").GetString() ?? string.Empty) ?? throw new FormatException("unknown mode");
            var error = r.TryGetProperty("error", out var e) ? e.GetString() : null;
            return new PointRecord(r.GetProperty("point").GetInt32(), r.GetProperty("key").GetString()!, status, mode, values, analytical, measured, error);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static GateLevelTwinFigures GateTwin(JsonElement e) =>
        new(e.GetProperty("golden_match").GetBoolean(), e.GetProperty("rtl_match").GetBoolean(), Read(e, "energy_pj"));

    private static double Read(JsonElement e, string name) => e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;
}
