// The seven hardware builds behind the RTL test matrix. Each spec is built once per twin (14 Verilator builds in all);
// timesteps, spike rates, weights and saturation vary through run data, never through the build.
//
// Matrix coverage (build: what it covers):
//   Fc3:   lanes 3, weight bits 4, binary SNN, T up to 15 (runs T = 1, 3, 6, 15), two fc layers 20 -> 13 -> 7
//          (neither divisible by 3), layer 0 in 2 tiles (weight memory 60 words), membrane 8 bits and
//          accumulator 10 bits (saturation runs), spike rates 0, 0.05, 0.3, 1.0; QNN twin with zero skipping;
//          16-bit global-buffer words under 64-bit DRAM words (four buffer words per DRAM read).
//   Conv8: lanes 8, weight bits 8, multi-level SNN L = 3 with leak (k = 3), T = 6, three layers
//          conv 3x3 stride 1 pad 1 (2x7x7 -> 11x7x7, 2 tiles: state memory 64 words) -> conv 3x3 stride 2 pad 0
//          (-> 5x3x3) -> fc 5; QNN twin without zero skipping (every input and output is an event).
//   Mix16: lanes 16, weight bits 2, multi-level L = 7, T = 3, conv 3x3 stride 2 pad 1 (3x6x6 -> 4x3x3, 12 of
//          16 lanes idle) -> fc 21 (16 + 5 units); QNN twin with 4-bit activations.
//   Lane1: lanes 1, weight bits 8, binary SNN with leak (k = 2), T = 4, conv 3x3 stride 1 pad 0 (1x5x5 -> 2x3x3)
//          -> fc 3; QNN twin; the smallest legal queues (depth 2), one global-buffer bank, DRAM word = buffer word.
//   T256:  lanes 2, weight bits 4, binary SNN, T = 256 (the largest documented T; runs T = 1, 65 and 256), conv 3x3
//          stride 1 pad 1 (1x3x3 -> 2x3x3) -> fc 3; QNN twin with 9-bit activations (ceil(log2(T + 1))). Until issue 8
//          Verilator refused every design with T >= 65 (the count tables were cleared in a loop it would not unroll).
//   Pool5: lanes 5 (a pool event's channel is split into local unit and lane by a non-power-of-two divider),
//          multi-level L = 3 with leak (k = 2, which pools do not apply), T = 4: conv 3x3 pad 1 (2x7x7 -> 11x7x7,
//          3 tiles) -> max pool 2x2 stride 1 (overlapping windows, -> 11x6x6, 3 tiles) -> conv 3x3 pad 1 (-> 6x6x6)
//          -> average pool 3x3 stride 2 pad 1 (windows partly in the padding, divisor 9, -> 6x3x3) -> fc 7; QNN
//          twin without zero skipping (pools emit their zeros).
//   PoolBin: lanes 4, binary SNN, T = 5: max pool 2x2 stride 2 as the first layer (host events into a pool,
//          1x8x8 -> 1x4x4) -> conv 3x3 pad 1 (-> 3x4x4) -> average pool 3x3 stride 2 (a window that does not
//          divide the input, -> 3x1x1) -> fc 4; QNN twin with zero skipping.
using HwGen.Model;

namespace HwGen.Tests.Rtl;

public static class RtlBuilds
{
    public static readonly RtlSpec Fc3 = new(
        "fc3", new Shape(1, 1, 20), [LayerSpec.Fc(13), LayerSpec.Fc(7)],
        Lanes: 3, Timesteps: 15, WeightBits: 4, MembraneBits: 8, AccumulatorBits: 10, ActivationBits: 4,
        ThresholdLog2: 3, WeightWords: 60, StateWords: 16, GbWordBits: 16);

    public static readonly RtlSpec Conv8 = new(
        "conv8", new Shape(2, 7, 7), [LayerSpec.Conv(11, 3, 1, 1), LayerSpec.Conv(5, 3, 2, 0), LayerSpec.Fc(5)],
        Lanes: 8, Timesteps: 6, Levels: 3, WeightBits: 8, MembraneBits: 16, AccumulatorBits: 20, ActivationBits: 3,
        ThresholdLog2: 6, LeakShift: 3, ZeroSkipping: false, WeightWords: 128, StateWords: 64, GbCapacityKib: 32);

    public static readonly RtlSpec Mix16 = new(
        "mix16", new Shape(3, 6, 6), [LayerSpec.Conv(4, 3, 2, 1), LayerSpec.Fc(21)],
        Lanes: 16, Timesteps: 3, Levels: 7, WeightBits: 2, MembraneBits: 12, AccumulatorBits: 14, ActivationBits: 4,
        ThresholdLog2: 2, WeightWords: 64, StateWords: 16);

    public static readonly RtlSpec Lane1 = new(
        "lane1", new Shape(1, 5, 5), [LayerSpec.Conv(2, 3, 1, 0), LayerSpec.Fc(3)],
        Lanes: 1, Timesteps: 4, WeightBits: 8, MembraneBits: 16, AccumulatorBits: 20, ActivationBits: 3,
        ThresholdLog2: 5, LeakShift: 2, WeightWords: 64, StateWords: 32,
        GbBanks: 1, DramWordBits: 32, InputQueueDepth: 2, OutputQueueDepth: 2);

    public static readonly RtlSpec T256 = new(
        "t256", new Shape(1, 3, 3), [LayerSpec.Conv(2, 3, 1, 1), LayerSpec.Fc(3)],
        Lanes: 2, Timesteps: 256, WeightBits: 4, MembraneBits: 12, AccumulatorBits: 20, ActivationBits: 9,
        ThresholdLog2: 4, WeightWords: 64, StateWords: 32, GbCapacityKib: 20, GbWordBits: 16);

    public static readonly RtlSpec Pool5 = new(
        "pool5", new Shape(2, 7, 7),
        [LayerSpec.Conv(11, 3, 1, 1), LayerSpec.MaxPool(2, 1, 0), LayerSpec.Conv(6, 3, 1, 1), LayerSpec.AvgPool(3, 2, 1), LayerSpec.Fc(7)],
        Lanes: 5, Timesteps: 4, Levels: 3, WeightBits: 6, MembraneBits: 14, AccumulatorBits: 16, ActivationBits: 4,
        ThresholdLog2: 5, LeakShift: 2, ZeroSkipping: false, WeightWords: 128, StateWords: 50, GbCapacityKib: 32);

    public static readonly RtlSpec PoolBin = new(
        "poolbin", new Shape(1, 8, 8), [LayerSpec.MaxPool(2, 2, 0), LayerSpec.Conv(3, 3, 1, 1), LayerSpec.AvgPool(3, 2, 0), LayerSpec.Fc(4)],
        Lanes: 4, Timesteps: 5, WeightBits: 8, MembraneBits: 16, AccumulatorBits: 20, ActivationBits: 3,
        ThresholdLog2: 4, WeightWords: 64, StateWords: 32);

    public static IReadOnlyList<RtlSpec> All { get; } = [Fc3, Conv8, Mix16, Lane1, T256, Pool5, PoolBin];
}
