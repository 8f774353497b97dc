// The golden model of the workload-graph layers (docs/hardware.md, "Pooling" and "Residual additions"): max and
// average pooling on the lanes without weights, and shortcut events added into a layer's membranes or accumulators.
using HwGen.Model;

namespace HwGen.Golden;

public static partial class GoldenModel
{
    /// <summary>The events of the tensor a layer's residual edge names (tensor 0 is the network input), or null.</summary>
    private static List<SpikeEvent>[]? ShortcutOf(LayerModel layer, IReadOnlyList<List<SpikeEvent>[]> tensors) =>
        layer.Residual is { } residual ? tensors[residual.TensorIndex] : null;

    private sealed partial class LayerExecution
    {
        private long poolAdds;
        private long poolCompares;
        private long shortcutReads;
        private long shortcutAdds;

        /// <summary>
        /// A pool event (c, y, x) reaches the in-image window positions of its own channel c only: unit c on lane
        /// c mod lanes. Max pooling keeps the largest value (one compare), average pooling sums (one add, saturating).
        /// </summary>
        private void IntegratePool(SpikeEvent inputEvent, int u0, int u1, int tile, int t, long[] state, ConvTaps taps)
        {
            var input = layer.InputShape;
            var channel = inputEvent.Address / (input.Height * input.Width);
            if (channel < u0 || channel >= u1)
            {
                return;
            }

            var rows = taps.Rows[inputEvent.Address / input.Width % input.Height];
            var cols = taps.Cols[inputEvent.Address % input.Width];
            var outWidth = layer.OutputShape.Width;
            var stateBase = (channel - u0) * neuronsPerUnit;
            long value = inputEvent.Value;
            var max = layer.Kind == LayerKind.MaxPool;
            for (var r = 0; r < rows.Length; r += 2)
            {
                var stateRow = stateBase + rows[r + 1] * outWidth;
                for (var c = 0; c < cols.Length; c += 2)
                {
                    var index = stateRow + cols[c + 1];
                    var sum = state[index] + value;
                    state[index] = max ? Math.Max(state[index], value) : sum > stateMax ? stateMax : sum;
                }
            }

            var reached = rows.Length / 2 * (cols.Length / 2);
            Work.Add(tile, t, channel % lanes, reached);
            stateReads += reached;
            stateWrites += reached;
            if (max)
            {
                poolCompares += reached;
            }
            else
            {
                poolAdds += reached;
            }
        }

        /// <summary>
        /// Shortcut events of timestep t, after the layer's own events: each tile's reader replays all of them (a buffer
        /// read and an input-queue transfer each); an event reaches exactly one neuron, whose state becomes
        /// sat(u + (z &lt;&lt; F)): a level z is worth z thresholds.
        /// </summary>
        private void IntegrateShortcut(List<SpikeEvent> events, int u0, int u1, int tile, int t, long[] state)
        {
            var first = (long)u0 * neuronsPerUnit;
            var end = (long)u1 * neuronsPerUnit;
            foreach (var shortcutEvent in events)
            {
                shortcutReads++;
                if (shortcutEvent.Address < first || shortcutEvent.Address >= end)
                {
                    continue;
                }

                var index = (int)(shortcutEvent.Address - first);
                var sum = state[index] + ((long)shortcutEvent.Value << thresholdLog2);
                state[index] = sum > stateMax ? stateMax : sum < stateMin ? stateMin : sum;
                stateReads++;
                stateWrites++;
                shortcutAdds++;
                Work.Add(tile, t, shortcutEvent.Address / neuronsPerUnit % lanes, 1);
            }
        }

        /// <summary>
        /// The fire phase of a pool, every neuron in ascending address (one state read and one compare each).
        /// Max pool: the output is the window's largest value of this timestep, and the state is cleared (SNN: written
        /// back as 0; a max pool keeps nothing from one timestep to the next). Average pool: the neuron fires
        /// z = min(floor(u / A), max) with A = K·K, and (SNN) keeps u − z·A, so the remainder of the division carries
        /// to the next timestep; the QNN twin requantises floor(acc / A) the same way.
        /// </summary>
        private void FirePool(long[] state, int neurons, int firstAddress, List<SpikeEvent> emitted)
        {
            var divisor = layer.PoolDivisor;
            var max = layer.Kind == LayerKind.MaxPool;
            var keepZeros = qnn && !model.Twin.ZeroSkipping;
            for (var n = 0; n < neurons; n++)
            {
                var u = state[n];
                stateReads++;
                compares++;
                var level = max ? Math.Min(u, maxOutput) : Math.Min(u / divisor, maxOutput);
                if (!qnn)
                {
                    if (!max && level > 0)
                    {
                        subtracts++;
                    }

                    state[n] = max ? 0 : u - level * divisor;
                    stateWrites++;
                }

                if (level > 0 || keepZeros)
                {
                    emitted.Add(new SpikeEvent(firstAddress + n, (int)level));
                }
            }
        }
    }
}
