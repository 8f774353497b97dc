// A backward SAIF file of per-bit toggle counts for standard power flows, from the coverage audit's coverage.dat:
// Verilator's --coverage-toggle counts every bit of every net it keeps, which the harness's bus totals do not.
using System.Globalization;
using System.Text;
using HwGen.Measure;

namespace HwGen.Report;

public static class SaifExport
{
    /// <summary>
    /// SAIF 2.0, direction backward: one INSTANCE per hierarchy level under <c>TOP.&lt;top&gt;</c>, one NET entry per bit
    /// with its toggle count (TC, both edges). <paramref name="durationNs"/> is the counted time (cycles × clock
    /// period); <paramref name="source"/> becomes the PROGRAM_NAME. The time each bit spent at 0 and at 1 (T0, T1) is not
    /// measured and not written.
    /// </summary>
    public static string Write(string topModule, IReadOnlyList<ToggleCoveragePoint> points, double durationNs, string source)
    {
        var prefix = $"TOP.{topModule}";
        var root = new Node(topModule);
        foreach (var p in points)
        {
            var path = p.Hierarchy == prefix
                ? []
                : p.Hierarchy.StartsWith(prefix + ".", StringComparison.Ordinal)
                    ? p.Hierarchy[(prefix.Length + 1)..].Split('.')
                    : throw new ArgumentException($"coverage point {p.Hierarchy}.{p.Signal} is not inside {prefix}");
            var node = root;
            foreach (var segment in Segments(path))
            {
                node = node.Child(segment);
            }

            var net = p.Bit < 0 ? Escape(p.Signal) : $"{Escape(p.Signal)}\\[{p.Bit.ToString(CultureInfo.InvariantCulture)}\\]";
            node.Nets[net] = node.Nets.GetValueOrDefault(net) + p.Count;
        }

        var sb = new StringBuilder();
        sb.Append("(SAIFILE\n");
        sb.Append("(SAIFVERSION \"2.0\")\n(DIRECTION \"backward\")\n");
        sb.Append("(DESIGN \"").Append(topModule).Append("\")\n");
        sb.Append("(VENDOR \"HwGen\")\n(PROGRAM_NAME \"").Append(source.Replace('"', '\'')).Append("\")\n(VERSION \"1\")\n");
        sb.Append("(DIVIDER / )\n(TIMESCALE 1 ns)\n");
        sb.Append("(DURATION ").Append(durationNs.ToString("0.###", CultureInfo.InvariantCulture)).Append(")\n");
        Write(root, sb, 0);
        sb.Append(")\n");
        return sb.ToString();
    }

    /// <summary>
    /// Hierarchy segments as instance names: Verilator writes a generate block's instance as <c>bank[0]</c> then
    /// <c>memory</c>; a netlist names it <c>bank[0].memory</c>, kept as one (escaped) instance.
    /// </summary>
    private static IEnumerable<string> Segments(string[] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i].EndsWith(']') && i + 1 < path.Length)
            {
                yield return Escape(path[i] + "." + path[i + 1]);
                i++;
            }
            else
            {
                yield return Escape(path[i]);
            }
        }
    }

    private static void Write(Node node, StringBuilder sb, int depth)
    {
        var pad = new string(' ', 2 * depth);
        sb.Append(pad).Append("(INSTANCE ").Append(node.Name).Append('\n');
        if (node.Nets.Count > 0)
        {
            sb.Append(pad).Append("  (NET\n");
            foreach (var (net, count) in node.Nets)
            {
                sb.Append(pad).Append("    (").Append(net).Append(" (TC ").Append(count.ToString(CultureInfo.InvariantCulture)).Append("))\n");
            }

            sb.Append(pad).Append("  )\n");
        }

        foreach (var child in node.Children.Values)
        {
            Write(child, sb, depth + 1);
        }

        sb.Append(pad).Append(")\n");
    }

    /// <summary>SAIF identifiers escape every character other than letters, digits and '_' with a backslash.</summary>
    private static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public SortedDictionary<string, long> Nets { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public Node Child(string segment)
        {
            if (!Children.TryGetValue(segment, out var child))
            {
                child = new Node(segment);
                Children[segment] = child;
            }

            return child;
        }
    }
}
