// Loader behaviour not covered by golden files: size limits, speed on hostile input, near-miss suggestions.
using System.Diagnostics;
using HwGen.Diagnostics;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Tests.Spec;

[TestFixture]
public sealed class LoaderTests
{
    [Test]
    public void A_huge_file_is_refused_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hwgen-huge-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var stream = File.Create(path))
            {
                stream.SetLength(64L << 20);
            }

            var result = ModelLoader.LoadFile(path);
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "HW0002" }));
            Assert.That(result.Diagnostics[0].Message, Is.EqualTo($"file is {64L << 20} bytes; a spec may be at most 1048576 bytes"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void An_alias_bomb_is_refused_quickly()
    {
        // Nine levels of ten-fold aliases would expand to 10^9 nodes.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i =>
            $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n"));
        var watch = Stopwatch.StartNew();
        var result = ModelLoader.LoadText(yaml, "bomb.yaml");
        watch.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "HW0005" }));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    /// <summary>Hostile shapes far beyond the limits: each gives one located diagnostic quickly, never a crash.</summary>
    [TestCase("flow depth", "HW0010", 1, 67)]
    [TestCase("flow mapping depth", "HW0010", 1, 256)]
    [TestCase("block depth", "HW0010", 65, 65)]
    [TestCase("compact depth", "HW0010", 1, 129)]
    [TestCase("width", "HW0011", 5000, 8)]
    [TestCase("key length", "HW0012", 1, 1)]
    [TestCase("control characters", "HW0015", 1, 4)]
    public void A_hostile_shape_is_refused_quickly(string shape, string code, int line, int column)
    {
        var yaml = shape switch
        {
            "flow depth" => "a: " + new string('[', 10_000) + new string(']', 10_000) + "\n",
            "flow mapping depth" => "a: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "\n",
            "block depth" => string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i) + "-\n")),
            "compact depth" => string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n",
            "width" => string.Concat(Enumerable.Range(0, 100_000).Select(i => $"k{i}: 1\n")),
            "key length" => new string('k', 1_000) + ": 1\n",
            "control characters" => string.Concat(Enumerable.Repeat("a: \u0001\u0002\n", 50_000)),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        var watch = Stopwatch.StartNew();
        var result = ModelLoader.LoadText(yaml, "hostile.yaml");
        watch.Stop();
        var first = result.Diagnostics[0];
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.Code).Distinct(), Does.Contain(code), string.Join("\n", result.Diagnostics.Take(3)));
            Assert.That(result.Diagnostics.First(d => d.Code == code).Span, Is.EqualTo(new SourceSpan("hostile.yaml", line, column)));
            Assert.That(result.Diagnostics, Has.Count.LessThanOrEqualTo(YamlShapeScan.MaxReportsPerKind * 3), "hostile files are not echoed line by line");
            Assert.That(first.IsError, Is.True);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void A_directory_is_not_a_spec()
    {
        var result = ModelLoader.LoadFile(Path.GetTempPath());
        Assert.That(result.Diagnostics.Single().Message, Is.EqualTo("cannot read the spec: it is a directory"));
    }

    [TestCase("memroy", "memory")]
    [TestCase("timestep", "timesteps")]
    [TestCase("clasical", "classical")]
    [TestCase("lanse", "lanes")]
    public void Near_misses_are_suggested(string found, string expected)
    {
        string[] candidates = ["memory", "timesteps", "classical", "lanes", "levels", "layers"];
        Assert.That(NearMiss.Suggest(found, candidates), Is.EqualTo(expected));
    }

    [Test]
    public void Distant_words_get_no_suggestion()
    {
        Assert.That(NearMiss.Suggest("bandwidth", ["memory", "lanes", "core"]), Is.Null);
    }

    [Test]
    public void The_embedded_default_spec_is_the_shipped_file()
    {
        Assert.That(ModelLoader.DefaultSpecText(), Is.EqualTo(File.ReadAllText(Path.Combine(RepoPaths.HwConfigs, "default.yaml"))));
        Assert.That(ModelLoader.LoadDefault().Succeeded, Is.True);
    }

    [Test]
    public void Twin_width_follows_the_capacity_rule()
    {
        // T = 1 -> 1 bit, 2..3 -> 2, 4..7 -> 3, 8..15 -> 4, 16 -> 5 (energy-models.md section 1).
        int[] expected = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5];
        for (var t = 1; t <= 16; t++)
        {
            var yaml = ModelLoader.DefaultSpecText().Replace("  timesteps: 4", $"  timesteps: {t}", StringComparison.Ordinal)
                .Replace("qnn_sparsity: 0.6", "qnn_sparsity: 0.85", StringComparison.Ordinal)
                .Replace("qnn_sparsity: 0.7", "qnn_sparsity: 0.9", StringComparison.Ordinal);
            var result = ModelLoader.LoadText(yaml, "t.yaml");
            Assert.That(result.Model?.Twin.ActivationBits, Is.EqualTo(expected[t]), $"T={t}: {string.Join("; ", result.Diagnostics)}");
        }
    }
}
