// A Liberty lookup table (timing or energy) with its axes, read by name (load or transition), interpolated
// bilinearly inside the characterised range and extrapolated linearly outside it, as timing tools do.
namespace HwGen.Synth.Liberty;

/// <summary>What a table axis measures.</summary>
public enum TableAxis
{
    /// <summary>The load on the output net (total_output_net_capacitance), in the library's capacitance unit.</summary>
    OutputLoad,

    /// <summary>The transition time at the input (input_net_transition, input_transition_time), in the time unit.</summary>
    InputTransition,

    /// <summary>An axis HwGen does not evaluate (constraint tables).</summary>
    Other,
}

/// <summary>A one- or two-dimensional table: <c>Values[i, j]</c> at (<c>Index1[i]</c>, <c>Index2[j]</c>).</summary>
public sealed record LibertyTable(TableAxis Axis1, IReadOnlyList<double> Index1, TableAxis? Axis2, IReadOnlyList<double> Index2, double[,] Values)
{
    /// <summary>The table at the given load and input transition (an axis the table lacks is ignored).</summary>
    public double At(double load, double transition)
    {
        var x = Axis1 == TableAxis.OutputLoad ? load : transition;
        if (Axis2 is null)
        {
            return Interpolate1(Index1, i => Values[i, 0], x);
        }

        var y = Axis2 == TableAxis.OutputLoad ? load : transition;
        var (i0, i1, ti) = Bracket(Index1, x);
        var (j0, j1, tj) = Bracket(Index2, y);
        var v00 = Values[i0, j0];
        var v01 = Values[i0, j1];
        var v10 = Values[i1, j0];
        var v11 = Values[i1, j1];
        var a = v00 + ((v01 - v00) * tj);
        var b = v10 + ((v11 - v10) * tj);
        return a + ((b - a) * ti);
    }

    private static double Interpolate1(IReadOnlyList<double> index, Func<int, double> value, double x)
    {
        var (i0, i1, t) = Bracket(index, x);
        return value(i0) + ((value(i1) - value(i0)) * t);
    }

    /// <summary>The two index points around <paramref name="x"/> (the first or last two outside the range) and the fraction.</summary>
    private static (int Low, int High, double Fraction) Bracket(IReadOnlyList<double> index, double x)
    {
        if (index.Count == 1)
        {
            return (0, 0, 0);
        }

        var high = 1;
        while (high < index.Count - 1 && x > index[high])
        {
            high++;
        }

        var low = high - 1;
        var span = index[high] - index[low];
        return (low, high, span == 0 ? 0 : (x - index[low]) / span);
    }
}
