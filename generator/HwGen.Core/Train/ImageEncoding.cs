// Fashion-MNIST as HwGen's golden model sees it: the IDX files, the integer resize, the pixel-to-count rule and the
// spike encoder. The same integer rules as training/hwgen_training/data.py (docs/training.md); a test compares them.
using System.IO.Compression;
using HwGen.Diagnostics;
using HwGen.Model;

namespace HwGen.Train;

/// <summary>Grayscale images (one byte a pixel, row-major) with their class labels.</summary>
public sealed record LabelledImages(int Count, int Height, int Width, byte[] Pixels, byte[] Labels)
{
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Height * Width, Height * Width);
}

public static class ImageEncoding
{
    /// <summary>
    /// Reads a gzipped IDX file of unsigned bytes (magic 0x00 0x00 0x08 ndim, big-endian dimensions): its dimensions and
    /// data. Throws <see cref="DiagnosticException"/> (HW1251) for a file that is not one.
    /// </summary>
    public static (int[] Dimensions, byte[] Data) ReadIdx(string path)
    {
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gzip.CopyTo(memory);
            bytes = memory.ToArray();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(path, $"not a readable gzip file ({ex.Message})"));
        }

        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(path, "not an IDX file of unsigned bytes (magic 0x00 0x00 0x08)"));
        }

        var dimensions = new int[bytes[3]];
        long count = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var at = 4 + 4 * i;
            if (bytes.Length < at + 4)
            {
                throw DiagnosticBag.Fail(b => b.DatasetMalformed(path, "the IDX header is truncated"));
            }

            dimensions[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
            count *= dimensions[i];
        }

        var header = 4 + 4 * dimensions.Length;
        if (bytes.Length - header != count)
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(path, $"{bytes.Length - header} data bytes for dimensions [{string.Join(", ", dimensions)}]"));
        }

        return (dimensions, bytes[header..]);
    }

    /// <summary>The Fashion-MNIST test split from <paramref name="folder"/> (HW1250 when the files are not there).</summary>
    public static LabelledImages LoadFashionMnistTest(string folder, SourceSpan at)
    {
        var imagesPath = Path.Combine(folder, FashionMnistImages.TestImagesFile);
        var labelsPath = Path.Combine(folder, FashionMnistImages.TestLabelsFile);
        if (!File.Exists(imagesPath) || !File.Exists(labelsPath))
        {
            throw DiagnosticBag.Fail(b => b.DatasetMissing(at, FashionMnistImages.Name, folder, FashionMnistImages.Package));
        }

        var (imageDims, pixels) = ReadIdx(imagesPath);
        var (labelDims, labels) = ReadIdx(labelsPath);
        if (imageDims.Length != 3 || imageDims[1] != FashionMnistImages.Height || imageDims[2] != FashionMnistImages.Width)
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(imagesPath, $"dimensions [{string.Join(", ", imageDims)}], expected [N, 28, 28]"));
        }

        if (labelDims.Length != 1 || labelDims[0] != imageDims[0])
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(labelsPath, $"dimensions [{string.Join(", ", labelDims)}], expected [{imageDims[0]}]"));
        }

        if (labels.FirstOrDefault(l => l >= FashionMnistImages.Classes) is var bad && bad >= FashionMnistImages.Classes)
        {
            throw DiagnosticBag.Fail(b => b.DatasetMalformed(labelsPath, $"label {bad} is not a class 0..{FashionMnistImages.Classes - 1}"));
        }

        return new LabelledImages(imageDims[0], imageDims[1], imageDims[2], pixels, labels);
    }

    /// <summary>The box size k of the resize to H x W: the largest k with k·H ≤ 28 and k·W ≤ 28.</summary>
    public static int BoxFactor(int imageHeight, int imageWidth, int height, int width) =>
        Math.Min(imageHeight / height, imageWidth / width);

    /// <summary>
    /// The count each input neuron receives over the timesteps (the QNN twin's input activation), row-major H x W: a
    /// centred crop of k·H x k·W pixels (offset floor((28 − k·H)/2)), the sum s of every k x k box, and
    /// floor(s·(maxCount + 1) / (256·k²)), so 0..maxCount.
    /// </summary>
    public static int[] Counts(ReadOnlySpan<byte> image, int imageHeight, int imageWidth, int height, int width, int maxCount)
    {
        var k = BoxFactor(imageHeight, imageWidth, height, width);
        if (k < 1)
        {
            throw new ArgumentException($"an input of {height}x{width} is larger than the {imageHeight}x{imageWidth} images");
        }

        var top = (imageHeight - k * height) / 2;
        var left = (imageWidth - k * width) / 2;
        var counts = new int[height * width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                long sum = 0;
                for (var dy = 0; dy < k; dy++)
                {
                    for (var dx = 0; dx < k; dx++)
                    {
                        sum += image[(top + y * k + dy) * imageWidth + left + x * k + dx];
                    }
                }

                counts[y * width + x] = (int)(sum * (maxCount + 1) / (256L * k * k));
            }
        }

        return counts;
    }

    /// <summary>
    /// Spreads each count q over T timesteps: the level at step t is floor((2(t+1)q + T) / 2T) − floor((2tq + T) / 2T),
    /// so the levels sum to q and none exceeds ceil(q/T). Returns [T][neurons].
    /// </summary>
    public static int[][] SpreadOverTimesteps(IReadOnlyList<int> counts, int timesteps)
    {
        var levels = new int[timesteps][];
        for (var t = 0; t < timesteps; t++)
        {
            levels[t] = new int[counts.Count];
            for (var i = 0; i < counts.Count; i++)
            {
                long q = counts[i];
                levels[t][i] = (int)(((2 * (t + 1) * q) + timesteps) / (2 * timesteps) - ((2 * t * q) + timesteps) / (2 * timesteps));
            }
        }

        return levels;
    }

    /// <summary>The largest input count of a spiking design over T steps: L·T, never more than the twin holds.</summary>
    public static int MaxCount(HardwareModel model) =>
        Math.Min(Golden.NetworkData.MaxLevel(model.Neuron) * model.Neuron.Timesteps, model.Twin.MaxActivation);
}
