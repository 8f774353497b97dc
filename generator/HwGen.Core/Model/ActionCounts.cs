// The vocabulary of countable hardware actions (component.action) and a table of their counts.
namespace HwGen.Model;

/// <summary>A countable action of one hardware component, e.g. <c>lane_weight_memory.read</c>.</summary>
public readonly record struct ActionKey(string Component, string Action) : IComparable<ActionKey>
{
    public int CompareTo(ActionKey other)
    {
        var byComponent = string.CompareOrdinal(Component, other.Component);
        return byComponent != 0 ? byComponent : string.CompareOrdinal(Action, other.Action);
    }

    public override string ToString() => $"{Component}.{Action}";
}

/// <summary>The actions of the neural core; names match the RTL strobes and the ERT entries.</summary>
public static class Actions
{
    public static readonly ActionKey DramRead = new("dram", "read");
    public static readonly ActionKey DramWrite = new("dram", "write");
    public static readonly ActionKey GlobalBufferRead = new("global_buffer", "read");
    public static readonly ActionKey GlobalBufferWrite = new("global_buffer", "write");
    public static readonly ActionKey WeightMemoryRead = new("lane_weight_memory", "read");
    public static readonly ActionKey WeightMemoryWrite = new("lane_weight_memory", "write");
    public static readonly ActionKey StateMemoryRead = new("lane_state_memory", "read");
    public static readonly ActionKey StateMemoryWrite = new("lane_state_memory", "write");
    public static readonly ActionKey InputQueuePush = new("input_queue", "push");
    public static readonly ActionKey InputQueuePop = new("input_queue", "pop");
    public static readonly ActionKey OutputQueuePush = new("output_queue", "push");
    public static readonly ActionKey OutputQueuePop = new("output_queue", "pop");
    public static readonly ActionKey Accumulate = new("adder", "accumulate");
    public static readonly ActionKey MultiplyAccumulate = new("mac", "multiply_accumulate");
    public static readonly ActionKey Compare = new("comparator", "compare");
    public static readonly ActionKey Subtract = new("subtractor", "subtract");
    public static readonly ActionKey Leak = new("shifter", "leak");
    public static readonly ActionKey NocSparseBitHop = new("noc", "sparse_bit_hop");
    public static readonly ActionKey NocDenseBitHop = new("noc", "dense_bit_hop");

    public static IReadOnlyList<ActionKey> All { get; } =
    [
        DramRead, DramWrite, GlobalBufferRead, GlobalBufferWrite, WeightMemoryRead, WeightMemoryWrite,
        StateMemoryRead, StateMemoryWrite, InputQueuePush, InputQueuePop, OutputQueuePush, OutputQueuePop,
        Accumulate, MultiplyAccumulate, Compare, Subtract, Leak, NocSparseBitHop, NocDenseBitHop,
    ];
}

/// <summary>Counts per action; absent actions count zero. Mutable while being filled, compared by content.</summary>
public sealed class ActionCounts : IEquatable<ActionCounts>
{
    private readonly SortedDictionary<ActionKey, long> counts = [];

    public long this[ActionKey key]
    {
        get => counts.TryGetValue(key, out var value) ? value : 0;
        set
        {
            if (value == 0)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = value;
            }
        }
    }

    public IEnumerable<KeyValuePair<ActionKey, long>> NonZero => counts;

    public void Add(ActionKey key, long amount = 1) => this[key] = this[key] + amount;

    /// <summary>The action-by-action sum of <paramref name="parts"/> (e.g. a network's layers).</summary>
    public static ActionCounts Sum(IEnumerable<ActionCounts> parts)
    {
        var total = new ActionCounts();
        foreach (var part in parts)
        {
            total.Add(part);
        }

        return total;
    }

    public void Add(ActionCounts other)
    {
        foreach (var (key, value) in other.counts)
        {
            Add(key, value);
        }
    }

    public bool Equals(ActionCounts? other) =>
        other is not null && counts.Count == other.counts.Count && counts.All(kv => other[kv.Key] == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as ActionCounts);

    public override int GetHashCode() => counts.Aggregate(0, (hash, kv) => HashCode.Combine(hash, kv.Key, kv.Value));

    /// <summary>Lines "component.action: expected vs actual" for every action where the two differ.</summary>
    public IReadOnlyList<string> Differences(ActionCounts actual)
    {
        var keys = counts.Keys.Union(actual.counts.Keys).Order();
        return keys.Where(k => this[k] != actual[k]).Select(k => $"{k}: expected {this[k]}, measured {actual[k]}").ToList();
    }

    public override string ToString() => string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"));
}
