// The image rules of HwGen.Train.ImageEncoding against hand-computed values, the IDX reader's refusals, and the C# and
// Python encoders (training/hwgen_training/data.py) against each other on real Fashion-MNIST images, byte for byte.
using System.IO.Compression;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Train;

namespace HwGen.Tests.Train;

[TestFixture]
public sealed class ImageEncodingTests
{
    private static byte[] Image(params (int Index, byte Value)[] pixels)
    {
        var image = new byte[28 * 28];
        foreach (var (index, value) in pixels)
        {
            image[index] = value;
        }

        return image;
    }

    [Test]
    public void Single_pixels_become_counts_by_floor_of_p_times_t_plus_1_over_256()
    {
        // T = 4: floor(p * 5 / 256): 0 -> 0, 51 -> 0, 52 -> 1, 128 -> 2, 255 -> 4.
        var counts = ImageEncoding.Counts(Image((0, 0), (1, 51), (2, 52), (3, 128), (4, 255)), 28, 28, 28, 28, 4);
        Assert.That(counts[..5], Is.EqualTo(new[] { 0, 0, 1, 2, 4 }));
        Assert.That(counts.Sum(), Is.EqualTo(7));
    }

    [Test]
    public void Smaller_inputs_sum_boxes_of_the_centred_crop()
    {
        // 8x8: k = 3, offset 2; output (0, 0) is pixels 2..4 x 2..4. Sum 1800: floor(1800 * 5 / 2304) = 3.
        var pixels = new List<(int, byte)>();
        for (var y = 2; y < 5; y++)
        {
            for (var x = 2; x < 5; x++)
            {
                pixels.Add((y * 28 + x, 200));
            }
        }

        pixels.AddRange(Enumerable.Range(0, 56).Select(i => (i, (byte)255)));   // rows 0-1: outside the crop
        var counts = ImageEncoding.Counts(Image([.. pixels]), 28, 28, 8, 8, 4);
        Assert.Multiple(() =>
        {
            Assert.That(ImageEncoding.BoxFactor(28, 28, 8, 8), Is.EqualTo(3));
            Assert.That(counts[0], Is.EqualTo(3));
            Assert.That(counts.Sum(), Is.EqualTo(3));
        });
    }

    [Test]
    public void Counts_spread_evenly_over_the_timesteps()
    {
        var levels = ImageEncoding.SpreadOverTimesteps([0, 1, 2, 3, 4], 4);
        var perNeuron = Enumerable.Range(0, 5).Select(i => levels.Select(step => step[i]).ToArray()).ToArray();
        Assert.That(perNeuron, Is.EqualTo(new[]
        {
            new[] { 0, 0, 0, 0 }, [0, 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 1], [1, 1, 1, 1],
        }));
    }

    [Test]
    public void Multilevel_counts_keep_their_sum_and_stay_within_ceil_q_over_t()
    {
        var counts = Enumerable.Range(0, 13).ToArray();   // L = 3, T = 4
        var levels = ImageEncoding.SpreadOverTimesteps(counts, 4);
        for (var i = 0; i < counts.Length; i++)
        {
            Assert.That(levels.Sum(step => step[i]), Is.EqualTo(counts[i]));
            Assert.That(levels.Max(step => step[i]), Is.LessThanOrEqualTo((counts[i] + 3) / 4));
        }
    }

    private static string Gzip(string folder, string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
        return path;
    }

    [Test]
    public void The_idx_reader_refuses_what_is_not_an_idx_file_of_bytes()
    {
        var folder = Directory.CreateTempSubdirectory("hwgen-idx-").FullName;
        try
        {
            var good = Gzip(folder, "good.gz", [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
            var (dims, data) = ImageEncoding.ReadIdx(good);
            Assert.That((dims, data), Is.EqualTo((new[] { 2, 3 }, new byte[] { 1, 2, 3, 4, 5, 6 })));
            var floats = Gzip(folder, "floats.gz", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
            var shortData = Gzip(folder, "short.gz", [0, 0, 8, 1, 0, 0, 0, 4, 1, 2]);
            var plain = Path.Combine(folder, "plain.gz");
            File.WriteAllBytes(plain, [0, 0, 8, 1]);
            foreach (var (file, message) in new[]
            {
                (floats, "not an IDX file of unsigned bytes (magic 0x00 0x00 0x08)"),
                (shortData, "2 data bytes for dimensions [4]"),
                (plain, "not a readable gzip file"),
            })
            {
                var error = Assert.Throws<DiagnosticException>(() => ImageEncoding.ReadIdx(file))!.Diagnostics.Single();
                Assert.That((error.Code, error.Kind), Is.EqualTo(("HW1251", DiagnosticKind.ToolFailure)));
                Assert.That(error.Message, Does.StartWith($"{file}: {message}"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    [Category("Training")]
    public void The_csharp_and_python_encoders_give_the_same_spikes_of_real_images()
    {
        // 200 test images at 28x28 (T = 4) and at 8x8 (T = 6, L = 2: multi-level, box 3): numpy's bytes against C#'s.
        var folder = Directory.CreateTempSubdirectory("hwgen-encoders-").FullName;
        try
        {
            var images = ImageEncoding.LoadFashionMnistTest(TestSetLoader.FashionMnistFolder(), SourceSpan.None);
            foreach (var (size, timesteps, maxCount) in new[] { (28, 4, 4), (8, 6, 12) })
            {
                var output = Path.Combine(folder, $"spikes-{size}.npy");
                var script = "import sys, numpy as np; sys.path.insert(0, sys.argv[1]); from hwgen_training import data; " +
                    "im, _ = data.load_split('test', sys.argv[2]); " +
                    $"np.save(sys.argv[3], data.spike_levels(data.pixel_counts(im[:200], {size}, {size}, {maxCount}), {timesteps}))";
                var run = Toolchain.Run(TrainingProgram.Python, ["-c", script, Path.Combine(RepoPaths.Root, "training"), TestSetLoader.FashionMnistFolder(), output], folder);
                Assert.That(run.ExitCode, Is.EqualTo(0), run.CombinedOutput);
                var python = NpyReader.Read(output, output);
                Assert.That(python.Shape, Is.EqualTo(new long[] { 200, timesteps, 1, size, size }));
                var expected = new List<long>();
                for (var i = 0; i < 200; i++)
                {
                    var counts = ImageEncoding.Counts(images.Image(i), 28, 28, size, size, maxCount);
                    expected.AddRange(ImageEncoding.SpreadOverTimesteps(counts, timesteps).SelectMany(step => step.Select(v => (long)v)));
                }

                Assert.That(python.Values, Is.EqualTo(expected.ToArray()), $"{size}x{size}, T = {timesteps}");
                // No level exceeds ceil(q / T): ceil(4 / 4) = 1 (binary) at 28x28, ceil(12 / 6) = 2 (both levels used) at 8x8.
                Assert.That(expected.Max(), Is.EqualTo(size == 8 ? 2 : 1));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    [Category("Training")]
    public void The_installed_test_split_is_fashion_mnist()
    {
        var images = ImageEncoding.LoadFashionMnistTest(TestSetLoader.FashionMnistFolder(), SourceSpan.None);
        var perClass = images.Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That((images.Count, images.Height, images.Width), Is.EqualTo((FashionMnistImages.TestImages, 28, 28)));
            Assert.That(perClass.Values, Is.All.EqualTo(1000), "Fashion-MNIST's test split has 1,000 images of each class");
            Assert.That(images.Labels.Take(5), Is.EqualTo(new byte[] { 9, 2, 1, 1, 6 }), "the published first labels: ankle boot, pullover, trouser, trouser, shirt");
        });
    }
}
