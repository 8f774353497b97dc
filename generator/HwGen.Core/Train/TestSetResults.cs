// What a test-set evaluation produced, as pure data: accuracy of both twins on every image (golden model), the RTL
// sample's bit-exactness and accuracy, per-layer activity as trained, and the energy per inference.
namespace HwGen.Train;

/// <summary>
/// Energy per inference of one twin, in pJ, each figure with its model: <see cref="AnalyticalPj"/> is the analytical
/// exact mode (golden counts x ERT) averaged over every image of the test set; the Sample figures average the RTL
/// sample: analytical exact mode, the ERT priced on the counts the RTL measured, and the switching-measured energy
/// (harness toggles x calibrated energy per toggle for arithmetic, measured accesses x ERT for memories).
/// </summary>
public sealed record InferenceEnergy(double AnalyticalPj, double SampleAnalyticalPj, double SampleErtOfMeasuredCountsPj, double SampleMeasuredPj);

/// <summary>One twin on the test set.</summary>
/// <param name="Correct">Images the golden model classifies right, of <see cref="Images"/>.</param>
/// <param name="RtlImages">Images also simulated in RTL (the first of the test set).</param>
/// <param name="RtlBitExact">RTL images whose every output event, final state and action count equals the golden model's.</param>
/// <param name="RtlCorrect">RTL images the RTL's own outputs classify right.</param>
/// <param name="RtlSameAsGolden">RTL images where the RTL's prediction equals the golden model's.</param>
/// <param name="GoldenSampleCorrect">The golden model's right answers on the same RTL images.</param>
public sealed record TwinTestResult(
    string Twin,
    int Images,
    int Correct,
    int RtlImages,
    int RtlBitExact,
    int RtlCorrect,
    int RtlSameAsGolden,
    int GoldenSampleCorrect,
    InferenceEnergy Energy,
    double SampleMeanCycles)
{
    /// <summary>Accuracy of the golden model on the whole test set.</summary>
    public double Accuracy => Images == 0 ? 0 : (double)Correct / Images;

    /// <summary>Accuracy of the RTL on its sample (null without one).</summary>
    public double? RtlAccuracy => RtlImages == 0 ? null : (double)RtlCorrect / RtlImages;
}

/// <summary>
/// One layer's activity over the whole test set, beside the spec's assumptions: the SNN's spike rate (events over
/// neurons·T) and the twin's sparsity (zero activations over neurons), and how often a neuron's SNN spike count differs
/// from its QNN activation (<see cref="LevelDifference"/>), of which the twin's activation was above what T timesteps
/// of spikes can carry (<see cref="AboveSpikeCapacity"/>, activation &gt; L·T).
/// </summary>
public sealed record LayerTestStatistics(
    string Layer,
    double SpecSpikeRate,
    double SpikeRate,
    double SpecQnnSparsity,
    double QnnSparsity,
    double LevelDifference,
    double AboveSpikeCapacity)
{
    /// <summary>(trained − spec) / spec in percent; null when the spec assumes 0.</summary>
    public double? SpikeRateDifferencePercent => SpecSpikeRate == 0 ? null : (SpikeRate - SpecSpikeRate) / SpecSpikeRate * 100;
}

/// <summary>The evaluation of a spec's test set: both twins, their agreement, and every layer's statistics.</summary>
/// <param name="Disagreements">Images where the two twins' golden predictions differ.</param>
/// <param name="SnnOnlyRight">Of those, the images only the SNN classifies right; <see cref="QnnOnlyRight"/> only the QNN.</param>
public sealed record TestSetResult(
    string Source,
    int Images,
    TwinTestResult Snn,
    TwinTestResult Qnn,
    int Disagreements,
    int SnnOnlyRight,
    int QnnOnlyRight,
    IReadOnlyList<LayerTestStatistics> Layers,
    double GoldenSeconds,
    double RtlSeconds)
{
    public const string PredictionRule =
        "argmax over the last layer's output neurons (the first of equal scores): the QNN twin's final accumulator; the SNN's spike count x threshold + final membrane";

    public double Agreement => Images == 0 ? 0 : 1 - (double)Disagreements / Images;

    /// <summary>Every RTL image of both twins was bit-exact with the golden model.</summary>
    public bool RtlBitExact => Snn.RtlBitExact == Snn.RtlImages && Qnn.RtlBitExact == Qnn.RtlImages;

    public IEnumerable<TwinTestResult> Twins => [Snn, Qnn];
}
