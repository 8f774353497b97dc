// Sized Verilog literals computed in C#, so templates never size or sign a constant themselves.
using System.Globalization;

namespace HwGen.Emit;

public static class VerilogLiteral
{
    /// <summary>Unsigned decimal literal of the given width, e.g. <c>8'd3</c>.</summary>
    public static string Unsigned(int width, long value)
    {
        if (value < 0 || (width < 63 && value >= 1L << width))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit {width} unsigned bits");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{width}'d{value}");
    }

    /// <summary>Signed literal of the given width in two's complement hex, e.g. <c>16'sh8000</c> for -32768.</summary>
    public static string Signed(int width, long value)
    {
        var min = -(1L << (width - 1));
        var max = (1L << (width - 1)) - 1;
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit {width} signed bits");
        }

        var mask = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{width}'sh{(ulong)value & mask:X}");
    }

    /// <summary>A bit range <c>[hi:lo]</c>.</summary>
    public static string Range(int lowBit, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"[{lowBit + width - 1}:{lowBit}]");

    /// <summary>Zero-extends a <paramref name="width"/>-bit expression to <paramref name="target"/> bits.</summary>
    public static string ZeroExtend(string expression, int width, int target) =>
        target == width ? expression : string.Create(CultureInfo.InvariantCulture, $"{{ {target - width}'d0, {expression} }}");
}
