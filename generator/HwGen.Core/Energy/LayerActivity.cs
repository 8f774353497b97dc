// The three activity totals that, with the static layer profile, determine every count of docs/hardware.md.
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>
/// Activity of one layer in one design: Σ_t |E_t| input events, synaptic updates (Σ_k Σ_t Σ_e S(e,k)),
/// Σ_t |Z_t| output events, the passes (T for the SNN, 1 for the QNN) and Σ_t |R_t| shortcut events (a residual
/// layer's; each reaches one neuron). Exact from a trace, expected from statistics.
/// </summary>
public readonly record struct LayerActivity(double InputEvents, double SynapticUpdates, double OutputEvents, int Passes, double ShortcutEvents = 0)
{
    /// <summary>Used bits × hops of the layer's sparse output flits (events and markers) on a mesh dataflow.</summary>
    public double NocSparseBitHops { get; init; }

    /// <summary>Used bits × hops of the layer's dense output flits on a mesh dataflow.</summary>
    public double NocDenseBitHops { get; init; }

    /// <summary>
    /// Expected activity of the spiking design: T·s_in·N_in input events, T·s_out·N_out output events and, with a
    /// residual edge, T·s_src·N_out shortcut events.
    /// </summary>
    public static LayerActivity ExpectedSnn(in LayerCostProfile layer, int timesteps, double inputSpikeRate, double outputSpikeRate, double shortcutSpikeRate = 0)
    {
        var inputEvents = timesteps * inputSpikeRate * layer.InputNeurons;
        var shortcutEvents = layer.ShortcutSource is null ? 0 : timesteps * shortcutSpikeRate * layer.Neurons;
        return new LayerActivity(inputEvents, inputEvents * layer.ReachPerEvent, timesteps * outputSpikeRate * layer.Neurons, timesteps, shortcutEvents);
    }

    /// <summary>
    /// Expected activity of the QNN twin: with zero skipping (1−γ_in)·N_in input and (1−γ_out)·N_out output events,
    /// without it every activation is an event.
    /// </summary>
    public static LayerActivity ExpectedQnn(in LayerCostProfile layer, bool zeroSkipping, double inputSparsity, double outputSparsity, double shortcutSparsity = 1)
    {
        var inputEvents = zeroSkipping ? (1 - inputSparsity) * layer.InputNeurons : layer.InputNeurons;
        var outputEvents = zeroSkipping ? (1 - outputSparsity) * layer.Neurons : layer.Neurons;
        var shortcutEvents = layer.ShortcutSource is null ? 0 : zeroSkipping ? (1 - shortcutSparsity) * layer.Neurons : layer.Neurons;
        return new LayerActivity(inputEvents, inputEvents * layer.ReachPerEvent, outputEvents, 1, shortcutEvents);
    }

    /// <summary>
    /// Exact activity from a trace: events are counted, and the synaptic updates follow by formula from the event
    /// addresses (fc: every unit; conv2d: units × in-image output positions the input position reaches).
    /// </summary>
    public static LayerActivity FromTrace(LayerModel layer, LayerTrace trace, DesignKind design, int timesteps)
    {
        var passes = design == DesignKind.Snn ? timesteps : 1;
        if (trace.Inputs.Count != passes || trace.Outputs.Count != passes)
        {
            throw new ArgumentException(
                $"layer {layer.Name}: the {design} trace has {trace.Inputs.Count} input and {trace.Outputs.Count} output timesteps, expected {passes}.");
        }

        var reach = ReachTable.Of(layer);
        long inputEvents = 0;
        long reached = 0;
        foreach (var timestep in trace.Inputs)
        {
            inputEvents += timestep.Count;
            foreach (var spike in timestep)
            {
                reached += reach.NeuronsReached(spike.Address);
            }
        }

        long outputEvents = 0;
        foreach (var timestep in trace.Outputs)
        {
            outputEvents += timestep.Count;
        }

        long shortcutEvents = 0;
        foreach (var timestep in trace.Shortcut)
        {
            shortcutEvents += timestep.Count;
        }

        return new LayerActivity(inputEvents, reached, outputEvents, passes, shortcutEvents);
    }
}

/// <summary>How many neurons of a layer one input address reaches, summed over all tiles.</summary>
public sealed class ReachTable
{
    private readonly LayerModel layer;
    private readonly int units;
    private readonly int[] rows;
    private readonly int[] cols;

    private ReachTable(LayerModel layer)
    {
        this.layer = layer;
        // A pool event reaches the window positions of its own channel only: one unit.
        units = layer.IsPool ? 1 : layer.Units;
        rows = layer.Kind == LayerKind.Fc ? [] : AxisReach(layer.InputShape.Height, layer.OutputShape.Height, layer.Kernel, layer.Stride, layer.Padding);
        cols = layer.Kind == LayerKind.Fc ? [] : AxisReach(layer.InputShape.Width, layer.OutputShape.Width, layer.Kernel, layer.Stride, layer.Padding);
    }

    public static ReachTable Of(LayerModel layer) => new(layer);

    /// <summary>Σ_k S(e,k) for an event at <paramref name="address"/>.</summary>
    public long NeuronsReached(int address)
    {
        if (address < 0 || address >= layer.InputShape.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"layer {layer.Name}: input address {address} outside 0..{layer.InputShape.Size - 1}.");
        }

        if (layer.Kind == LayerKind.Fc)
        {
            return units;
        }

        // conv2d and pool addresses are (c·H + y)·W + x; the channel does not change which positions are reached.
        var x = address % layer.InputShape.Width;
        var y = address / layer.InputShape.Width % layer.InputShape.Height;
        return (long)units * rows[y] * cols[x];
    }

    /// <summary>Per input coordinate: output coordinates o with 0 ≤ i + padding − o·stride &lt; kernel.</summary>
    private static int[] AxisReach(int inSize, int outSize, int kernel, int stride, int padding)
    {
        var reach = new int[inSize];
        for (var o = 0; o < outSize; o++)
        {
            for (var k = 0; k < kernel; k++)
            {
                var i = o * stride - padding + k;
                if (i >= 0 && i < inSize)
                {
                    reach[i]++;
                }
            }
        }

        return reach;
    }
}
