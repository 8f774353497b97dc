// The one calibration bench the measurement tests share (the default spec's widths): one plain build, one
// --coverage-toggle build, reused by every test through the Verilator cache.
using HwGen.Emit;
using HwGen.Model;

namespace HwGen.Tests.Measure;

public static class CalibrationBenches
{
    private static readonly Lazy<CalibrationBenchFiles> DefaultBench = new(() =>
    {
        var loaded = ModelLoader.LoadDefault();
        var model = loaded.Model ?? throw new InvalidOperationException("the embedded default spec does not load");
        return CalibrationBench.Render(CalibrationWidths.Of(model));
    });

    public static CalibrationBenchFiles Default => DefaultBench.Value;

    public static string WorkFolder(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "measure-runs", name);
}
