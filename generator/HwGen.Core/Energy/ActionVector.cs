// A fixed-size, stack-friendly vector of one double per action (counts or pJ per action), indexed like Actions.All.
using System.Runtime.CompilerServices;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>Dense indices of the actions in <see cref="Actions.All"/>, so the hot path works on inline arrays, not dictionaries.</summary>
public static class ActionIndex
{
    public const int DramRead = 0;
    public const int DramWrite = 1;
    public const int GlobalBufferRead = 2;
    public const int GlobalBufferWrite = 3;
    public const int WeightMemoryRead = 4;
    public const int WeightMemoryWrite = 5;
    public const int StateMemoryRead = 6;
    public const int StateMemoryWrite = 7;
    public const int InputQueuePush = 8;
    public const int InputQueuePop = 9;
    public const int OutputQueuePush = 10;
    public const int OutputQueuePop = 11;
    public const int Accumulate = 12;
    public const int MultiplyAccumulate = 13;
    public const int Compare = 14;
    public const int Subtract = 15;
    public const int Leak = 16;
    public const int NocSparseBitHop = 17;
    public const int NocDenseBitHop = 18;
    public const int Count = 19;

    static ActionIndex()
    {
        // The constants above mirror the order of Actions.All; fail at type load if the model's vocabulary changes.
        if (Actions.All.Count != Count || Actions.All[NocDenseBitHop] != Actions.NocDenseBitHop || Actions.All[Accumulate] != Actions.Accumulate)
        {
            throw new InvalidOperationException("ActionIndex is out of step with HwGen.Model.Actions.All.");
        }
    }

    public static ActionKey Key(int index) => Actions.All[index];

    /// <summary>Index of an action, or -1 when it is not one of <see cref="Actions.All"/>.</summary>
    public static int Of(ActionKey key)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Actions.All[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of a "component.action" name, or -1.</summary>
    public static int Of(string component, string action) => Of(new ActionKey(component, action));
}

/// <summary>One double per action. A value type with inline storage: filling and summing it never allocates.</summary>
[InlineArray(ActionIndex.Count)]
public struct ActionVector
{
    private double element;

    /// <summary>Σ this[i] · other[i], skipping zero entries so a zero count never meets an unused energy.</summary>
    public readonly double Dot(in ActionVector other)
    {
        var sum = 0.0;
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            var count = this[i];
            if (count != 0)
            {
                sum += count * other[i];
            }
        }

        return sum;
    }

    public void Clear()
    {
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            this[i] = 0;
        }
    }

    public void AddScaled(in ActionVector other, double factor)
    {
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            this[i] += other[i] * factor;
        }
    }

    /// <summary>Exact counts as an <see cref="ActionCounts"/> table; throws when a count is not a whole number.</summary>
    public readonly ActionCounts ToActionCounts()
    {
        var counts = new ActionCounts();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            var value = this[i];
            if (value != Math.Floor(value) || value < 0 || value > 9.0e15)
            {
                throw new InvalidOperationException(
                    $"{ActionIndex.Key(i)} = {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is not a whole count " +
                    "(NoC bit-hops use the mesh's average hop count; give noc.hops_per_transfer as a whole number for exact counts).");
            }

            counts[ActionIndex.Key(i)] = (long)value;
        }

        return counts;
    }
}
