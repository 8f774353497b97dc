// A YAML document as written: scalars, sequences and mappings with their source positions, built from
// YamlDotNet's event parser so that duplicate keys, aliases and positions are under our control.
using HwGen.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HwGen.Spec;

public abstract record YamlNode(SourceSpan Span)
{
    /// <summary>Nodes reachable from here with aliases expanded; bounded to refuse alias bombs.</summary>
    public long ExpandedSize { get; init; } = 1;

    public abstract string KindName { get; }
}

public sealed record YamlScalar(SourceSpan Span, string Value, bool IsPlain) : YamlNode(Span)
{
    /// <summary>A plain `~`, `null`, or empty scalar.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public override string KindName => IsNull ? "null" : "scalar";
}

public sealed record YamlSequence(SourceSpan Span, IReadOnlyList<YamlNode> Items) : YamlNode(Span)
{
    public override string KindName => "sequence";
}

public sealed record YamlEntry(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(SourceSpan Span, IReadOnlyList<YamlEntry> Entries) : YamlNode(Span)
{
    public override string KindName => "mapping";
}

/// <summary>Reads one YAML document into a <see cref="YamlNode"/> tree, reporting every problem as a diagnostic.</summary>
public static class YamlTreeReader
{
    public const long MaxFileBytes = 1 << 20;
    public const long MaxExpandedNodes = 100_000;

    public static YamlNode? Read(byte[] bytes, string file, DiagnosticBag bag)
    {
        if (bytes.LongLength > MaxFileBytes)
        {
            bag.FileTooLarge(SourceSpan.StartOf(file), bytes.LongLength, MaxFileBytes);
            return null;
        }

        var text = DecodeText(bytes, file, bag);
        if (text is null)
        {
            return null;
        }

        if (ReportTabs(text, file, bag))
        {
            return null;
        }

        try
        {
            var builder = new TreeBuilder(file, bag, new Parser(new StringReader(text)));
            return builder.ReadSingleDocument();
        }
        catch (YamlException ex)
        {
            bag.YamlSyntax(new SourceSpan(file, (int)ex.Start.Line, (int)ex.Start.Column), CleanMessage(ex.Message));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these without a position for some unterminated flow collections.
            var lines = text.Split('\n');
            bag.YamlSyntax(new SourceSpan(file, lines.Length, lines[^1].Length + 1), "unexpected end of the document: an unterminated flow collection or quoted scalar");
            return null;
        }
    }

    private static string? DecodeText(byte[] bytes, string file, DiagnosticBag bag)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            bag.BinaryFile(SourceSpan.StartOf(file), nul);
            return null;
        }

        try
        {
            var text = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            bag.BinaryFile(SourceSpan.StartOf(file), ex.Index);
            return null;
        }
    }

    /// <summary>YAML forbids tabs in indentation; YamlDotNet reports them at 1:1, so locate them here.</summary>
    private static bool ReportTabs(string text, string file, DiagnosticBag bag)
    {
        var found = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
            {
                if (line[c] == '\t')
                {
                    bag.TabIndentation(new SourceSpan(file, i + 1, c + 1));
                    found = true;
                    break;
                }
            }
        }

        return found;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 6, Idx: 41): "; the position is ours to print.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        text = text.Trim().TrimEnd('.');
        return text.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private sealed class TreeBuilder(string file, DiagnosticBag bag, IParser parser)
    {
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
        private bool aliasLimitReported;

        public YamlNode? ReadSingleDocument()
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out var end))
            {
                bag.EmptyDocument(Span(end.Start));
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode();
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _) && parser.Current is DocumentStart second)
            {
                bag.MultipleDocuments(Span(second.Start));
                return null;
            }

            return aliasLimitReported ? null : root;
        }

        private SourceSpan Span(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

        private YamlNode ReadNode()
        {
            var current = parser.Current ?? throw new InvalidOperationException("unexpected end of input");
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to no anchor");
                    }

                    return target;
                case Scalar scalar:
                    parser.MoveNext();
                    return Remember(scalar.Anchor, new YamlScalar(Span(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain));
                case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<YamlNode>();
                    long size = 1;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        var item = ReadNode();
                        size += item.ExpandedSize;
                        items.Add(item);
                    }

                    return Remember(start.Anchor, new YamlSequence(Span(start.Start), items) { ExpandedSize = Bounded(size, start.Start) });
                }

                case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<YamlEntry>();
                    var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                    long size = 1;
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyNode = ReadNode();
                        var value = ReadNode();
                        size += keyNode.ExpandedSize + value.ExpandedSize;
                        if (keyNode is not YamlScalar key)
                        {
                            bag.ComplexKey(keyNode.Span);
                            continue;
                        }

                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            bag.DuplicateKey(key.Span, key.Value, first.Span);
                            continue;
                        }

                        seen.Add(key.Value, key);
                        entries.Add(new YamlEntry(key, value));
                    }

                    return Remember(start.Anchor, new YamlMapping(Span(start.Start), entries) { ExpandedSize = Bounded(size, start.Start) });
                }

                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }
        }

        private long Bounded(long size, Mark at)
        {
            if (size > MaxExpandedNodes && !aliasLimitReported)
            {
                aliasLimitReported = true;
                bag.AliasExpansionTooLarge(Span(at), MaxExpandedNodes);
            }

            return Math.Min(size, MaxExpandedNodes + 1);
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return node;
        }
    }
}
