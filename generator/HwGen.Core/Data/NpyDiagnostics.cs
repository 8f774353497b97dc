// The catalogue of .npy data-file errors (HW06xx): every message text lives here, one method per error kind.
using HwGen.Diagnostics;

namespace HwGen.Data;

public static class NpyDiagnostics
{
    public const string NotNpyCode = "HW0601";
    public const string VersionCode = "HW0602";
    public const string HeaderCode = "HW0603";
    public const string DTypeCode = "HW0604";
    public const string FortranOrderCode = "HW0605";
    public const string ShapeCode = "HW0606";
    public const string DataLengthCode = "HW0607";
    public const string NonIntegralCode = "HW0608";
    public const string TooLargeCode = "HW0609";
    public const string ValueRangeCode = "HW0610";
    public const string UnreadableCode = "HW0611";

    public static Diagnostic NotNpy(string file, string found) =>
        Error(NotNpyCode, file, $"not a NumPy .npy file: expected the magic string \\x93NUMPY followed by a version, found {found}");

    public static Diagnostic Version(string file, int major, int minor) =>
        Error(VersionCode, file, $"unsupported .npy format version {major}.{minor}: expected 1.0, 2.0 or 3.0");

    public static Diagnostic Header(string file, string problem) =>
        Error(HeaderCode, file, $"malformed .npy header: {problem}; expected a dict with keys 'descr', 'fortran_order' and 'shape'");

    /// <param name="descr">The descr as the header wrote it, quotes included.</param>
    public static Diagnostic DType(string file, string descr) =>
        Error(DTypeCode, file,
            $"unsupported dtype {descr}: expected one of '|b1', '|i1', '|u1', '<i2', '<i4', '<i8', '<f4', '<f8' (little-endian)");

    public static Diagnostic FortranOrder(string file) =>
        Error(FortranOrderCode, file,
            "array is stored in Fortran (column-major) order: expected C order; save it with numpy.ascontiguousarray(a) first");

    public static Diagnostic Shape(string file, string what, string expected, string found) =>
        Error(ShapeCode, file, $"{what}: expected shape {expected}, found {found}");

    public static Diagnostic DataLength(string file, long expectedBytes, long foundBytes, string shape, string descr) =>
        Error(DataLengthCode, file, $"data of shape {shape} '{descr}' needs {expectedBytes} bytes, the file holds {foundBytes}");

    public static Diagnostic NonIntegral(string file, long index, string value) =>
        Error(NonIntegralCode, file, $"element {index} is {value}: floating-point data is accepted only when every value is a finite integer");

    public static Diagnostic NotBoolean(string file, long index, int value) =>
        Error(NonIntegralCode, file, $"element {index} of a boolean array is the byte {value}: expected 0 or 1");

    public static Diagnostic HeaderTooLarge(string file, long found, long limit) =>
        Error(TooLargeCode, file, $"the header length is {found} bytes, above the limit of {limit}: expected a few hundred bytes");

    public static Diagnostic TooManyElements(string file, string shape, long limit) =>
        Error(TooLargeCode, file, $"shape {shape} has more than {limit} elements, the limit for a data file");

    public static Diagnostic ValueRange(string file, string what, long index, long value, long min, long max, long offending) =>
        Error(ValueRangeCode, file,
            $"{what}: element {index} is {value}, expected {min}..{max} ({offending} element{(offending == 1 ? "" : "s")} out of range)");

    public static Diagnostic Unreadable(string file, string reason) =>
        Error(UnreadableCode, file, $"cannot read the data file: {reason}");

    private static Diagnostic Error(string code, string file, string message) =>
        new(code, Severity.Error, SourceSpan.StartOf(file), message);
}
