// The per-access energy the measured model gives each memory at its own word width and capacity: the ERT's price where
// the ERT's rule follows capacity (or the spec overrides it), the table's size_aware rule where it does not, and a loud
// refusal where neither exists. The analytical model keeps the ERT's price; the difference is the "capacity scaling" effect.
using System.Globalization;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>One memory action's price in the measured model beside the ERT's, and why they differ.</summary>
public sealed record MemoryPrice(ActionKey Action, EnergyArguments Arguments, double ErtPj, double SizeAwarePj, string Origin, string? Flag)
{
    /// <summary>True when the ERT prices this memory at a figure measured for another memory (the report flags it).</summary>
    public bool Flagged => Flag is not null;
}

public static class SizeAwarePrices
{
    /// <summary>The memory actions whose price depends on a memory's size.</summary>
    public static IReadOnlyList<ActionKey> MemoryActions { get; } =
    [
        Actions.DramRead, Actions.DramWrite, Actions.GlobalBufferRead, Actions.GlobalBufferWrite,
        Actions.WeightMemoryRead, Actions.WeightMemoryWrite, Actions.StateMemoryRead, Actions.StateMemoryWrite,
    ];

    /// <summary>
    /// Resolves every memory action of a design. A spec override is the user's final price (no flag); an ERT rule that
    /// follows capacity, or a figure measured for exactly this memory, is kept; otherwise the table's size_aware entry
    /// prices it and the report flags the ERT's figure. A table with neither refuses (no silent price at another size).
    /// </summary>
    public static IReadOnlyList<MemoryPrice> Resolve(EnergyReferenceTable table, ActionPrices prices, DesignWidths widths)
    {
        var result = new List<MemoryPrice>();
        foreach (var action in MemoryActions)
        {
            var i = ActionIndex.Of(action);
            var arguments = widths.ArgumentsFor(i);
            var ert = prices.Energies[i];
            if (!prices.Origins[i].StartsWith("ert ", StringComparison.Ordinal))
            {
                result.Add(new MemoryPrice(action, arguments, ert, ert, prices.Origins[i], null));
                continue;
            }

            var entry = table.AnchorsOf(action)[0];
            var size = entry.MeasuredAt;
            var sameMemory = size is { } s && s.WordBits == arguments.WordBits && (s.CapacityBits == arguments.CapacityBits || arguments.CapacityBits == 0);
            if (entry.FollowsCapacity || sameMemory)
            {
                result.Add(new MemoryPrice(action, arguments, ert, ert, prices.Origins[i], null));
                continue;
            }

            if (table.SizeAware is not { } sizeAware || !sizeAware.Contains(action))
            {
                throw new EnergyTableException(
                    $"ERT '{table.Preset}': {action} is a figure for {(size is { } m ? m.ToString() : "an unstated memory")} and the table gives no size_aware rule; "
                    + $"refusing to price this design's memory ({arguments}) at another memory's figure.");
            }

            var aware = sizeAware.EnergyPj(action, arguments);
            var source = sizeAware.AnchorsOf(action)[0].Source;
            var flag = string.Create(CultureInfo.InvariantCulture,
                $"{table.Preset} prices {action} at {ert:0.####} pJ, a figure for {(size is { } sz ? sz.ToString() : "another memory")}; this memory ({arguments}) costs {aware:0.####} pJ by the size-aware rule ({source})");
            result.Add(new MemoryPrice(action, arguments, ert, aware, $"size_aware {table.Preset} at {arguments}: {source}", flag));
        }

        return result;
    }
}
