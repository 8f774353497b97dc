// .npy reading and writing: round trips over every dtype and format version, and one test per HW06xx error.
using System.Buffers.Binary;
using System.Text;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Sim;

public sealed class NpyTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "hwgen-npy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>A .npy file with the given raw header dict text and data bytes (header padded as NumPy does).</summary>
    private static byte[] RawFile(string dict, byte[] data, int major = 1, int minor = 0)
    {
        var lengthField = major == 1 ? 2 : 4;
        var unpadded = 8 + lengthField + dict.Length + 1;
        var header = Encoding.UTF8.GetBytes(dict + new string(' ', (64 - unpadded % 64) % 64) + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor };
        var length = new byte[lengthField];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Int32Data(params int[] values)
    {
        var data = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), values[i]);
        }

        return data;
    }

    private static NpyArray Read(byte[] bytes) => NpyReader.Read(new MemoryStream(bytes), "data/w.npy");

    private static Diagnostic ReadError(byte[] bytes)
    {
        var e = Assert.Throws<DiagnosticException>(() => Read(bytes))!;
        Assert.That(e.Diagnostics, Has.Count.EqualTo(1));
        Assert.That(e.Diagnostics[0].Span, Is.EqualTo(new SourceSpan("data/w.npy", 1, 1)));
        return e.Diagnostics[0];
    }

    private static IEnumerable<TestCaseData> RoundTripCases()
    {
        foreach (var version in new[] { 1, 2, 3 })
        {
            yield return new TestCaseData(NpyDType.Bool, new long[] { 0, 1, 1, 0, 1, 0 }, version);
            yield return new TestCaseData(NpyDType.Int8, new long[] { -128, 127, 0, -1, 5, 9 }, version);
            yield return new TestCaseData(NpyDType.UInt8, new long[] { 0, 255, 7, 1, 2, 3 }, version);
            yield return new TestCaseData(NpyDType.Int16, new long[] { -32768, 32767, 0, -300, 300, 1 }, version);
            yield return new TestCaseData(NpyDType.Int32, new long[] { int.MinValue, int.MaxValue, 0, -70000, 70000, 1 }, version);
            yield return new TestCaseData(NpyDType.Int64, new long[] { long.MinValue, long.MaxValue, 0, -1L << 40, 1L << 40, 1 }, version);
            yield return new TestCaseData(NpyDType.Float32, new long[] { -16777216, 16777216, 0, -3, 3, 1 }, version);
            yield return new TestCaseData(NpyDType.Float64, new long[] { -(1L << 53), 1L << 53, 0, -3, 3, 1 }, version);
        }
    }

    [TestCaseSource(nameof(RoundTripCases))]
    public void RoundTripsEveryDTypeAndVersion(NpyDType dtype, long[] values, int version)
    {
        var bytes = NpyWriter.ToBytes([2, 3], values, dtype, version);
        var headerEnd = bytes.Length - values.Length * NpyFormat.ItemSize(dtype);
        Assert.That(headerEnd % 64, Is.EqualTo(0), "data starts on a 64-byte boundary");
        Assert.That(bytes[headerEnd - 1], Is.EqualTo((byte)'\n'));

        var array = Read(bytes);
        Assert.That(array.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(array.DType, Is.EqualTo(dtype));
        Assert.That(array.Values, Is.EqualTo(values));
    }

    [Test]
    public void WriterProducesNumPysHeaderText()
    {
        var bytes = NpyWriter.ToBytes([3], [1, 2, 3], NpyDType.Int32);
        var header = Encoding.ASCII.GetString(bytes, 10, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.That(header.TrimEnd(' ', '\n'), Is.EqualTo("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"));
        Assert.That(bytes.Length, Is.EqualTo(128 + 12)); // NumPy pads this header to 128 bytes too
        Assert.Throws<ArgumentException>(() => NpyWriter.ToBytes([2], [1, 300], NpyDType.Int8));
        Assert.Throws<ArgumentException>(() => NpyWriter.ToBytes([3], [1, 2], NpyDType.Int8));
    }

    [Test]
    public void ReadsHeadersWrittenInOtherStyles()
    {
        // Double quotes, no trailing comma, a list for the shape, extra spaces, Python 2 long suffix.
        var array = Read(RawFile("{\"shape\": [2L, 1], \"fortran_order\" : False , \"descr\":\"<i4\"}", Int32Data(-5, 6)));
        Assert.That(array.Shape, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(array.Values, Is.EqualTo(new long[] { -5, 6 }));

        var scalarShape = Read(RawFile("{'descr': '|u1', 'fortran_order': False, 'shape': (0,), }", []));
        Assert.That(scalarShape.Values, Is.Empty);
    }

    [Test]
    public void RefusesWhatIsNotNpy()
    {
        var diagnostic = ReadError(Encoding.ASCII.GetBytes("PK\u0003\u0004 this is a zip"));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0601"));
        Assert.That(diagnostic.Message, Does.Contain("504b0304"));
        Assert.That(ReadError([]).Message, Does.Contain("an empty file"));
    }

    [Test]
    public void RefusesUnknownVersions()
    {
        var bytes = NpyWriter.ToBytes([1], [1], NpyDType.Int8);
        bytes[6] = 4;
        var diagnostic = ReadError(bytes);
        Assert.That(diagnostic.Code, Is.EqualTo("HW0602"));
        Assert.That(diagnostic.Message, Does.Contain("4.0").And.Contain("expected 1.0, 2.0 or 3.0"));
    }

    [TestCase("{'descr': '<i4', 'fortran_order': False}", "missing key 'shape'")]
    [TestCase("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'")]
    [TestCase("{'descr': '<i4', 'fortran_order': maybe, 'shape': (1,)}", "unexpected 'm'")]
    [TestCase("{'descr': '<i4', 'fortran_order': False, 'shape': (1, -2)}", "not a tuple of non-negative integers")]
    [TestCase("{'descr': '<i4', 'fortran_order': False, 'shape': (1,)} trailing", "unexpected text after the dict")]
    [TestCase("{'descr': '<i4', 'fortran_order': False, 'shape': (1,", "unexpected end of header")]
    public void RefusesMalformedHeaders(string dict, string problem)
    {
        var diagnostic = ReadError(RawFile(dict, Int32Data(1)));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0603"));
        Assert.That(diagnostic.Message, Does.Contain(problem));
    }

    [TestCase("'>i4'", "'>i4'")]
    [TestCase("'<u4'", "'<u4'")]
    [TestCase("'<c8'", "'<c8'")]
    [TestCase("'|i2'", "'|i2'")]
    [TestCase("[('x', '<i4')]", "(('x', '<i4'))")]
    public void RefusesUnsupportedDTypes(string descr, string shown)
    {
        var diagnostic = ReadError(RawFile($"{{'descr': {descr}, 'fortran_order': False, 'shape': (1,), }}", Int32Data(1)));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0604"));
        Assert.That(diagnostic.Message, Does.Contain($"unsupported dtype {shown}").And.Contain("'<i4'"));
    }

    [Test]
    public void RefusesFortranOrder()
    {
        var diagnostic = ReadError(RawFile("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 2), }", Int32Data(1, 2, 3, 4)));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0605"));
        Assert.That(diagnostic.Message, Does.Contain("Fortran").And.Contain("expected C order"));
    }

    [Test]
    public void RefusesTruncatedAndOverlongData()
    {
        var truncated = ReadError(RawFile("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", Int32Data(1, 2)));
        Assert.That(truncated.Code, Is.EqualTo("HW0607"));
        Assert.That(truncated.Message, Does.Contain("needs 12 bytes, the file holds 8"));

        var overlong = ReadError(RawFile("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", Int32Data(1, 2)));
        Assert.That(overlong.Message, Does.Contain("needs 4 bytes, the file holds 8"));
    }

    [TestCase(1.5, "1.5")]
    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "Infinity")]
    [TestCase(1e19, "1E+19")]
    public void RefusesNonIntegralFloats(double value, string shown)
    {
        var data = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 2.0);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), value);
        var diagnostic = ReadError(RawFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0608"));
        Assert.That(diagnostic.Message, Does.StartWith($"element 1 is {shown}"));
    }

    [Test]
    public void RefusesBooleanBytesOtherThanZeroAndOne()
    {
        var diagnostic = ReadError(RawFile("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", [1, 2]));
        Assert.That(diagnostic.Code, Is.EqualTo("HW0608"));
        Assert.That(diagnostic.Message, Does.Contain("byte 2"));
    }

    [Test]
    public void RefusesHugeHeadersAndShapesBeforeReadingThem()
    {
        // A version-2 header length of 2^31 with nothing behind it: refused from the length field alone.
        byte[] hugeHeader = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0, 0, 0, 0x80];
        var header = ReadError(hugeHeader);
        Assert.That(header.Code, Is.EqualTo("HW0609"));
        Assert.That(header.Message, Does.Contain("2147483648 bytes"));

        var shape = ReadError(RawFile("{'descr': '<i8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", []));
        Assert.That(shape.Code, Is.EqualTo("HW0609"));
        var huge = ReadError(RawFile("{'descr': '<i8', 'fortran_order': False, 'shape': (1048576, 1048576), }", []));
        Assert.That(huge.Code, Is.EqualTo("HW0609"));
        Assert.That(huge.Message, Does.Contain("(1048576, 1048576)"));
    }

    private HardwareModel FileModel(NeuronKind kind = NeuronKind.Snn, string? weightFile = "conv.npy", string? inputFile = "input.npy")
    {
        var model = SimModels.Build(SimModels.Neuron(kind, timesteps: 2), new Shape(2, 4, 4), [SimModels.Conv(3, 3, 1, 1), SimModels.Fc(5)]);
        var layers = model.Layers.Select(l => l.Index == 0 ? l with { WeightFile = weightFile } : l).ToList();
        return model with
        {
            Workload = model.Workload with { Layers = layers, Stimulus = model.Workload.Stimulus with { InputFile = inputFile } },
        };
    }

    private void WriteFile(string name, long[] shape, long[] values, NpyDType dtype = NpyDType.Int32) =>
        NpyWriter.Write(Path.Combine(directory, name), shape, values, dtype);

    [Test]
    public void ShapeMustFitTheLayer()
    {
        var model = FileModel();
        WriteFile("conv.npy", [3, 2, 3], new long[18]);
        var e = Assert.Throws<DiagnosticException>(() =>
            NpyNetworkData.LoadWeights(model, model.Layers[0], Path.Combine(directory, "conv.npy"), "conv.npy"))!;
        var diagnostic = e.Diagnostics.Single();
        Assert.That(diagnostic.Code, Is.EqualTo("HW0606"));
        Assert.That(diagnostic.ToString(), Is.EqualTo(
            "conv.npy:1:1: error HW0606: weights of layer 'layer0' (conv2d: [out_channels, in_channels, kernel, kernel]): " +
            "expected shape (3, 2, 3, 3), found (3, 2, 3)"));
    }

    [Test]
    public void ValuesMustFitTheirRange()
    {
        var model = FileModel();
        var weights = new long[54];
        weights[7] = 128;
        weights[9] = -129;
        WriteFile("conv.npy", [3, 2, 3, 3], weights, NpyDType.Int16);
        var e = Assert.Throws<DiagnosticException>(() =>
            NpyNetworkData.LoadWeights(model, model.Layers[0], Path.Combine(directory, "conv.npy"), "conv.npy"))!;
        Assert.That(e.Diagnostics.Single().Code, Is.EqualTo("HW0610"));
        Assert.That(e.Diagnostics.Single().Message, Does.Contain("element 7 is 128, expected -128..127 (2 elements out of range)"));

        WriteFile("input.npy", [2, 32], Enumerable.Repeat(2L, 64).ToArray(), NpyDType.UInt8);
        var levels = Assert.Throws<DiagnosticException>(() =>
            NpyNetworkData.LoadInputLevels(model, Path.Combine(directory, "input.npy"), "input.npy"))!;
        Assert.That(levels.Diagnostics.Single().Message, Does.Contain("expected 0..1 (64 elements out of range)"));
    }

    [Test]
    public void MissingFileIsLocated()
    {
        var model = FileModel();
        var e = Assert.Throws<DiagnosticException>(() =>
            NpyNetworkData.LoadWeights(model, model.Layers[0], Path.Combine(directory, "absent.npy"), "absent.npy"))!;
        Assert.That(e.Diagnostics.Single().ToString(), Is.EqualTo("absent.npy:1:1: error HW0611: cannot read the data file: file not found"));

        var folder = Assert.Throws<DiagnosticException>(() => NpyReader.Read(directory, "data"))!;
        Assert.That(folder.Diagnostics.Single().ToString(), Is.EqualTo("data:1:1: error HW0611: cannot read the data file: it is a directory"));
    }

    [Test]
    public void ExportedDataLoadsBackIdentically()
    {
        var model = FileModel();
        var generated = StimulusGenerator.Generate(model);
        var files = NpyNetworkData.Export(model, generated, directory);
        Assert.That(files, Is.EqualTo(new[] { "layer0.weights.npy", "layer1.weights.npy", "input.npy" }));
        File.Move(Path.Combine(directory, "layer0.weights.npy"), Path.Combine(directory, "conv.npy"));

        // Layer 1 has no weight file in this spec: its weights are generated from the same seed again.
        var loaded = NpyNetworkData.Load(model, directory);
        Assert.That(loaded.Weights, Is.EqualTo(generated.Weights));
        Assert.That(loaded.InputLevels, Is.EqualTo(generated.InputLevels));
        Assert.That(loaded.InputActivations, Is.EqualTo(generated.InputActivations));
        Assert.That(NpyReader.Read(Path.Combine(directory, "input.npy"), "input.npy").Shape, Is.EqualTo(new long[] { 2, 2, 4, 4 }));
    }

    [Test]
    public void FlatInputShapesAreAccepted()
    {
        var snn = FileModel(weightFile: null);
        WriteFile("input.npy", [2, 32], Enumerable.Range(0, 64).Select(i => (long)(i % 2)).ToArray(), NpyDType.Bool);
        Assert.That(NpyNetworkData.Load(snn, directory).InputLevels![1][31], Is.EqualTo(1));

        var qnn = FileModel(NeuronKind.Qnn, weightFile: null);
        WriteFile("input.npy", [32], Enumerable.Range(0, 32).Select(i => (long)(i % 8)).ToArray(), NpyDType.Float32);
        Assert.That(NpyNetworkData.Load(qnn, directory).InputActivations[7], Is.EqualTo(7));

        WriteFile("input.npy", [2, 32], new long[64]);
        var e = Assert.Throws<DiagnosticException>(() => NpyNetworkData.Load(qnn, directory))!;
        Assert.That(e.Diagnostics.Single().Message, Does.Contain("expected shape (2, 4, 4) or (32,), found (2, 32)"));
    }

    [Test]
    public void EveryBadFileIsReportedInOneRun()
    {
        var model = FileModel();
        File.WriteAllText(Path.Combine(directory, "conv.npy"), "not numpy");
        WriteFile("input.npy", [3, 32], new long[96]);
        var e = Assert.Throws<DiagnosticException>(() => NpyNetworkData.Load(model, directory))!;
        Assert.That(e.Diagnostics.Select(d => (d.Span.File, d.Code)),
            Is.EqualTo(new[] { ("conv.npy", "HW0601"), ("input.npy", "HW0606") }));
    }
}
