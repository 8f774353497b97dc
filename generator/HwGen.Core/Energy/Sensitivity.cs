// Sensitivity ranges: vary named constants or ERT entries by ±x% and report the range each result spans.
using System.Globalization;

namespace HwGen.Energy;

/// <summary>One "KEY=±x%" request: the key (a v1 constant or an ERT component.action) and its relative half-range.</summary>
public sealed record VariedParameter(string Key, double Fraction)
{
    public double LowFactor => 1 - Fraction;

    public double HighFactor => 1 + Fraction;

    /// <summary>Parses "E_dram=±50%" (also "+-50%" or "50%"); the fraction must lie in [0, 1].</summary>
    public static VariedParameter Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
        {
            throw new FormatException($"--vary expects KEY=±PERCENT%, e.g. E_dram=±50% or dram.read=±50%; found '{text}'.");
        }

        var key = text[..equals].Trim();
        var amount = text[(equals + 1)..].Trim();
        if (amount.StartsWith('±'))
        {
            amount = amount[1..];
        }
        else if (amount.StartsWith("+-", StringComparison.Ordinal) || amount.StartsWith("-+", StringComparison.Ordinal))
        {
            amount = amount[2..];
        }

        if (!amount.EndsWith('%')
            || !double.TryParse(amount[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            || percent < 0 || percent > 100)
        {
            throw new FormatException($"--vary {key}: expected ±PERCENT% with 0 <= PERCENT <= 100, found '{text[(equals + 1)..]}'.");
        }

        return new VariedParameter(key, percent / 100);
    }

    public override string ToString() => $"{Key}=±{(Fraction * 100).ToString("G6", CultureInfo.InvariantCulture)}%";
}

/// <summary>The range of one result over a sensitivity grid, beside its nominal value.</summary>
public readonly record struct ResultRange(double Nominal, double Min, double Max);

public static class SensitivityGrid
{
    /// <summary>At most this many varied keys (3^k evaluations).</summary>
    public const int MaxParameters = 8;

    /// <summary>
    /// Evaluates <paramref name="evaluate"/> at every combination of {low, nominal, high} factors of the varied keys
    /// (corners and mid-points; the results here are monotone or affine in each factor, so the extremes lie on this
    /// grid) and returns, per result, the nominal value and the range.
    /// </summary>
    public static ResultRange[] Evaluate(IReadOnlyList<VariedParameter> parameters, Func<IReadOnlyDictionary<string, double>, double[]> evaluate)
    {
        if (parameters.Count > MaxParameters)
        {
            throw new ArgumentException($"at most {MaxParameters} --vary keys, found {parameters.Count}.");
        }

        var duplicate = parameters.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"--vary names {duplicate.Key} twice.");
        }

        var factors = parameters.ToDictionary(p => p.Key, _ => 1.0);
        var nominal = evaluate(factors);
        var min = (double[])nominal.Clone();
        var max = (double[])nominal.Clone();
        var combinations = (int)Math.Pow(3, parameters.Count);
        for (var combination = 0; combination < combinations; combination++)
        {
            var code = combination;
            foreach (var parameter in parameters)
            {
                factors[parameter.Key] = (code % 3) switch { 0 => parameter.LowFactor, 1 => 1.0, _ => parameter.HighFactor };
                code /= 3;
            }

            var values = evaluate(factors);
            for (var i = 0; i < values.Length; i++)
            {
                min[i] = Math.Min(min[i], values[i]);
                max[i] = Math.Max(max[i], values[i]);
            }
        }

        return nominal.Select((n, i) => new ResultRange(n, min[i], max[i])).ToArray();
    }
}
