// The toggle calibration a design is priced with: the shipped file when the design's widths are the shipped bench's,
// otherwise the calibration bench run at the design's own widths (docs/measurement.md).
using HwGen.Emit;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Energy;

public static class OwnWidthCalibration
{
    /// <summary>
    /// The calibration at the design's own widths (each twin's units at that twin's widths): the shipped file when the
    /// spec's widths and the microbenchmarks are the shipped ones, otherwise the bench run at these widths (cached build,
    /// the shipped seed and length, well under a second once built).
    /// </summary>
    public static ToggleCalibration For(HardwareModel model, EnergyReferenceTable table, string? cacheRoot)
    {
        var shipped = ToggleCalibrationLoader.LoadPreset(table.Preset);
        var bench = CalibrationBench.Render(CalibrationWidths.Of(model));
        if (shipped.Widths == bench.Widths && shipped.MicrobenchmarkSha256 == bench.ContentHash)
        {
            return shipped;
        }

        // Runs of one process (a sweep's points) that need the same bench share one calibration, made once.
        return Calibrations.GetOrAdd((table.Preset, bench.ContentHash), _ => new Lazy<ToggleCalibration>(() => Calibrate(table, bench, cacheRoot))).Value;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Preset, string Bench), Lazy<ToggleCalibration>> Calibrations = new();

    private static ToggleCalibration Calibrate(EnergyReferenceTable table, CalibrationBenchFiles bench, string? cacheRoot)
    {
        var work = Path.Combine(Path.GetTempPath(), "hwgen-calibration-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var measured = CalibrationRun.Run(bench, ToggleCalibration.DefaultSeed, ToggleCalibration.DefaultCycles, work, cacheRoot: cacheRoot);
            return ToggleCalibration.Derive(table, bench, measured, Toolchain.VerilatorVersion);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
