// "Did you mean" suggestions for misspelled keys and enum values (Damerau-Levenshtein distance).
namespace HwGen.Diagnostics;

public static class NearMiss
{
    /// <summary>The closest candidate within an edit distance of a third of its length (at least 1), or null.</summary>
    public static string? Suggest(string found, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(found.ToLowerInvariant(), candidate.ToLowerInvariant());
            var limit = Math.Max(1, Math.Max(candidate.Length, found.Length) / 3);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The suffix " (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string found, IEnumerable<string> candidates)
    {
        var suggestion = Suggest(found, candidates);
        return suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
    }
}
