// The catalogue, data part (HW06xx): .npy data files. A .npy file is binary, so its problems are reported at the
// file (1:1) with the byte offset, element index or header text in the message.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void NpyNotNpy(string file, string found) =>
        Error("HW0601", SourceSpan.StartOf(file), $"not a NumPy .npy file: expected the magic string \\x93NUMPY followed by a version, found {found}");

    public void NpyVersion(string file, int major, int minor) =>
        Error("HW0602", SourceSpan.StartOf(file), $"unsupported .npy format version {major}.{minor}: expected 1.0, 2.0 or 3.0");

    public void NpyHeader(string file, string problem) =>
        Error("HW0603", SourceSpan.StartOf(file), $"malformed .npy header: {problem}; expected a dict with keys 'descr', 'fortran_order' and 'shape'");

    /// <param name="descr">The descr as the header wrote it, quotes included.</param>
    public void NpyDType(string file, string descr) =>
        Error("HW0604", SourceSpan.StartOf(file),
            $"unsupported dtype {descr}: expected one of '|b1', '|i1', '|u1', '<i2', '<i4', '<i8', '<f4', '<f8' (little-endian)");

    public void NpyFortranOrder(string file) =>
        Error("HW0605", SourceSpan.StartOf(file),
            "array is stored in Fortran (column-major) order: expected C order; save it with numpy.ascontiguousarray(a) first");

    public void NpyShape(string file, string what, string expected, string found) =>
        Error("HW0606", SourceSpan.StartOf(file), $"{what}: expected shape {expected}, found {found}");

    public void NpyDataLength(string file, long expectedBytes, long foundBytes, string shape, string descr) =>
        Error("HW0607", SourceSpan.StartOf(file), $"data of shape {shape} '{descr}' needs {expectedBytes} bytes, the file holds {foundBytes}");

    public void NpyNonIntegral(string file, long index, string value) =>
        Error("HW0608", SourceSpan.StartOf(file), $"element {index} is {value}: floating-point data is accepted only when every value is a finite integer");

    public void NpyNotBoolean(string file, long index, int value) =>
        Error("HW0608", SourceSpan.StartOf(file), $"element {index} of a boolean array is the byte {value}: expected 0 or 1");

    public void NpyHeaderTooLarge(string file, long found, long limit) =>
        Error("HW0609", SourceSpan.StartOf(file), $"the header length is {found} bytes, above the limit of {limit}: expected a few hundred bytes");

    public void NpyTooManyElements(string file, string shape, long limit) =>
        Error("HW0609", SourceSpan.StartOf(file), $"shape {shape} has more than {limit} elements, the limit for a data file");

    public void NpyValueRange(string file, string what, long index, long value, long min, long max, long offending) =>
        Error("HW0610", SourceSpan.StartOf(file),
            $"{what}: element {index} is {value}, expected {min}..{max} ({offending} element{(offending == 1 ? "" : "s")} out of range)");

    public void NpyUnreadable(string file, string reason) =>
        Error("HW0611", SourceSpan.StartOf(file), $"cannot read the data file: {reason}");
}
