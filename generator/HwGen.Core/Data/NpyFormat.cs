// NumPy .npy files (format 1.0/2.0/3.0, little-endian integer, boolean or integral float data, C order):
// the reader that turns a file into integers with located HW06xx diagnostics, and a small writer for export and tests.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using HwGen.Diagnostics;

namespace HwGen.Data;

/// <summary>Element types HwGen reads and writes; every one is little-endian (or a single byte).</summary>
public enum NpyDType
{
    Bool,
    Int8,
    UInt8,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
}

/// <summary>An array read from or written to a .npy file: its shape (C order) and its values as integers.</summary>
public sealed record NpyArray(long[] Shape, NpyDType DType, long[] Values)
{
    public string ShapeText => NpyFormat.ShapeText(Shape);
}

public static class NpyFormat
{
    internal static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool => "|b1",
        NpyDType.Int8 => "|i1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int16 => "<i2",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Float32 => "<f4",
        _ => "<f8",
    };

    public static int ItemSize(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool or NpyDType.Int8 or NpyDType.UInt8 => 1,
        NpyDType.Int16 => 2,
        NpyDType.Int32 or NpyDType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The dtype of a descr string; single-byte types accept '|', '&lt;' or '='; wider ones only '&lt;'.</summary>
    public static NpyDType? ParseDescr(string descr)
    {
        if (descr.Length != 3)
        {
            return null;
        }

        var order = descr[0];
        NpyDType? dtype = descr[1..] switch
        {
            "b1" => NpyDType.Bool,
            "i1" => NpyDType.Int8,
            "u1" => NpyDType.UInt8,
            "i2" => NpyDType.Int16,
            "i4" => NpyDType.Int32,
            "i8" => NpyDType.Int64,
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            _ => null,
        };
        if (dtype is null)
        {
            return null;
        }

        var singleByte = ItemSize(dtype.Value) == 1;
        return order == '<' || (singleByte && (order == '|' || order == '=')) ? dtype : null;
    }

    /// <summary>A shape as Python writes a tuple: (3,) or (2, 3) or ().</summary>
    public static string ShapeText(IReadOnlyList<long> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };
}

public static class NpyReader
{
    /// <summary>Headers beyond this size are refused before they are read (NumPy's own files need a few hundred bytes).</summary>
    public const int MaxHeaderBytes = 65536;

    /// <summary>Arrays beyond this many elements are refused before any data is read.</summary>
    public const long MaxElements = 1L << 27;

    /// <summary>
    /// Reads a file. <paramref name="displayName"/> names it in diagnostics (the path as the spec wrote it).
    /// <paramref name="checkShape"/> may refuse the shape before any data is read.
    /// </summary>
    /// <exception cref="DiagnosticException">The file is missing, unreadable, malformed or refused.</exception>
    public static NpyArray Read(string path, string displayName, Func<long[], Diagnostic?>? checkShape = null)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Exception messages carry the full path; diagnostics name the file only as the spec wrote it.
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                _ when Directory.Exists(path) => "it is a directory",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message.Replace(path, displayName, StringComparison.Ordinal),
            };
            throw Fail(DiagnosticBag.One(b => b.NpyUnreadable(displayName, reason)));
        }

        using (stream)
        {
            return Read(stream, displayName, checkShape);
        }
    }

    /// <inheritdoc cref="Read(string, string, Func{long[], Diagnostic?}?)"/>
    public static NpyArray Read(Stream stream, string displayName, Func<long[], Diagnostic?>? checkShape = null)
    {
        try
        {
            return ReadChecked(stream, displayName, checkShape);
        }
        catch (IOException e)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyUnreadable(displayName, e.Message)));
        }
    }

    private static NpyArray ReadChecked(Stream stream, string file, Func<long[], Diagnostic?>? checkShape)
    {
        var prefix = new byte[8];
        var got = ReadUpTo(stream, prefix);
        if (got < 8 || !prefix.AsSpan(0, 6).SequenceEqual(NpyFormat.Magic))
        {
            var shown = Convert.ToHexString(prefix, 0, Math.Min(got, 8)).ToLowerInvariant();
            throw Fail(DiagnosticBag.One(b => b.NpyNotNpy(file, got == 0 ? "an empty file" : $"the bytes {shown}")));
        }

        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyVersion(file, major, minor)));
        }

        var lengthBytes = new byte[major == 1 ? 2 : 4];
        if (ReadUpTo(stream, lengthBytes) < lengthBytes.Length)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyHeader(file, "the file ends inside the header length")));
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyHeaderTooLarge(file, headerLength, MaxHeaderBytes)));
        }

        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerBytes.Length)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyHeader(file, $"the file ends inside the {headerLength}-byte header")));
        }

        // Versions 1 and 2 store the header in Latin-1, version 3 in UTF-8.
        var headerText = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (descr, fortranOrder, shape) = NpyHeaderParser.Parse(headerText, file);
        var dtype = NpyFormat.ParseDescr(descr) ?? throw Fail(DiagnosticBag.One(b => b.NpyDType(file, $"'{descr}'")));
        if (fortranOrder)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyFortranOrder(file)));
        }

        // Capped product: a huge dimension is refused without overflow, a zero dimension still gives zero elements.
        Int128 product = 1;
        foreach (var dimension in shape)
        {
            product = Int128.Min(product * dimension, MaxElements + 1);
        }

        var elements = (long)product;
        if (elements > MaxElements)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyTooManyElements(file, NpyFormat.ShapeText(shape), MaxElements)));
        }

        if (checkShape?.Invoke(shape) is { } shapeProblem)
        {
            throw Fail(shapeProblem);
        }

        var itemSize = NpyFormat.ItemSize(dtype);
        var dataBytes = elements * itemSize;
        if (stream.CanSeek)
        {
            var available = stream.Length - stream.Position;
            if (available != dataBytes)
            {
                throw Fail(DiagnosticBag.One(b => b.NpyDataLength(file, dataBytes, available, NpyFormat.ShapeText(shape), descr)));
            }
        }

        var values = new long[elements];
        var buffer = new byte[Math.Max(itemSize, Math.Min(dataBytes, 1 << 20))];
        long done = 0;
        while (done < elements)
        {
            var count = (int)Math.Min(buffer.Length / itemSize, elements - done);
            var read = ReadUpTo(stream, buffer.AsSpan(0, count * itemSize));
            if (read < count * itemSize)
            {
                throw Fail(DiagnosticBag.One(b => b.NpyDataLength(file, dataBytes, done * itemSize + read, NpyFormat.ShapeText(shape), descr)));
            }

            Decode(buffer, count, dtype, values, done, file);
            done += count;
        }

        if (!stream.CanSeek && stream.ReadByte() != -1)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyDataLength(file, dataBytes, dataBytes + 1, NpyFormat.ShapeText(shape), descr)));
        }

        return new NpyArray(shape, dtype, values);
    }

    private static void Decode(byte[] buffer, int count, NpyDType dtype, long[] values, long offset, string file)
    {
        for (var i = 0; i < count; i++)
        {
            var index = offset + i;
            switch (dtype)
            {
                case NpyDType.Bool:
                    if (buffer[i] > 1)
                    {
                        throw Fail(DiagnosticBag.One(b => b.NpyNotBoolean(file, index, buffer[i])));
                    }

                    values[index] = buffer[i];
                    break;
                case NpyDType.Int8:
                    values[index] = (sbyte)buffer[i];
                    break;
                case NpyDType.UInt8:
                    values[index] = buffer[i];
                    break;
                case NpyDType.Int16:
                    values[index] = BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(i * 2));
                    break;
                case NpyDType.Int32:
                    values[index] = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(i * 4));
                    break;
                case NpyDType.Int64:
                    values[index] = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i * 8));
                    break;
                case NpyDType.Float32:
                    values[index] = Integral(BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(i * 4)), index, file);
                    break;
                default:
                    values[index] = Integral(BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(i * 8)), index, file);
                    break;
            }
        }
    }

    private static long Integral(double value, long index, string file)
    {
        // 2^63 is exactly representable; anything at or beyond it does not fit a long.
        if (!double.IsFinite(value) || Math.Floor(value) != value || value >= 9223372036854775808.0 || value < -9223372036854775808.0)
        {
            throw Fail(DiagnosticBag.One(b => b.NpyNonIntegral(file, index, value.ToString("R", CultureInfo.InvariantCulture))));
        }

        return (long)value;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    internal static DiagnosticException Fail(Diagnostic diagnostic) => new([diagnostic]);
}

/// <summary>Parses the Python dict literal of a .npy header: string keys; string, bool, int and tuple values.</summary>
internal sealed class NpyHeaderParser
{
    private readonly string text;
    private readonly string file;
    private int position;

    private NpyHeaderParser(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    public static (string Descr, bool FortranOrder, long[] Shape) Parse(string text, string file)
    {
        var parser = new NpyHeaderParser(text, file);
        var entries = parser.ParseDict();
        parser.SkipSpace();
        if (parser.position != text.Length)
        {
            throw parser.Error($"unexpected text after the dict at offset {parser.position}");
        }

        string[] keys = ["descr", "fortran_order", "shape"];
        var extra = entries.Keys.FirstOrDefault(k => !keys.Contains(k));
        if (extra is not null)
        {
            throw parser.Error($"unexpected key '{extra}'");
        }

        var missing = keys.FirstOrDefault(k => !entries.ContainsKey(k));
        if (missing is not null)
        {
            throw parser.Error($"missing key '{missing}'");
        }

        var descr = entries["descr"] switch
        {
            string s => s,
            var other => throw NpyReader.Fail(DiagnosticBag.One(b => b.NpyDType(file, Show(other)))),
        };
        var fortranOrder = entries["fortran_order"] as bool? ?? throw parser.Error("'fortran_order' is not True or False");
        if (entries["shape"] is not List<object> dimensions || dimensions.Any(d => d is not long n || n < 0))
        {
            throw parser.Error($"'shape' is {Show(entries["shape"])}, not a tuple of non-negative integers");
        }

        return (descr, fortranOrder, dimensions.Select(d => (long)d).ToArray());
    }

    private static string Show(object value) => value switch
    {
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        List<object> items => "(" + string.Join(", ", items.Select(Show)) + ")",
        _ => "?",
    };

    private Dictionary<string, object> ParseDict()
    {
        SkipSpace();
        Expect('{');
        var entries = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                position++;
                return entries;
            }

            if (Peek() is not ('\'' or '"'))
            {
                throw Error($"expected a quoted key at offset {position}");
            }

            var key = ParseString();
            SkipSpace();
            Expect(':');
            var value = ParseValue();
            if (!entries.TryAdd(key, value))
            {
                throw Error($"duplicate key '{key}'");
            }

            SkipSpace();
            if (Peek() == ',')
            {
                position++;
            }
            else if (Peek() != '}')
            {
                throw Error($"expected ',' or '}}' at offset {position}");
            }
        }
    }

    private object ParseValue()
    {
        SkipSpace();
        var c = Peek();
        if (c is '\'' or '"')
        {
            return ParseString();
        }

        if (c is '(' or '[')
        {
            return ParseSequence(c == '(' ? ')' : ']');
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            var start = position++;
            while (char.IsAsciiDigit(Peek()))
            {
                position++;
            }

            // Python 2 era headers may write shapes as 3L.
            var digits = text[start..position];
            if (Peek() == 'L')
            {
                position++;
            }

            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Error($"integer '{digits}' out of range");
        }

        foreach (var (word, value) in new[] { ("True", true), ("False", false) })
        {
            if (string.CompareOrdinal(text, position, word, 0, word.Length) == 0)
            {
                position += word.Length;
                return value;
            }
        }

        throw Error($"unexpected {(position < text.Length ? $"'{text[position]}'" : "end of header")} at offset {position}");
    }

    private List<object> ParseSequence(char close)
    {
        position++;
        var items = new List<object>();
        while (true)
        {
            SkipSpace();
            if (Peek() == close)
            {
                position++;
                return items;
            }

            items.Add(ParseValue());
            SkipSpace();
            if (Peek() == ',')
            {
                position++;
            }
            else if (Peek() != close)
            {
                throw Error($"expected ',' or '{close}' at offset {position}");
            }
        }
    }

    private string ParseString()
    {
        var quote = text[position++];
        var value = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
            }

            value.Append(text[position++]);
        }

        if (position >= text.Length)
        {
            throw Error("unterminated string");
        }

        position++;
        return value.ToString();
    }

    private char Peek() => position < text.Length ? text[position] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}' at offset {position}");
        }

        position++;
    }

    private void SkipSpace()
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r')
        {
            position++;
        }
    }

    private DiagnosticException Error(string problem) => NpyReader.Fail(DiagnosticBag.One(b => b.NpyHeader(file, problem)));
}

public static class NpyWriter
{
    /// <summary>The bytes of a .npy file (format <paramref name="version"/>.0, header padded to 64 bytes, C order).</summary>
    public static byte[] ToBytes(IReadOnlyList<long> shape, ReadOnlySpan<long> values, NpyDType dtype, int version = 1)
    {
        if (version is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "the .npy format has versions 1, 2 and 3");
        }

        long elements = 1;
        foreach (var dimension in shape)
        {
            elements *= dimension;
        }

        if (elements != values.Length)
        {
            throw new ArgumentException($"shape {NpyFormat.ShapeText(shape)} holds {elements} elements, {values.Length} values given");
        }

        var dict = $"{{'descr': '{NpyFormat.Descr(dtype)}', 'fortran_order': False, 'shape': {NpyFormat.ShapeText(shape)}, }}";
        var lengthField = version == 1 ? 2 : 4;
        var unpadded = NpyFormat.Magic.Length + 2 + lengthField + dict.Length + 1;
        var header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var itemSize = NpyFormat.ItemSize(dtype);
        var bytes = new byte[NpyFormat.Magic.Length + 2 + lengthField + header.Length + values.Length * itemSize];
        NpyFormat.Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        }

        var offset = 8 + lengthField;
        offset += Encoding.ASCII.GetBytes(header, bytes.AsSpan(offset));
        for (var i = 0; i < values.Length; i++)
        {
            Encode(bytes.AsSpan(offset + i * itemSize), values[i], dtype, i);
        }

        return bytes;
    }

    public static void Write(string path, IReadOnlyList<long> shape, ReadOnlySpan<long> values, NpyDType dtype, int version = 1) =>
        File.WriteAllBytes(path, ToBytes(shape, values, dtype, version));

    /// <summary>The smallest signed integer dtype that holds every value (int8, int16, int32, int64).</summary>
    public static NpyDType SmallestSigned(ReadOnlySpan<long> values)
    {
        long min = 0, max = 0;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return min >= sbyte.MinValue && max <= sbyte.MaxValue ? NpyDType.Int8
            : min >= short.MinValue && max <= short.MaxValue ? NpyDType.Int16
            : min >= int.MinValue && max <= int.MaxValue ? NpyDType.Int32
            : NpyDType.Int64;
    }

    private static void Encode(Span<byte> target, long value, NpyDType dtype, int index)
    {
        var fits = dtype switch
        {
            NpyDType.Bool => value is 0 or 1,
            NpyDType.Int8 => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            NpyDType.UInt8 => value is >= 0 and <= byte.MaxValue,
            NpyDType.Int16 => value is >= short.MinValue and <= short.MaxValue,
            NpyDType.Int32 => value is >= int.MinValue and <= int.MaxValue,
            NpyDType.Float32 => (long)(float)value == value,
            NpyDType.Float64 => (long)(double)value == value,
            _ => true,
        };
        if (!fits)
        {
            throw new ArgumentException($"value {value} at index {index} does not fit {NpyFormat.Descr(dtype)}");
        }

        switch (dtype)
        {
            case NpyDType.Bool:
            case NpyDType.Int8:
            case NpyDType.UInt8:
                target[0] = (byte)value;
                break;
            case NpyDType.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(target, (short)value);
                break;
            case NpyDType.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(target, (int)value);
                break;
            case NpyDType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(target, value);
                break;
            case NpyDType.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(target, value);
                break;
            default:
                BinaryPrimitives.WriteDoubleLittleEndian(target, value);
                break;
        }
    }
}
