// The numbers behind a sweep's summary and plots, computed from the stored records only (so a merged sweep gives the
// same): series of energy against spike rate with their crossings, the T × spike-rate ratio map, the break-even per T
// measured and analytical, and the points where the measured verdict differs from the analytical one.
using System.Globalization;
using HwGen.Energy;

namespace HwGen.Sweep;

/// <summary>Where a ratio series crosses 1: at a spike rate, or nowhere within the swept rates (below or above them).</summary>
public enum CrossingKind
{
    /// <summary>The SNN/QNN ratio passes 1 between two swept rates (linear interpolation).</summary>
    Crossing,

    /// <summary>The SNN costs more at every swept rate: the break-even lies below the lowest.</summary>
    BelowRange,

    /// <summary>The SNN costs less at every swept rate: the break-even lies above the highest.</summary>
    AboveRange,

    /// <summary>Fewer than one point.</summary>
    NoData,
}

public readonly record struct Crossing(CrossingKind Kind, double SpikeRate, double LowestRate, double HighestRate)
{
    public override string ToString() => Kind switch
    {
        CrossingKind.Crossing => SpikeRate.ToString("0.####", CultureInfo.InvariantCulture),
        CrossingKind.BelowRange => "< " + LowestRate.ToString("0.####", CultureInfo.InvariantCulture),
        CrossingKind.AboveRange => "> " + HighestRate.ToString("0.####", CultureInfo.InvariantCulture),
        _ => "n/a",
    };

    /// <summary>
    /// The first rate where the ratio E_SNN/E_QNN reaches 1, interpolating linearly between neighbouring points sorted
    /// by rate; the ratio is what was evaluated or measured at each point, never a fit.
    /// </summary>
    public static Crossing Of(IReadOnlyList<(double Rate, double Ratio)> points)
    {
        var sorted = points.Where(p => double.IsFinite(p.Rate) && double.IsFinite(p.Ratio)).OrderBy(p => p.Rate).ToList();
        if (sorted.Count == 0)
        {
            return new Crossing(CrossingKind.NoData, double.NaN, double.NaN, double.NaN);
        }

        var low = sorted[0].Rate;
        var high = sorted[^1].Rate;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Ratio == 1)
            {
                return new Crossing(CrossingKind.Crossing, sorted[i].Rate, low, high);
            }

            if (i > 0 && (sorted[i - 1].Ratio - 1) * (sorted[i].Ratio - 1) < 0)
            {
                var (r0, y0) = sorted[i - 1];
                var (r1, y1) = sorted[i];
                return new Crossing(CrossingKind.Crossing, r0 + (1 - y0) * (r1 - r0) / (y1 - y0), low, high);
            }
        }

        return sorted[0].Ratio > 1 ? new Crossing(CrossingKind.BelowRange, double.NaN, low, high) : new Crossing(CrossingKind.AboveRange, double.NaN, low, high);
    }
}

/// <summary>Energy against spike rate for one setting of every other axis: analytical (spec rate) and measured (run rate).</summary>
public sealed record EnergySeries(
    string Label,
    string Group,
    int Timesteps,
    double[] AnalyticalRates,
    double[] AnalyticalSnnPj,
    double[] AnalyticalQnnPj,
    double[] MeasuredRates,
    double[] MeasuredSnnPj,
    double[] MeasuredQnnPj,
    Crossing Analytical,
    Crossing Measured,
    IReadOnlyList<string> Presets);

/// <summary>
/// One energy figure: the series of one group (every axis but the rate and T fixed), at most
/// <see cref="SweepAnalysis.FigureTimesteps"/> T values of it evenly chosen (all of them are in the tables and maps).
/// </summary>
public sealed record EnergyFigure(string Group, IReadOnlyList<EnergySeries> Series, int GroupTimesteps);

/// <summary>The T × spike-rate map of one group: log10 of E_SNN/E_QNN per cell (NaN where no point), measured when there are RTL points.</summary>
public sealed record RatioMap(string Label, bool Measured, int[] Timesteps, double[] SpikeRates, double[,] Log10Ratio, IReadOnlyList<string> Presets);

/// <summary>One T of a group: the break-even measured and analytical.</summary>
public sealed record BreakEvenRow(string Group, int Timesteps, Crossing Analytical, Crossing Measured, StoredBreakEven? ClosedForm, int AnalyticalPoints, int MeasuredPoints);

public sealed record SweepAnalysisResult(
    IReadOnlyList<EnergySeries> Series,
    IReadOnlyList<EnergyFigure> Figures,
    IReadOnlyList<RatioMap> Maps,
    IReadOnlyList<BreakEvenRow> BreakEven,
    IReadOnlyList<PointRecord> Disagreements,
    string? RateAxis,
    string? TimestepsAxis,
    IReadOnlyList<string> Presets);

public static class SweepAnalysis
{
    /// <summary>The most T values one energy figure shows.</summary>
    public const int FigureTimesteps = 4;

    /// <summary>Analyses the records of a sweep whose axes (key, grid dimension) are <paramref name="axes"/>.</summary>
    public static SweepAnalysisResult Analyze(IReadOnlyList<MarkerAxis> axes, IReadOnlyList<PointRecord> records)
    {
        var rateAxis = axes.Select((a, i) => (a, i)).Where(x => x.a.Key.EndsWith("spike_rate", StringComparison.Ordinal))
            .OrderBy(x => x.a.Key.Contains("[*]", StringComparison.Ordinal) ? 0 : 1).Select(x => (int?)x.i).FirstOrDefault();
        var tAxis = axes.Select((a, i) => (a, i)).Where(x => x.a.Key == "neuron.timesteps").Select(x => (int?)x.i).FirstOrDefault();
        var rateDim = rateAxis is { } r ? axes[r].Dimension : -1;
        var tDim = tAxis is { } t ? axes[t].Dimension : -1;
        var usable = records.Where(x => x.Status == PointStatus.Ok && x.Analytical is not null).ToList();

        // Axes with one value are constants of the sweep: they name no group.
        var varying = axes.Select((a, i) => records.Select(r => r.Values[i]).Distinct(StringComparer.Ordinal).Count() > 1).ToArray();
        string Label(PointRecord p, params int[] excluded) =>
            string.Join(", ", axes.Select((a, i) => (a, i)).Where(x => varying[x.i] && !excluded.Contains(x.a.Dimension)).Select(x => $"{x.a.Key}={p.Values[x.i]}"));

        var series = new List<EnergySeries>();
        var maps = new List<RatioMap>();
        var breakEven = new List<BreakEvenRow>();
        if (rateAxis is { } rate)
        {
            foreach (var g in usable.GroupBy(p => Label(p, rateDim)))
            {
                var list = g.ToList();
                var measured = list.Where(p => p.Measured is not null).OrderBy(p => p.Measured!.SpikeRate).ToList();
                var analytical = list.OrderBy(p => p.Analytical!.SpecSpikeRate).ToList();
                series.Add(new EnergySeries(
                    g.Key,
                    Label(list[0], rateDim, tDim),
                    list[0].Analytical!.Timesteps,
                    analytical.Select(p => p.Analytical!.SpecSpikeRate).ToArray(),
                    analytical.Select(p => p.Analytical!.SnnPj).ToArray(),
                    analytical.Select(p => p.Analytical!.QnnPj).ToArray(),
                    measured.Select(p => p.Measured!.SpikeRate).ToArray(),
                    measured.Select(p => p.Measured!.SnnPj).ToArray(),
                    measured.Select(p => p.Measured!.QnnPj).ToArray(),
                    Crossing.Of(analytical.Select(p => (p.Analytical!.SpecSpikeRate, p.Analytical.SnnPj / p.Analytical.QnnPj)).ToList()),
                    Crossing.Of(measured.Select(p => (p.Measured!.SpikeRate, p.Measured.SnnPj / p.Measured.QnnPj)).ToList()),
                    list.Select(p => p.Analytical!.Preset).Distinct().Order(StringComparer.Ordinal).ToList()));
            }

            if (tAxis is { } tIndex)
            {
                foreach (var g in usable.GroupBy(p => Label(p, rateDim, tDim)))
                {
                    var list = g.ToList();
                    var anyMeasured = list.Any(p => p.Measured is not null);
                    var ts = list.Select(p => int.Parse(p.Values[tIndex], CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
                    var rates = list.Select(p => double.Parse(p.Values[rate], CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
                    var cells = new double[ts.Length, rates.Length];
                    for (var i = 0; i < ts.Length; i++)
                    {
                        for (var j = 0; j < rates.Length; j++)
                        {
                            cells[i, j] = double.NaN;
                        }
                    }

                    foreach (var p in list)
                    {
                        var i = Array.IndexOf(ts, int.Parse(p.Values[tIndex], CultureInfo.InvariantCulture));
                        var j = Array.IndexOf(rates, double.Parse(p.Values[rate], CultureInfo.InvariantCulture));
                        double ratio = anyMeasured
                            ? p.Measured is { } m ? m.SnnPj / m.QnnPj : double.NaN
                            : p.Analytical!.SnnPj / p.Analytical.QnnPj;
                        cells[i, j] = Math.Log10(ratio);
                    }

                    maps.Add(new RatioMap(g.Key, anyMeasured, ts, rates, cells, list.Select(p => p.Analytical!.Preset).Distinct().Order(StringComparer.Ordinal).ToList()));
                }
            }

            foreach (var s in series)
            {
                var tValue = s.Timesteps;
                breakEven.Add(new BreakEvenRow(s.Group, tValue, s.Analytical, s.Measured, null,
                    s.AnalyticalRates.Length, s.MeasuredRates.Length));
            }
        }
        else
        {
            // No spike-rate axis: the engine's closed-form break-even at each point's spec statistics.
            foreach (var p in usable)
            {
                var none = new Crossing(CrossingKind.NoData, double.NaN, double.NaN, double.NaN);
                breakEven.Add(new BreakEvenRow(Label(p, tDim), p.Analytical!.Timesteps, none, none, p.Analytical.BreakEven, 1, p.Measured is null ? 0 : 1));
            }
        }

        var figures = new List<EnergyFigure>();
        foreach (var g in series.GroupBy(x => x.Group))
        {
            var all = g.OrderBy(x => x.Timesteps).ToList();
            var shown = all.Count <= FigureTimesteps
                ? all
                : Enumerable.Range(0, FigureTimesteps).Select(i => all[(int)Math.Round(i * (all.Count - 1) / (double)(FigureTimesteps - 1))]).Distinct().ToList();
            figures.Add(new EnergyFigure(g.Key, shown, all.Count));
        }

        var disagreements = records.Where(p => p.Status == PointStatus.Ok && p.Measured is { } m && p.Analytical is { } a
            && (m.Verdict != a.Verdict || m.Verdict != m.ExactVerdict)).ToList();
        return new SweepAnalysisResult(series, figures, maps, breakEven.OrderBy(b => b.Group, StringComparer.Ordinal).ThenBy(b => b.Timesteps).ToList(), disagreements,
            rateAxis is { } ra ? axes[ra].Key : null, tAxis is { } ta ? axes[ta].Key : null,
            usable.Select(p => p.Analytical!.Preset).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The closed-form break-even of the engine as text.</summary>
    public static string Describe(StoredBreakEven b) => b.Kind switch
    {
        BreakEvenKind.Crossing => b.SpikeRate.ToString("0.####", CultureInfo.InvariantCulture),
        BreakEvenKind.Never => "never",
        _ => "always",
    };
}
